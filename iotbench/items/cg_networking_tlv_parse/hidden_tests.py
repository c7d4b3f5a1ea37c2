import struct

import pytest
from hypothesis import given, settings, strategies as st

from candidate import parse_tlv


def _p(*args, **kw):
    return [(int(t), bytes(v)) for t, v in parse_tlv(*args, **kw)]


def test_default_one_byte_fields():
    data = b"\x01\x02\x00\xd7" + b"\x02\x01\x37" + b"\x03\x00"
    assert _p(data) == [(1, b"\x00\xd7"), (2, b"\x37"), (3, b"")]


def test_empty_payload():
    assert _p(b"") == []


def test_two_byte_fields_big_endian():
    data = struct.pack(">HH", 0x0102, 3) + b"abc" + struct.pack(">HH", 0xFFFF, 0)
    assert _p(data, type_size=2, length_size=2) == [(0x0102, b"abc"), (0xFFFF, b"")]


def test_little_endian_and_mixed_sizes():
    data = struct.pack("<BH", 7, 2) + b"\x10\x20" + struct.pack("<BH", 9, 0x0103) + b"x" * 259
    assert _p(data, type_size=1, length_size=2, byteorder="little") == \
        [(7, b"\x10\x20"), (9, b"x" * 259)]
    data = struct.pack("<IB", 0x01020304, 1) + b"z"
    assert _p(data, type_size=4, length_size=1, byteorder="little") == [(0x01020304, b"z")]
    data = struct.pack(">BI", 5, 2) + b"ok"
    assert _p(data, length_size=4) == [(5, b"ok")]


def test_byte_order_matters():
    data = b"\x01\x00\x02\x00" + b"hi"
    assert _p(data, type_size=2, length_size=2, byteorder="little") == [(1, b"hi")]
    with pytest.raises(ValueError):
        parse_tlv(data, type_size=2, length_size=2, byteorder="big")


@pytest.mark.parametrize("data, kw", [
    (b"\x01", {}),                       # header cut
    (b"\x01\x03ab", {}),                 # value cut
    (b"\x01\x00\x02", {}),               # second header cut
    (b"\x00\x01\x00", {"type_size": 2, "length_size": 2}),
    (b"\x00\x01\x00\x02a", {"type_size": 2, "length_size": 2}),
    (b"\x01\x00", {"type_size": 3}),
    (b"\x01\x00", {"length_size": 0}),
    (b"\x01\x00", {"length_size": 8}),
    (b"\x01\x00", {"byteorder": "network"}),
    (b"", {"byteorder": "network"}),
    (b"", {"type_size": 3}),
])
def test_invalid_raises(data, kw):
    with pytest.raises(ValueError):
        parse_tlv(data, **kw)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.sampled_from([1, 2, 4]), st.sampled_from([1, 2, 4]), st.sampled_from(["big", "little"]),
       st.lists(st.tuples(st.integers(0, 255), st.binary(max_size=40)), max_size=6))
def test_round_trip(ts, ls, order, recs):
    data = b"".join(t.to_bytes(ts, order) + len(v).to_bytes(ls, order) + v for t, v in recs)
    assert _p(data, type_size=ts, length_size=ls, byteorder=order) == recs
