from candidate import decode_mqtt_fixed_header


def test_publish_with_two_byte_length():
    assert tuple(decode_mqtt_fixed_header(b"\x30\xc8\x01")) == (3, 0, 200, 3)
