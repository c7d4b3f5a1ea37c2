import pytest
from hypothesis import given, settings, strategies as st

from candidate import parse_modbus_rtu_response


def _crc(data):
    # table-free, MSB-first formulation of the reflected CRC, written independently
    crc = 0xFFFF
    for b in data:
        for i in range(8):
            bit = (b >> i) & 1
            if (crc & 1) ^ bit:
                crc = (crc >> 1) ^ 0xA001
            else:
                crc >>= 1
    return crc


def frame(body):
    return body + _crc(body).to_bytes(2, "little")


def _parse(f):
    r = parse_modbus_rtu_response(f)
    r = dict(r)
    r["data"] = bytes(r["data"])
    if r["registers"] is not None:
        r["registers"] = [int(x) for x in r["registers"]]
    return r


def test_crc_check_value_frame():
    # b"123456789" with its CRC 0x4B37 appended low byte first is a valid frame
    r = _parse(b"123456789\x37\x4b")
    assert r == {"address": 0x31, "function": 0x32, "exception_code": None, "registers": None,
                 "data": b"3456789"}


def test_read_holding_registers_response():
    f = frame(b"\x11\x03\x06\x02\x2b\x00\x00\x00\x64")
    r = _parse(f)
    assert r["address"] == 0x11 and r["function"] == 3
    assert r["registers"] == [555, 0, 100]
    assert r["exception_code"] is None
    assert r["data"] == b"\x06\x02\x2b\x00\x00\x00\x64"


def test_read_input_registers_and_empty_count():
    r = _parse(frame(b"\x01\x04\x02\xff\xfe"))
    assert r["function"] == 4 and r["registers"] == [0xFFFE]
    r = _parse(frame(b"\x01\x04\x00"))
    assert r["registers"] == []


def test_exception_response():
    r = _parse(frame(b"\x0a\x83\x02"))
    assert r == {"address": 10, "function": 3, "exception_code": 2, "registers": None,
                 "data": b"\x02"}
    r = _parse(frame(b"\x01\x90\x04"))
    assert r["function"] == 0x10 and r["exception_code"] == 4


def test_other_functions_pass_data_through():
    r = _parse(frame(b"\x01\x06\x00\x01\x00\x03"))      # write single register echo
    assert r["function"] == 6 and r["registers"] is None and r["exception_code"] is None
    assert r["data"] == b"\x00\x01\x00\x03"
    r = _parse(frame(b"\x00\x08"))                     # broadcast address, no data
    assert r["address"] == 0 and r["data"] == b""


def test_crc_byte_order():
    body = b"\x01\x03\x02\x00\x07"
    crc = _crc(body)
    assert crc >> 8 != crc & 0xFF
    with pytest.raises(ValueError):
        parse_modbus_rtu_response(body + crc.to_bytes(2, "big"))


@pytest.mark.parametrize("f", [
    b"", b"\x01\x03\x00",
    frame(b"\x01\x03\x02\x00\x07")[:-1] + b"\x00",          # corrupted CRC
    b"\x02" + frame(b"\x01\x03\x02\x00\x07")[1:],           # corrupted address
    frame(b"\x01\x83"),                                     # exception without code
    frame(b"\x01\x83\x02\x00"),                             # exception with two bytes
    frame(b"\x01\x03\x04\x00\x07"),                         # byte count too large
    frame(b"\x01\x03\x01\x00\x07"),                         # byte count too small
    frame(b"\x01\x04\x03\x00\x07\x01"),                     # odd byte count
    frame(b"\x01\x04\x03\x00\x07\x02"),                     # odd byte count
    frame(b"\x01"), frame(b""),                            # shorter than 4 bytes, valid CRC
    frame(b"\x01\x03"),                                     # no byte count
])
def test_invalid_raises(f):
    with pytest.raises(ValueError):
        parse_modbus_rtu_response(f)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.integers(0, 247), st.sampled_from([3, 4]),
       st.lists(st.integers(0, 65535), max_size=20))
def test_register_round_trip(addr, fc, regs):
    payload = b"".join(r.to_bytes(2, "big") for r in regs)
    r = _parse(frame(bytes([addr, fc, len(payload)]) + payload))
    assert r["address"] == addr and r["function"] == fc and r["registers"] == regs


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.binary(min_size=2, max_size=30), st.integers(0, 15), st.integers(0, 7))
def test_any_single_bit_error_is_detected(body, pos_seed, bit):
    if body[1] in (3, 4) or body[1] & 0x80:
        body = body[:1] + b"\x41" + body[2:]
    good = frame(body)
    _parse(good)
    i = pos_seed % len(good)
    bad = bytearray(good)
    bad[i] ^= 1 << bit
    with pytest.raises(ValueError):
        parse_modbus_rtu_response(bytes(bad))
