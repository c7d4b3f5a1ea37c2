import struct

import numpy as np

G = 9.80665


def reassemble_fifo(dump, odr_hz, gyro_odr_hz, acc_mg_per_lsb, gyro_mdps_per_lsb):
    slot_period = 1.0 / odr_hz
    acc_t, acc, gyr_t, gyr = [], [], [], []
    pending = []  # samples seen before the first timestamp of a segment: (tag, slots back, xyz)
    last_ts = None  # (unwrapped tick, slot index) of the latest timestamp word
    prev_raw = None
    wraps = 0
    origin = None
    slot = -1
    prev_cnt = None
    for i in range(0, len(dump) - len(dump) % 7, 7):
        tag_byte = dump[i]
        tag = tag_byte >> 3
        cnt = (tag_byte >> 1) & 0x3
        payload = dump[i + 1:i + 7]
        if tag == 0x1E:  # overflow: samples were lost, restart the time base
            last_ts, prev_cnt, pending = None, None, []
            continue
        if cnt != prev_cnt:
            slot += 1
            prev_cnt = cnt
        if tag == 0x04:
            raw = struct.unpack("<I", payload[:4])[0]
            if prev_raw is not None and raw < prev_raw:
                wraps += 1
            prev_raw = raw
            tick = raw + wraps * 2 ** 32
            if origin is None:
                origin = tick
            last_ts = (tick, slot)
            for kind, s, xyz in pending:  # place earlier samples backwards from here
                t = (tick - origin) * 25e-6 - (slot - s) * slot_period
                (acc_t if kind == 2 else gyr_t).append(t)
                (acc if kind == 2 else gyr).append(xyz)
            pending = []
        elif tag in (0x01, 0x02):
            xyz = struct.unpack("<3h", payload)
            if last_ts is None:
                pending.append((tag, slot, xyz))
                continue
            t = (last_ts[0] - origin) * 25e-6 + (slot - last_ts[1]) * slot_period
            (acc_t if tag == 2 else gyr_t).append(t)
            (acc if tag == 2 else gyr).append(xyz)
    acc_t, gyr_t = np.array(acc_t), np.array(gyr_t)
    acc = np.array(acc, dtype=float).reshape(-1, 3) * acc_mg_per_lsb / 1000.0 * G
    gyr = np.deg2rad(np.array(gyr, dtype=float).reshape(-1, 3) * gyro_mdps_per_lsb / 1000.0)
    ia, ig = np.argsort(acc_t, kind="stable"), np.argsort(gyr_t, kind="stable")
    return {"acc_t": acc_t[ia], "acc": acc[ia], "gyr_t": gyr_t[ig], "gyr": gyr[ig]}
