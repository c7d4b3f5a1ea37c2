import pytest
from hypothesis import given, settings, strategies as st

from candidate import slip_decode


def _encode(frame):
    out = bytearray([0xC0])
    for b in frame:
        if b == 0xC0:
            out += b"\xdb\xdc"
        elif b == 0xDB:
            out += b"\xdb\xdd"
        else:
            out.append(b)
    out.append(0xC0)
    return bytes(out)


def _dec(stream):
    frames, rem = slip_decode(stream)
    return [bytes(f) for f in frames], bytes(rem)


def test_single_frame_with_escapes():
    assert _dec(b"\x01\xdb\xdc\x02\xdb\xdd\x03\xc0") == ([b"\x01\xc0\x02\xdb\x03"], b"")


def test_leading_end_and_empty_frames_skipped():
    stream = b"\xc0\xc0hello\xc0\xc0\xc0world\xc0"
    assert _dec(stream) == ([b"hello", b"world"], b"")


def test_remainder_is_returned_raw():
    assert _dec(b"\xc0abc\xc0de\xdb") == ([b"abc"], b"de\xdb")
    assert _dec(b"partial\xdb\xdc") == ([], b"partial\xdb\xdc")
    assert _dec(b"") == ([], b"")
    assert _dec(b"\xc0") == ([], b"")
    assert _dec(b"x\xc0y") == ([b"x"], b"y")


def test_escape_bytes_alone_are_data():
    assert _dec(b"\xdc\xdd\xc0") == ([b"\xdc\xdd"], b"")


def test_streaming_reassembly():
    frames = [b"\x10\xc0\x20", b"temp=21", b"\xdb\xdb\xc0"]
    stream = b"".join(_encode(f) for f in frames)
    got, rem = [], b""
    for k in range(0, len(stream), 5):
        out, rem = _dec(rem + stream[k:k + 5])
        got += out
    assert got == frames and rem == b""


@pytest.mark.parametrize("stream", [
    b"\x01\xdb\x02\xc0", b"\x01\xdb\xc0", b"ok\xc0\xdb\xdb\xc0", b"\xdb\x00\xc0",
])
def test_invalid_escape_raises(stream):
    with pytest.raises(ValueError):
        slip_decode(stream)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(st.lists(st.sampled_from([0x00, 0x41, 0xC0, 0xDB, 0xDC, 0xDD]), min_size=1,
                         max_size=20).map(bytes), max_size=5),
       st.binary(max_size=6).filter(lambda b: 0xC0 not in b))
def test_round_trip(frames, tail):
    stream = b"".join(_encode(f) for f in frames) + tail
    assert _dec(stream) == (frames, tail)
