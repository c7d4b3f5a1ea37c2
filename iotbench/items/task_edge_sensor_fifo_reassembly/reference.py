"""IMU FIFO reassembly: words are grouped into time slots by their slot counter; overflow
markers, and jumps of the slot counter (slots lost without a marker), split the dump into
segments of consecutive slots. Timestamp words (25 us ticks,
unwrapped across the 32-bit wrap) give the time of their slot; within a segment slot times are
interpolated piecewise-linearly between timestamped slots and extrapolated at the ends with
the slot period measured from all timestamps (the sensor's real data rate, which differs from
the nominal one)."""
import numpy as np

TAG_GYR, TAG_ACC, TAG_TEMP, TAG_TS, TAG_OVF = 0x01, 0x02, 0x03, 0x04, 0x1E
TICK = 25e-6
G = 9.80665


def reassemble_fifo(dump, odr_hz, gyro_odr_hz, acc_mg_per_lsb, gyro_mdps_per_lsb):
    data = bytes(dump)
    n_words = len(data) // 7
    segments = []  # per segment: list of slots; slot = dict(acc, gyr, ts)
    slots, prev_cnt = [], None
    for i in range(n_words):
        w = data[7 * i:7 * i + 7]
        tag, cnt = w[0] >> 3, (w[0] >> 1) & 3
        if tag == TAG_OVF:
            if slots:
                segments.append(slots)
            slots, prev_cnt = [], None
            continue
        if prev_cnt is not None and cnt not in (prev_cnt, (prev_cnt + 1) % 4):
            # the counter skipped: slots were lost here without a marker (how many is
            # unknown), so the time base restarts as after an overflow
            segments.append(slots)
            slots, prev_cnt = [], None
        if cnt != prev_cnt:
            slots.append({"acc": None, "gyr": None, "ts": None})
            prev_cnt = cnt
        slot = slots[-1]
        if tag == TAG_ACC:
            slot["acc"] = np.frombuffer(w[1:7], "<i2")
        elif tag == TAG_GYR:
            slot["gyr"] = np.frombuffer(w[1:7], "<i2")
        elif tag == TAG_TS:
            slot["ts"] = int.from_bytes(w[1:5], "little")
    if slots:
        segments.append(slots)

    # unwrap all timestamps in dump order
    last, offset, origin = None, 0, None
    for seg in segments:
        for slot in seg:
            if slot["ts"] is not None:
                if last is not None and slot["ts"] < last:
                    offset += 2 ** 32
                last = slot["ts"]
                slot["ts"] += offset
                if origin is None:
                    origin = slot["ts"]
    # slot period in ticks from every pair of timestamped slots within a segment
    num = den = 0.0
    for seg in segments:
        marks = [(k, s["ts"]) for k, s in enumerate(seg) if s["ts"] is not None]
        if len(marks) >= 2:
            num += marks[-1][1] - marks[0][1]
            den += marks[-1][0] - marks[0][0]
    period = num / den if den else 1.0 / (odr_hz * TICK)

    acc_t, acc, gyr_t, gyr = [], [], [], []
    for seg in segments:
        marks = [(k, s["ts"]) for k, s in enumerate(seg) if s["ts"] is not None]
        k = np.arange(len(seg), dtype=float)
        if not marks:
            continue  # no time reference at all in this segment
        mk = np.array([m[0] for m in marks], dtype=float)
        mt = np.array([m[1] for m in marks], dtype=float)
        ticks = np.interp(k, mk, mt)
        ticks[k < mk[0]] = mt[0] - (mk[0] - k[k < mk[0]]) * period
        ticks[k > mk[-1]] = mt[-1] + (k[k > mk[-1]] - mk[-1]) * period
        times = (ticks - origin) * TICK
        for s, tt in zip(seg, times):
            if s["acc"] is not None:
                acc_t.append(tt)
                acc.append(s["acc"])
            if s["gyr"] is not None:
                gyr_t.append(tt)
                gyr.append(s["gyr"])
    acc = np.array(acc, dtype=float).reshape(-1, 3) * acc_mg_per_lsb * 1e-3 * G
    gyr = np.radians(np.array(gyr, dtype=float).reshape(-1, 3) * gyro_mdps_per_lsb * 1e-3)
    return {"acc_t": np.array(acc_t, dtype=float), "acc": acc,
            "gyr_t": np.array(gyr_t, dtype=float), "gyr": gyr}
