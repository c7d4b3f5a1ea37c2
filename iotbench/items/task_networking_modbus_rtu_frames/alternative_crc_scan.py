"""Timing-free decoder: walks the byte stream and, at each position, tries the frame lengths
the Modbus PDU structure allows there (fixed-size requests and echoes, byte-count-sized
responses, exceptions); a candidate is accepted when its CRC-16/MODBUS matches, otherwise the
scanner moves on one byte (so glitch bytes next to a frame fall away). Where a read could be a
request or a response, the exchange decides which length to try first: the answer to the last
request, or else a new request; the CRC alone cannot, since a frame followed by a 0x00 glitch
checks out one byte longer, and a response is the awaited one only if its byte count fits
the quantity requested. Time stamps are used only to report when a response ended."""
import numpy as np


def _crc16(data):
    crc = 0xFFFF
    for octet in data:
        crc ^= octet
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def _lengths(buf, i, last):
    """Candidate frame lengths starting at buf[i], from the function code's PDU layout; `last`
    is the previous frame when it was a request still waiting for its answer."""
    n = len(buf) - i
    if n < 4:
        return []
    fc = buf[i + 1]
    out = []
    if fc & 0x80:
        out.append(5)
    elif fc in (1, 2, 3, 4):
        response = [5 + buf[i + 2]] if n >= 3 else []
        # the awaited response: same slave and function, and a byte count that fits the
        # quantity the request asked for (a request left unanswered must not make the next
        # request of that slave, with a glitch byte after it, pass for its answer)
        quantity = int.from_bytes(last[4:6], "big") if last is not None else 0
        count = 2 * quantity if fc in (3, 4) else (quantity + 7) // 8
        if (last is not None and last[0] == buf[i] and last[1] == fc and n >= 3
                and buf[i + 2] == count):
            out += response + [8]  # the awaited response first
        else:
            out += [8] + response  # a new request first
    elif fc in (5, 6):
        out.append(8)
    elif fc in (15, 16):
        if n >= 7:
            out.append(9 + buf[i + 6])  # request: start, quantity, byte count, data
        out.append(8)  # response: start, quantity
    return [k for k in out if k <= n]


def decode_modbus_capture(data, times, baud, bits_per_char):
    buf = bytes(data)
    times = np.asarray(times, dtype=float)
    if len(times) != len(buf):
        raise ValueError("data and times differ in length")
    frames = []  # (start index, end index)
    i, last = 0, None
    while i < len(buf):
        for k in _lengths(buf, i, last):
            body = buf[i:i + k]
            if _crc16(body[:-2]) == int.from_bytes(body[-2:], "little"):
                frames.append((i, i + k))
                fc = body[1]
                is_request = (fc in (1, 2, 3, 4) and k == 8) or (fc in (15, 16) and k != 8)
                last = body if is_request else None
                i += k
                break
        else:
            i += 1
    result, request = [], None
    for s, e in frames:
        f = buf[s:e]
        if f[1] == 3 and len(f) == 8:
            request = f
            continue
        if f[1] == 3 and request is not None and f[0] == request[0] and len(f) == 5 + f[2]:
            quantity = int.from_bytes(request[4:6], "big")
            if f[2] == 2 * quantity:
                result.append({"time": float(times[e - 1]), "slave": f[0],
                               "start": int.from_bytes(request[2:4], "big"),
                               "values": [int.from_bytes(f[j:j + 2], "big")
                                          for j in range(3, 3 + 2 * quantity, 2)]})
        request = None
    return result
