import binascii
import zlib

import pytest
from hypothesis import given, settings, strategies as st

from candidate import crc_generic

CHECK = b"123456789"

CATALOGUE = [
    # name, width, poly, init, refin, refout, xorout, check
    ("CRC-3/GSM", 3, 0x3, 0x0, False, False, 0x7, 0x4),
    ("CRC-5/USB", 5, 0x05, 0x1F, True, True, 0x1F, 0x19),
    ("CRC-7/MMC", 7, 0x09, 0x00, False, False, 0x00, 0x75),
    ("CRC-8/SMBUS", 8, 0x07, 0x00, False, False, 0x00, 0xF4),
    ("CRC-8/MAXIM-DOW", 8, 0x31, 0x00, True, True, 0x00, 0xA1),
    ("CRC-12/UMTS", 12, 0x80F, 0x000, False, True, 0x000, 0xDAF),
    ("CRC-14/DARC", 14, 0x0805, 0x0000, True, True, 0x0000, 0x082D),
    ("CRC-16/ARC", 16, 0x8005, 0x0000, True, True, 0x0000, 0xBB3D),
    ("CRC-16/MODBUS", 16, 0x8005, 0xFFFF, True, True, 0x0000, 0x4B37),
    ("CRC-16/KERMIT", 16, 0x1021, 0x0000, True, True, 0x0000, 0x2189),
    ("CRC-16/XMODEM", 16, 0x1021, 0x0000, False, False, 0x0000, 0x31C3),
    ("CRC-16/CCITT-FALSE", 16, 0x1021, 0xFFFF, False, False, 0x0000, 0x29B1),
    ("CRC-16/X-25", 16, 0x1021, 0xFFFF, True, True, 0xFFFF, 0x906E),
    ("CRC-16/DECT-R", 16, 0x0589, 0x0000, False, False, 0x0001, 0x007E),
    ("CRC-32/ISO-HDLC", 32, 0x04C11DB7, 0xFFFFFFFF, True, True, 0xFFFFFFFF, 0xCBF43926),
    ("CRC-32/ISCSI", 32, 0x1EDC6F41, 0xFFFFFFFF, True, True, 0xFFFFFFFF, 0xE3069283),
    ("CRC-32/BZIP2", 32, 0x04C11DB7, 0xFFFFFFFF, False, False, 0xFFFFFFFF, 0xFC891918),
    ("CRC-32/MPEG-2", 32, 0x04C11DB7, 0xFFFFFFFF, False, False, 0x00000000, 0x0376E6E7),
    ("CRC-64/XZ", 64, 0x42F0E1EBA9EA3693, 2**64 - 1, True, True, 2**64 - 1, 0x995DC9BBDF1939FA),
    ("CRC-64/ECMA-182", 64, 0x42F0E1EBA9EA3693, 0, False, False, 0, 0x6C40DF5F0B497347),
]


@pytest.mark.parametrize("name, width, poly, init, refin, refout, xorout, check", CATALOGUE,
                         ids=[c[0] for c in CATALOGUE])
def test_catalogue_check_values(name, width, poly, init, refin, refout, xorout, check):
    assert crc_generic(CHECK, width, poly, init, refin, refout, xorout) == check


def test_empty_message_is_init_processed_by_output_steps():
    assert crc_generic(b"", 16, 0x1021, 0xFFFF, False, False, 0) == 0xFFFF
    assert crc_generic(b"", 32, 0x04C11DB7, 0xFFFFFFFF, True, True, 0xFFFFFFFF) == 0
    assert crc_generic(b"", 8, 0x07, 0x01, False, True, 0x00) == 0x80
    assert crc_generic(b"", 8, 0x07, 0x01, False, True, 0x0F) == 0x8F


def _oracle(data, width, poly, init, refin, refout, xorout):
    def refl(v, n):
        return int(format(v, f"0{n}b")[::-1], 2)
    crc, top, mask = init, 1 << (width - 1), (1 << width) - 1
    for b in data:
        if refin:
            b = refl(b, 8)
        for i in range(7, -1, -1):
            fb = ((crc & top) != 0) ^ ((b >> i) & 1)
            crc = (crc << 1) & mask
            if fb:
                crc ^= poly
    if refout:
        crc = refl(crc, width)
    return crc ^ xorout


def test_width_one_parity():
    # x + 1 with width 1 is even parity of the message bits
    assert crc_generic(b"\x01", 1, 1, 0, False, False, 0) == 1
    assert crc_generic(b"\x03", 1, 1, 0, False, False, 0) == 0
    assert crc_generic(b"\x07\x80", 1, 1, 0, False, False, 0) == 0


@pytest.mark.parametrize("args", [
    (0, 0x1, 0, False, False, 0), (0, 0, 0, False, False, 0), (65, 0x1, 0, False, False, 0),
    (8, 0x100, 0, False, False, 0), (8, -1, 0, False, False, 0),
    (8, 0x07, 0x100, False, False, 0), (8, 0x07, -2, False, False, 0),
    (8, 0x07, 0, False, False, 0x100), (8, 0x07, 0, False, False, -1),
])
def test_invalid_parameters_raise(args):
    with pytest.raises(ValueError):
        crc_generic(b"abc", *args)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.binary(max_size=48))
def test_crc32_matches_zlib(data):
    assert crc_generic(data, 32, 0x04C11DB7, 0xFFFFFFFF, True, True, 0xFFFFFFFF) == \
        zlib.crc32(data)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.binary(max_size=48), st.integers(0, 0xFFFF))
def test_xmodem_matches_binascii(data, init):
    assert crc_generic(data, 16, 0x1021, init, False, False, 0) == binascii.crc_hqx(data, init)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.binary(max_size=24), st.integers(1, 40), st.data())
def test_random_models(data, width, draw):
    poly = draw.draw(st.integers(0, 2**width - 1))
    init = draw.draw(st.integers(0, 2**width - 1))
    xorout = draw.draw(st.integers(0, 2**width - 1))
    refin, refout = draw.draw(st.booleans()), draw.draw(st.booleans())
    out = crc_generic(data, width, poly, init, refin, refout, xorout)
    assert out == _oracle(data, width, poly, init, refin, refout, xorout)
