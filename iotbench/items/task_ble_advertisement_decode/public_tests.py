from candidate import decode_beacons


def test_one_ibeacon():
    # ADV_NONCONN_IND from public address 00:1A:7D:DA:71:13 (sent least significant byte first)
    adv_a = bytes([0x13, 0x71, 0xDA, 0x7D, 0x1A, 0x00])
    data = (bytes([0x02, 0x01, 0x06, 0x1A, 0xFF, 0x4C, 0x00, 0x02, 0x15])
            + bytes.fromhex("f7826da64fa24e988024bc5b71e0893e")
            + bytes([0x00, 0x01, 0x00, 0x2A, 0xC5]))
    payload = adv_a + data
    packet = bytes([0x02, len(payload)]) + payload + bytes([0x12, 0x34, 0x56])
    frames = decode_beacons([packet])
    assert frames == [{"index": 0, "address": "00:1A:7D:DA:71:13", "address_type": "public",
                       "frame": "ibeacon", "uuid": "f7826da6-4fa2-4e98-8024-bc5b71e0893e",
                       "major": 1, "minor": 42, "power_at_1m": -59}]


def test_empty():
    assert decode_beacons([]) == []
