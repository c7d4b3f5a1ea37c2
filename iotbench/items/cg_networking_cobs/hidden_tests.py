import pytest
from hypothesis import given, settings, strategies as st

from candidate import cobs_encode


def _decode(enc):
    out, i = bytearray(), 0
    while i < len(enc):
        code = enc[i]
        assert code != 0
        out += enc[i + 1:i + code]
        i += code
        if code != 0xFF and i < len(enc):
            out.append(0)
    return bytes(out)


SEQ254 = bytes(range(1, 255))


@pytest.mark.parametrize("data, encoded", [
    (b"", b"\x01"),
    (b"\x00", b"\x01\x01"),
    (b"\x00\x00", b"\x01\x01\x01"),
    (b"\x00\x11\x00", b"\x01\x02\x11\x01"),
    (b"\x11\x22\x00\x33", b"\x03\x11\x22\x02\x33"),
    (b"\x11\x22\x33\x44", b"\x05\x11\x22\x33\x44"),
    (b"\x11\x00\x00\x00", b"\x02\x11\x01\x01\x01"),
    (SEQ254, b"\xff" + SEQ254),
    (b"\x00" + SEQ254, b"\x01\xff" + SEQ254),
    (SEQ254 + b"\xff", b"\xff" + SEQ254 + b"\x02\xff"),
    (SEQ254[1:] + b"\xff\x00", b"\xff" + SEQ254[1:] + b"\xff\x01\x01"),
    (SEQ254[2:] + b"\xff\x00\x01", b"\xfe" + SEQ254[2:] + b"\xff\x02\x01"),
    (SEQ254 + b"\x00", b"\xff" + SEQ254 + b"\x01\x01"),
])
def test_reference_vectors(data, encoded):
    assert bytes(cobs_encode(data)) == encoded


def test_253_byte_run_then_end():
    data = bytes(range(1, 254))
    assert bytes(cobs_encode(data)) == b"\xfe" + data


def test_long_run_splits_every_254_bytes():
    data = b"\x07" * 600
    enc = bytes(cobs_encode(data))
    assert enc == b"\xff" + b"\x07" * 254 + b"\xff" + b"\x07" * 254 + bytes([93]) + b"\x07" * 92
    data = b"\x07" * 508
    assert bytes(cobs_encode(data)) == (b"\xff" + b"\x07" * 254) * 2


def test_bytearray_input():
    assert bytes(cobs_encode(bytearray(b"\x01\x00\x02"))) == b"\x02\x01\x02\x02"


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from([0, 1, 2, 255]), max_size=600).map(bytes))
def test_round_trip_and_no_zeros(data):
    enc = bytes(cobs_encode(data))
    assert 0 not in enc
    assert _decode(enc) == data
    assert len(enc) <= len(data) + len(data) // 254 + 1


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.binary(min_size=0, max_size=300))
def test_round_trip_random(data):
    enc = bytes(cobs_encode(data))
    assert 0 not in enc and _decode(enc) == data
