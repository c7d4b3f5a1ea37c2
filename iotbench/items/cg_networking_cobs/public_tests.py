from candidate import cobs_encode


def test_small_frame():
    assert bytes(cobs_encode(b"\x11\x22\x00\x33")) == b"\x03\x11\x22\x02\x33"
