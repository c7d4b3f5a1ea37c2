from candidate import parse_modbus_rtu_response


def test_single_register():
    # slave 1, function 3, one register 0x0007, CRC E4 4F... computed low byte first
    body = b"\x01\x03\x02\x00\x07"
    crc = 0xFFFF
    for b in body:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    r = parse_modbus_rtu_response(body + crc.to_bytes(2, "little"))
    assert list(r["registers"]) == [7]
