def _crc16_modbus(data):
    """CRC-16/MODBUS: reflected poly 0xA001, init 0xFFFF, LSB first."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            lsb = crc & 1
            crc >>= 1
            if lsb:
                crc ^= 0xA001
    return crc


def parse_modbus_rtu_response(frame):
    """Check the CRC of a Modbus RTU response and decode it."""
    if len(frame) < 4:
        raise ValueError("frame too short")
    body, received = frame[:-2], int.from_bytes(frame[-2:], "little")   # CRC low byte first
    if _crc16_modbus(body) != received:
        raise ValueError("CRC mismatch")
    address, function, data = body[0], body[1], body[2:]
    result = {"address": address, "function": function, "exception_code": None,
              "registers": None, "data": data}
    if function & 0x80:
        (code,) = data     # exactly one data byte; unpacking raises ValueError otherwise
        result["function"] = function & 0x7F
        result["exception_code"] = code
    elif function in (3, 4):
        if not data or data[0] != len(data) - 1 or data[0] % 2:
            raise ValueError("inconsistent byte count")
        result["registers"] = [int.from_bytes(data[i:i + 2], "big")
                               for i in range(1, len(data), 2)]
    return result
