"""Modbus RTU capture decoder: frames are delimited by the serial-line specification's silent
interval (3.5 character times, a fixed 1.75 ms above 19200 baud), checked with CRC-16/MODBUS,
classified as request or response from the bus direction (a response follows its request), and
read-holding-registers responses are paired with the request that asked for them."""
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
    # silence before each byte: time since the previous byte ended, minus this byte's own length
    silence = np.diff(times) - char
    cuts = np.flatnonzero(silence > 0.5 * (t35 + (1.5 * char if baud <= 19200 else 0.75e-3)))
    # threshold halfway between the longest legal in-frame pause and the shortest frame gap
    starts = np.concatenate([[0], cuts + 1])
    ends = np.concatenate([cuts + 1, [len(data)]])
    out = []
    pending = None  # the last valid read-holding-registers request, waiting for its response
    for s, e in zip(starts, ends):
        frame = data[s:e]
        if not _crc_ok(frame):
            continue
        address, function = frame[0], frame[1]
        if function == 3 and len(frame) == 8:  # a request: start and count, never an odd length
            pending = frame
            continue
        req, pending = pending, None
        if function != 3 or req is None or len(frame) < 5 or frame[2] != len(frame) - 5:
            continue  # another function, an exception, or a response nobody asked for
        count = (req[4] << 8) | req[5]
        if address == req[0] and frame[2] == 2 * count:
            values = [(frame[3 + 2 * i] << 8) | frame[4 + 2 * i] for i in range(count)]
            out.append({"time": float(times[e - 1]), "slave": int(address),
                        "start": (req[2] << 8) | req[3], "values": values})
    return out
