import pytest
from hypothesis import given, settings, strategies as st

from candidate import decode_mqtt_fixed_header


def _encode_len(n):
    out = bytearray()
    while True:
        b, n = n % 128, n // 128
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _dec(data):
    return tuple(decode_mqtt_fixed_header(data))


@pytest.mark.parametrize("length, encoded", [
    (0, b"\x00"), (127, b"\x7f"), (128, b"\x80\x01"), (16383, b"\xff\x7f"),
    (16384, b"\x80\x80\x01"), (2097151, b"\xff\xff\x7f"), (2097152, b"\x80\x80\x80\x01"),
    (268435455, b"\xff\xff\xff\x7f"), (321, b"\xc1\x02"),
])
def test_spec_boundary_lengths(length, encoded):
    assert _dec(b"\x30" + encoded) == (3, 0, length, 1 + len(encoded))


def test_common_packets():
    assert _dec(b"\xc0\x00") == (12, 0, 0, 2)                    # PINGREQ
    assert _dec(b"\xe0\x00") == (14, 0, 0, 2)                    # DISCONNECT
    assert _dec(b"\x10\x0c\x00\x04MQTT\x04\x02\x00\x3c") == (1, 0, 12, 2)   # CONNECT + body
    assert _dec(b"\x20\x02\x00\x00") == (2, 0, 2, 2)             # CONNACK
    assert _dec(b"\x82\x09\x00\x01") == (8, 2, 9, 2)             # SUBSCRIBE
    assert _dec(b"\x62\x02\x00\x01") == (6, 2, 2, 2)             # PUBREL
    assert _dec(b"\xa2\x05") == (10, 2, 5, 2)                    # UNSUBSCRIBE
    assert _dec(b"\x90\x03") == (9, 0, 3, 2)                     # SUBACK


def test_publish_flags():
    assert _dec(b"\x3d\x80\x01") == (3, 0xD, 128, 3)   # DUP, QoS 2, RETAIN
    assert _dec(b"\x32\x05") == (3, 2, 5, 2)           # QoS 1
    assert _dec(b"\x39\x05") == (3, 9, 5, 2)           # DUP + RETAIN, QoS 0
    with pytest.raises(ValueError):
        decode_mqtt_fixed_header(b"\x36\x05")          # QoS 3
    with pytest.raises(ValueError):
        decode_mqtt_fixed_header(b"\x3f\x05")          # QoS 3 with DUP and RETAIN


def test_bytearray_input():
    assert _dec(bytearray(b"\xd0\x00")) == (13, 0, 0, 2)


@pytest.mark.parametrize("data", [
    b"", b"\x30", b"\x30\x80", b"\x30\xff\xff", b"\x30\xff\xff\xff",
    b"\x30\xff\xff\xff\xff\x01", b"\x30\x80\x80\x80\x80",
    b"\x00\x00", b"\xf0\x00",                 # reserved types
    b"\x80\x02", b"\x60\x02", b"\xa0\x00",    # SUBSCRIBE/PUBREL/UNSUBSCRIBE need 0010
    b"\x83\x02", b"\x6a\x02",
    b"\x11\x00", b"\xc2\x00", b"\x28\x00", b"\xe4\x00",   # other types need 0000
])
def test_malformed_raises(data):
    with pytest.raises(ValueError):
        decode_mqtt_fixed_header(data)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.integers(0, 268435455), st.integers(1, 14), st.binary(max_size=8))
def test_round_trip(length, ptype, tail):
    flags = 2 if ptype in (6, 8, 10) else 0
    enc = _encode_len(length)
    out = _dec(bytes([ptype << 4 | flags]) + enc + tail)
    assert out == (ptype, flags, length, 1 + len(enc))
