import uuid as uuidlib

import pytest
from hypothesis import given, settings, strategies as st

from candidate import parse_advertisement

UUID = bytes.fromhex("f7826da64fa24e988024bc5b71e0893e")


def ibeacon_ad(uuid=UUID, major=1, minor=2, power=-59):
    data = b"\x4c\x00\x02\x15" + uuid + major.to_bytes(2, "big") + minor.to_bytes(2, "big") \
        + (power & 0xFF).to_bytes(1, "big")
    return bytes([len(data) + 1, 0xFF]) + data


def test_typical_ibeacon_packet():
    payload = b"\x02\x01\x06" + ibeacon_ad(major=0x1234, minor=0xABCD, power=-59)
    assert len(payload) == 30
    out = parse_advertisement(payload)
    assert out["flags"] == 6
    assert out["name"] is None and out["tx_power"] is None
    assert out["ibeacon"] == {"uuid": "f7826da6-4fa2-4e98-8024-bc5b71e0893e", "major": 0x1234,
                              "minor": 0xABCD, "measured_power": -59}
    assert [(t, bytes(d)) for t, d in out["structures"]] == [(1, b"\x06"), (0xFF, payload[5:])]


def test_big_endian_major_minor_and_positive_power():
    out = parse_advertisement(ibeacon_ad(major=1, minor=256, power=4))
    assert out["ibeacon"]["major"] == 1
    assert out["ibeacon"]["minor"] == 256
    assert out["ibeacon"]["measured_power"] == 4
    assert out["flags"] is None
    out = parse_advertisement(ibeacon_ad(major=65535, minor=0, power=-128))
    assert out["ibeacon"]["major"] == 65535 and out["ibeacon"]["minor"] == 0
    assert out["ibeacon"]["measured_power"] == -128
    out = parse_advertisement(ibeacon_ad(power=127))
    assert out["ibeacon"]["measured_power"] == 127


def test_names_and_tx_power():
    payload = b"\x02\x01\x1a" + b"\x05\x08Tag1" + b"\x02\x0a\xf4" + b"\x08\x09Tracker"
    out = parse_advertisement(payload)
    assert out["flags"] == 0x1A
    assert out["name"] == "Tracker"          # complete name wins over shortened
    assert out["tx_power"] == -12
    assert out["ibeacon"] is None
    assert [t for t, _ in out["structures"]] == [0x01, 0x08, 0x0A, 0x09]
    out = parse_advertisement(b"\x05\x08Tag1\x02\x0a\x08")
    assert out["name"] == "Tag1"
    assert out["tx_power"] == 8
    # only the first data byte of Flags / TX power counts
    out = parse_advertisement(b"\x03\x01\x06\x80\x03\x0a\x80\x01")
    assert out["flags"] == 6
    assert out["tx_power"] == -128
    out = parse_advertisement(b"\x08\x09" + "Sensör".encode("utf-8"))
    assert out["name"] == "Sensör"


def test_first_structure_of_a_kind_wins():
    payload = b"\x02\x01\x05\x02\x01\x06\x03\x09ab\x03\x09cd" \
        + ibeacon_ad(major=7) + ibeacon_ad(major=9)
    out = parse_advertisement(payload)
    assert out["flags"] == 5
    assert out["name"] == "ab"
    assert out["ibeacon"]["major"] == 7
    assert len(out["structures"]) == 6


def test_not_ibeacon_variants():
    good = ibeacon_ad()
    cases = [
        good[:1] + b"\xfe" + good[2:],                           # not manufacturer data
        good[:2] + b"\x4d" + good[3:],                           # other company
        good[:3] + b"\x01" + good[4:],                           # wrong company high byte
        good[:4] + b"\x03" + good[5:],                           # wrong beacon type
        good[:5] + b"\x14" + good[6:],                           # wrong inner length
        bytes([good[0] - 1]) + good[1:-1],                       # 24 bytes of data
        bytes([good[0] + 1]) + good[1:] + b"\x00",               # 26 bytes of data
    ]
    for payload in cases:
        out = parse_advertisement(payload)
        assert out["ibeacon"] is None, payload.hex()
        assert len(out["structures"]) == 1


def test_padding_and_empty_payload():
    out = parse_advertisement(b"\x02\x01\x06\x00\x00\x00\xff\xff")
    assert out["flags"] == 6
    assert len(out["structures"]) == 1
    out = parse_advertisement(b"")
    assert out == {"structures": [], "flags": None, "name": None, "tx_power": None,
                   "ibeacon": None}
    out = parse_advertisement(b"\x01\xff")          # type only, empty data
    assert [(t, bytes(d)) for t, d in out["structures"]] == [(0xFF, b"")]
    assert out["ibeacon"] is None


@pytest.mark.parametrize("payload", [
    b"\x02\x01", b"\x03\x09a", b"\x02\x01\x06\x05\x09ab", b"\x02\x01\x06\x01", b"\x1f",
    ibeacon_ad()[:-1],
])
def test_truncated_structure_raises(payload):
    with pytest.raises(ValueError):
        parse_advertisement(payload)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.binary(min_size=16, max_size=16), st.integers(0, 65535), st.integers(0, 65535),
       st.integers(-128, 127))
def test_ibeacon_round_trip(u, major, minor, power):
    out = parse_advertisement(b"\x02\x01\x06" + ibeacon_ad(u, major, minor, power))
    assert out["ibeacon"] == {"uuid": str(uuidlib.UUID(bytes=u)), "major": major, "minor": minor,
                              "measured_power": power}
