from candidate import crc16_ccitt_false


def test_check_value():
    assert crc16_ccitt_false(b"123456789") == 0x29B1
