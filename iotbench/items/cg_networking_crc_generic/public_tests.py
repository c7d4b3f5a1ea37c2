from candidate import crc_generic


def test_crc32_check_value():
    assert crc_generic(b"123456789", 32, 0x04C11DB7, 0xFFFFFFFF, True, True,
                       0xFFFFFFFF) == 0xCBF43926
