from candidate import coap_deliveries


def test_piggybacked_response():
    # GET /sensors/temp (CON, MID 0x7d34, token 0x71) and its ACK 2.05, text/plain, "22.3"
    request = bytes([0x41, 0x01, 0x7D, 0x34, 0x71, 0xB7]) + b"sensors" + bytes([0x04]) + b"temp"
    ack = bytes([0x61, 0x45, 0x7D, 0x34, 0x71, 0xC0, 0xFF]) + b"22.3"
    found = coap_deliveries([(0.0, "out", "10.0.0.5:5683", request),
                             (0.05, "in", "10.0.0.5:5683", ack)])
    assert len(found) == 1
    d = found[0]
    assert (d["peer"], d["path"], d["code"]) == ("10.0.0.5:5683", "/sensors/temp", "2.05")
    assert d["content_format"] == 0 and d["observe"] is None
    assert bytes(d["payload"]) == b"22.3" and abs(d["time"] - 0.05) < 1e-9
