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


def _valid(frame):
    return len(frame) >= 4 and _crc16(frame[:-2]) == frame[-2] | (frame[-1] << 8)


def _strip_glitches(seg):
    """The longest CRC-valid piece of a burst, dropping at most two stray bytes at each end."""
    for drop in range(5):
        for head in range(min(drop, 2) + 1):
            tail = drop - head
            if tail > 2:
                continue
            piece = seg[head:len(seg) - tail]
            if _valid(piece):
                return piece
    return None


def decode_modbus_capture(data, times, baud, bits_per_char):
    data = bytes(data)
    times = np.asarray(times, dtype=float)
    if len(times) != len(data):
        raise ValueError("length mismatch")
    if len(data) == 0:
        return []
    char = bits_per_char / baud
    # t1.5 / t3.5 per the serial-line spec, fixed values above 19200 baud
    t15, t35 = (1.5 * char, 3.5 * char) if baud <= 19200 else (0.75e-3, 1.75e-3)
    gaps = np.diff(times) - char
    cuts = np.flatnonzero(gaps > (t15 + t35) / 2) + 1
    bounds = [0, *cuts.tolist(), len(data)]
    results, last_request = [], None
    for s, e in zip(bounds[:-1], bounds[1:]):
        if e - s < 4:
            continue
        f = _strip_glitches(data[s:e])
        if f is None:
            last_request = None
            continue
        end = s + data[s:e].find(f) + len(f)
        if f[1] == 3 and len(f) == 8:
            last_request = f
        elif f[1] == 3 and last_request is not None and len(f) == 5 + f[2]:
            count = int.from_bytes(last_request[4:6], "big")
            if f[0] == last_request[0] and f[2] == 2 * count:
                results.append({
                    "time": float(times[end - 1]), "slave": f[0],
                    "start": int.from_bytes(last_request[2:4], "big"),
                    "values": [int.from_bytes(f[3 + 2 * k:5 + 2 * k], "big") for k in range(count)],
                })
            last_request = None
        else:
            last_request = None
    return results
