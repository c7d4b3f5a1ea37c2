import pytest
from hypothesis import given, settings, strategies as st

from candidate import parse_coap


def _nib(v):
    if v < 13:
        return v, b""
    if v < 269:
        return 13, bytes([v - 13])
    return 14, (v - 269).to_bytes(2, "big")


def build(mtype=0, code=0x01, mid=0x1234, token=b"", options=(), payload=b""):
    out = bytearray([0x40 | mtype << 4 | len(token), code]) + mid.to_bytes(2, "big") + token
    prev = 0
    for num, val in sorted(options, key=lambda o: o[0]):
        dn, dx = _nib(num - prev)
        ln, lx = _nib(len(val))
        out += bytes([dn << 4 | ln]) + dx + lx + val
        prev = num
    if payload:
        out += b"\xff" + payload
    return bytes(out)


def _opts(msg):
    return [(int(n), bytes(v)) for n, v in msg["options"]]


def test_get_request_with_uri_path():
    data = bytes([0x40, 0x01, 0x7D, 0x34, 0xBB]) + b"temperature"
    m = parse_coap(data)
    assert m["version"] == 1 and m["type"] == 0
    assert m["code"] == "0.01"
    assert m["message_id"] == 0x7D34
    assert bytes(m["token"]) == b""
    assert _opts(m) == [(11, b"temperature")]
    assert bytes(m["payload"]) == b""


def test_piggybacked_response():
    data = bytes([0x62, 0x45, 0x7D, 0x34, 0xAB, 0xCD, 0xC0, 0xFF]) + b"22.3 C"
    m = parse_coap(data)
    assert m["type"] == 2 and m["code"] == "2.05"
    assert bytes(m["token"]) == b"\xab\xcd"
    assert _opts(m) == [(12, b"")]          # Content-Format: text/plain (empty uint = 0)
    assert bytes(m["payload"]) == b"22.3 C"


def test_codes_and_types():
    assert parse_coap(build(mtype=1, code=0x84))["code"] == "4.04"
    assert parse_coap(build(mtype=1, code=0xA0))["code"] == "5.00"
    assert parse_coap(build(mtype=3, code=0x02))["type"] == 3
    assert parse_coap(build(code=0xFF))["code"] == "7.31"
    m = parse_coap(b"\x70\x00\xbe\xef")      # RST, Empty
    assert m["type"] == 3 and m["code"] == "0.00" and m["message_id"] == 0xBEEF


def test_multiple_options_and_repeats():
    opts = [(3, b"node1.local"), (11, b"sensors"), (11, b"co2"), (15, b"unit=ppm"), (60, b"\x04")]
    data = build(token=b"\x01\x02\x03\x04\x05\x06\x07\x08", options=opts, payload=b"{}")
    m = parse_coap(data)
    assert bytes(m["token"]) == b"\x01\x02\x03\x04\x05\x06\x07\x08"
    assert _opts(m) == opts
    assert bytes(m["payload"]) == b"{}"


def test_extended_delta_and_length():
    # delta 13 + 1 byte, delta 14 + 2 bytes; length 13 + 1 byte, 14 + 2 bytes
    opts = [(13, b"a"), (268, b"x" * 13), (269, b"y" * 268), (2048, b"z" * 269),
            (65000, b"w" * 300)]
    m = parse_coap(build(options=opts))
    assert _opts(m) == opts
    raw = bytes([0x40, 0x01, 0, 1, 0xD1, 0x00, 0x41])    # delta 13+0, length 1
    assert _opts(parse_coap(raw)) == [(13, b"A")]
    raw = bytes([0x40, 0x01, 0, 1, 0xE0, 0x01, 0x00])    # delta 269+256
    assert _opts(parse_coap(raw)) == [(525, b"")]
    raw = bytes([0x40, 0x01, 0, 1, 0x1D, 0x02]) + b"q" * 15   # length 13+2
    assert _opts(parse_coap(raw)) == [(1, b"q" * 15)]


@pytest.mark.parametrize("data", [
    b"", b"\x40\x01\x00",                                 # too short
    b"\x00\x01\x00\x01", b"\x80\x01\x00\x01", b"\xc0\x01\x00\x01",   # version 0, 2, 3
    b"\x49\x01\x00\x01" + b"\x00" * 9,                    # TKL 9
    b"\x4f\x01\x00\x01" + b"\x00" * 15,                   # TKL 15
    b"\x44\x01\x00\x01\xaa\xbb\xcc",                      # truncated token
    b"\x40\x01\x00\x01\xff",                              # marker without payload
    b"\x40\x01\x00\x01\xf1\x00",                          # delta nibble 15
    b"\x40\x01\x00\x01\x1f\x00",                          # length nibble 15
    b"\x40\x01\x00\x01\xf0\x00\x00\x00\x00",              # delta nibble 15, more bytes
    b"\x40\x01\x00\x01\x0f\x00\x00" + b"\x00" * 270,        # length nibble 15, more bytes
    b"\x40\x01\x00\x01\xd1",                              # missing extended delta
    b"\x40\x01\x00\x01\xe1\x00",                          # short extended delta
    b"\x40\x01\x00\x01\x1d",                              # missing extended length
    b"\x40\x01\x00\x01\x1e\x01",                          # short extended length
    b"\x40\x01\x00\x01\xb5abc",                           # truncated value
    b"\x40\x01\x00\x01\x1d\x00" + b"v" * 12,              # extended length, value short
    b"\x41\x00\x00\x01\x55",                              # Empty with token
    b"\x40\x00\x00\x01\xff\x01",                          # Empty with payload
])
def test_malformed_raises(data):
    with pytest.raises(ValueError):
        parse_coap(data)


def test_exact_fits_are_valid():
    m = parse_coap(b"\x48\x01\x00\x01" + b"\x00" * 8)
    assert bytes(m["token"]) == b"\x00" * 8 and _opts(m) == []
    m = parse_coap(b"\x40\x01\x00\x01\xb3abc")
    assert _opts(m) == [(11, b"abc")]
    m = parse_coap(b"\x40\x01\x00\x01\x1d\x00" + b"v" * 13)
    assert _opts(m) == [(1, b"v" * 13)]
    m = parse_coap(b"\x40\x01\x00\x01\xd0\x05")
    assert _opts(m) == [(18, b"")]
    m = parse_coap(b"\x40\x01\x00\x01\xe0\x00\x05")
    assert _opts(m) == [(274, b"")]
    m = parse_coap(b"\x40\x01\x00\x01\xff\x00")
    assert bytes(m["payload"]) == b"\x00"


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.integers(0, 3), st.integers(1, 255), st.integers(0, 65535), st.binary(max_size=8),
       st.lists(st.tuples(st.integers(1, 2000), st.binary(max_size=300)), max_size=5),
       st.binary(max_size=40))
def test_round_trip(mtype, code, mid, token, options, payload):
    options = sorted(options, key=lambda o: o[0])
    m = parse_coap(build(mtype, code, mid, token, options, payload))
    assert m["type"] == mtype and m["message_id"] == mid
    assert m["code"] == f"{code >> 5}.{code & 31:02d}"
    assert bytes(m["token"]) == token
    assert _opts(m) == options
    assert bytes(m["payload"]) == payload
