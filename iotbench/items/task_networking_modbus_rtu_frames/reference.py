"""Modbus RTU capture decoder: the line is cut into bursts at the serial-line specification's
silent interval (3.5 character times, a fixed 1.75 ms above 19200 baud); inside a burst the
frame is located from the PDU layout (its length follows from the function code, the byte count
or the request it answers) and checked with CRC-16/MODBUS, so a glitch byte that a transceiver
puts next to a frame is left out. Read-holding-registers responses are paired with the request
that asked for them."""
import numpy as np


def _crc16(data):
    reg = 0xFFFF
    for octet in data:
        reg ^= octet
        for _ in range(8):
            reg = (reg >> 1) ^ 0xA001 if reg & 1 else reg >> 1
    return reg


def _crc_ok(frame):
    return len(frame) >= 4 and _crc16(frame[:-2]) == frame[-2] | (frame[-1] << 8)


def _lengths(seg, i, pending):
    """Frame lengths the PDU layout allows at seg[i], the most plausible first. A whole-burst
    CRC is not enough: the CRC of a frame followed by a 0x00 byte also checks out."""
    if len(seg) - i < 4:
        return []
    fc = seg[i + 1]
    if fc & 0x80:
        return [5]
    if fc in (1, 2, 3, 4):
        response = 5 + seg[i + 2]
        if pending is not None and pending[0] == seg[i] and pending[1] == fc:
            return [response, 8]  # the answer the last request is waiting for
        return [8, response]
    if fc in (5, 6):
        return [8]
    if fc in (15, 16):
        return ([9 + seg[i + 6]] if len(seg) - i > 6 else []) + [8]
    return []


def _frame_in(seg, pending):
    """(offset, length) of the frame in a burst, allowing up to two glitch bytes either side."""
    for lead in range(min(3, len(seg))):
        for k in _lengths(seg, lead, pending):
            if lead + k <= len(seg) and len(seg) - lead - k <= 2 and _crc_ok(seg[lead:lead + k]):
                return lead, k
    return None


def decode_modbus_capture(data, times, baud, bits_per_char):
    data = bytes(data)
    times = np.asarray(times, dtype=float)
    if times.shape != (len(data),):
        raise ValueError("one time stamp per byte is required")
    if baud <= 0 or bits_per_char <= 0:
        raise ValueError("bad line settings")
    if not data:
        return []
    char = bits_per_char / baud
    t35 = 3.5 * char if baud <= 19200 else 1.75e-3
    t15 = 1.5 * char if baud <= 19200 else 0.75e-3
    # silence before each byte: time since the previous byte ended, minus this byte's own length
    silence = np.diff(times) - char
    cuts = np.flatnonzero(silence > 0.5 * (t35 + t15))  # between longest pause and frame gap
    starts = np.concatenate([[0], cuts + 1])
    ends = np.concatenate([cuts + 1, [len(data)]])
    out = []
    pending = None  # (slave, function, request frame) of the last request awaiting an answer
    for s, e in zip(starts, ends):
        seg = data[s:e]
        if len(seg) < 4:
            continue  # a glitch on the idle line
        found = _frame_in(seg, pending)
        if found is None:
            pending = None  # damaged: whatever it was, the exchange is broken
            continue
        lead, k = found
        frame = seg[lead:lead + k]
        address, function = frame[0], frame[1]
        awaited = pending is not None and pending[:2] == (address, function)
        if ((function in (1, 2, 3, 4) and k == 8) or (function in (15, 16) and k != 8)
                or (function in (5, 6) and not awaited)):
            pending = (address, function, frame)  # a request (reads are 8 bytes, never odd)
            continue
        req, pending = pending, None
        if function != 3 or req is None or req[1] != 3 or address != req[0]:
            continue  # another function, an exception, or a response nobody asked for
        count = (req[2][4] << 8) | req[2][5]
        if frame[2] == 2 * count and k == 5 + frame[2]:
            values = [(frame[3 + 2 * i] << 8) | frame[4 + 2 * i] for i in range(count)]
            out.append({"time": float(times[s + lead + k - 1]), "slave": int(address),
                        "start": (req[2][2] << 8) | req[2][3], "values": values})
    return out
