import numpy as np


def _crc16(data):
    crc = 0xFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            if crc & 1:
                crc = (crc >> 1) ^ 0xA001
            else:
                crc >>= 1
    return crc


def decode_modbus_capture(data, times, baud, bits_per_char):
    data = bytes(data)
    times = np.asarray(times, dtype=float)
    if len(times) != len(data):
        raise ValueError("length mismatch")
    if len(data) == 0:
        return []
    char_time = bits_per_char / baud
    # a new frame starts after a silence of at least 3.5 character times
    frames, start = [], 0
    for i in range(1, len(data)):
        if times[i] - times[i - 1] - char_time >= 3.5 * char_time:
            frames.append((start, i))
            start = i
    frames.append((start, len(data)))
    results, last_request = [], None
    for s, e in frames:
        f = data[s:e]
        if len(f) < 4 or _crc16(f[:-2]) != f[-2] | (f[-1] << 8):
            continue
        if f[1] == 3 and len(f) == 8:
            last_request = f
        elif f[1] == 3 and last_request is not None and len(f) == 5 + f[2]:
            count = int.from_bytes(last_request[4:6], "big")
            if f[0] == last_request[0] and f[2] == 2 * count:
                results.append({
                    "time": float(times[e - 1]), "slave": f[0],
                    "start": int.from_bytes(last_request[2:4], "big"),
                    "values": [int.from_bytes(f[3 + 2 * k:5 + 2 * k], "big") for k in range(count)],
                })
            last_request = None
        else:
            last_request = None
    return results
