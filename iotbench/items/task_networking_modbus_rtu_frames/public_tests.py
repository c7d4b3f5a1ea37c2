import numpy as np

from candidate import decode_modbus_capture


def _crc(body):
    crc = 0xFFFF
    for b in body:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return bytes(body) + bytes([crc & 0xFF, crc >> 8])


def test_one_read_at_9600_baud():
    request = _crc([0x11, 0x03, 0x00, 0x6B, 0x00, 0x03])
    response = _crc([0x11, 0x03, 0x06, 0x02, 0x2B, 0x00, 0x00, 0x00, 0x64])
    char = 11 / 9600
    times = list(1.0 + char * np.arange(1, len(request) + 1))
    times += list(times[-1] + 0.020 + char * np.arange(1, len(response) + 1))
    found = decode_modbus_capture(request + response, np.array(times), 9600, 11)
    assert len(found) == 1
    assert found[0]["slave"] == 0x11 and found[0]["start"] == 0x6B
    assert list(found[0]["values"]) == [0x022B, 0, 0x64]
    assert abs(found[0]["time"] - times[-1]) < 1e-9
