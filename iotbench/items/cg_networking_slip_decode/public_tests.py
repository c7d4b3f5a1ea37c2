from candidate import slip_decode


def test_two_frames():
    frames, rest = slip_decode(b"\xc0ab\xc0cd\xc0e")
    assert [bytes(f) for f in frames] == [b"ab", b"cd"]
    assert bytes(rest) == b"e"
