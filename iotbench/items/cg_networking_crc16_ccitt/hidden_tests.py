import pytest
from hypothesis import given, settings, strategies as st

from candidate import crc16_ccitt_false


def _bitwise(data, crc=0xFFFF):
    for b in data:
        for i in range(7, -1, -1):
            bit = (b >> i) & 1
            top = (crc >> 15) & 1
            crc = (crc << 1) & 0xFFFF
            if top ^ bit:
                crc ^= 0x1021
    return crc


def test_check_value():
    assert crc16_ccitt_false(b"123456789") == 0x29B1


def test_xmodem_variant_with_zero_init():
    assert crc16_ccitt_false(b"123456789", init=0) == 0x31C3


def test_empty_and_single_bytes():
    assert crc16_ccitt_false(b"") == 0xFFFF
    assert crc16_ccitt_false(b"", init=0x1234) == 0x1234
    assert crc16_ccitt_false(b"\x00") == _bitwise(b"\x00")
    assert crc16_ccitt_false(b"\xff") == _bitwise(b"\xff")
    assert crc16_ccitt_false(b"A") == 0xB915


def test_bytearray_input_and_known_frames():
    frame = bytearray(b"\x01\x02\x03\x04\x05\x06\x07\x08")
    assert crc16_ccitt_false(frame) == _bitwise(bytes(frame))
    assert crc16_ccitt_false(b"\x00" * 32) == _bitwise(b"\x00" * 32)


def test_appending_crc_gives_zero_residue():
    msg = b"temp=21.5;rh=40"
    crc = crc16_ccitt_false(msg)
    assert crc16_ccitt_false(msg + crc.to_bytes(2, "big")) == 0


@pytest.mark.parametrize("init", [-1, 0x10000])
def test_invalid_init_raises(init):
    with pytest.raises(ValueError):
        crc16_ccitt_false(b"abc", init=init)


def test_init_bounds_valid():
    assert crc16_ccitt_false(b"abc", init=0xFFFF) == crc16_ccitt_false(b"abc")
    assert crc16_ccitt_false(b"abc", init=0) == _bitwise(b"abc", 0)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.binary(max_size=64), st.integers(0, 0xFFFF))
def test_matches_bitwise_definition(data, init):
    out = crc16_ccitt_false(data, init=init)
    assert out == _bitwise(data, init)
    assert 0 <= out <= 0xFFFF
