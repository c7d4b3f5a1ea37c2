from candidate import parse_coap


def test_simple_get():
    m = parse_coap(bytes([0x40, 0x01, 0x00, 0x10, 0xB4]) + b"temp")
    assert m["code"] == "0.01"
    assert m["message_id"] == 16
    assert [(n, bytes(v)) for n, v in m["options"]] == [(11, b"temp")]
