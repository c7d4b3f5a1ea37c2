"""Vectorised alternative: the dump is viewed as an (n, 7) byte array; slot boundaries are
where the slot counter changes, segment boundaries at overflow markers and where the counter
skips (slots lost without a marker). One least-squares fit
gives every segment its own time offset and all segments a common slot period (the sensor's
true data rate) from the unwrapped timestamp words; each slot's time is read off that fit."""
import numpy as np

TICK_S = 25e-6
G0 = 9.80665


def reassemble_fifo(dump, odr_hz, gyro_odr_hz, acc_mg_per_lsb, gyro_mdps_per_lsb):
    raw = np.frombuffer(bytes(dump), dtype=np.uint8)
    words = raw[:raw.size // 7 * 7].reshape(-1, 7)
    empty = {"acc_t": np.zeros(0), "acc": np.zeros((0, 3)),
             "gyr_t": np.zeros(0), "gyr": np.zeros((0, 3))}
    if not len(words):
        return empty
    tag = words[:, 0] >> 3
    cnt = (words[:, 0] >> 1) & 3
    marker = tag == 0x1E
    # a slot counter that skips (not the same, not +1) means slots were lost without a marker
    data_words = np.flatnonzero(~marker)
    skip = np.zeros(len(words), dtype=bool)
    jump = (cnt[data_words[1:]].astype(int) - cnt[data_words[:-1]]) % 4
    skip[data_words[1:][jump >= 2]] = True
    # segment number of every word, slot number within the dump of every word
    seg = np.cumsum(marker | skip)
    new_slot = np.ones(len(words), dtype=bool)
    new_slot[1:] = (cnt[1:] != cnt[:-1]) | marker[:-1] | (seg[1:] != seg[:-1])
    new_slot &= ~marker
    slot = np.cumsum(new_slot) - 1
    # position of each slot inside its segment
    slot_seg = np.zeros(slot.max() + 1, dtype=int)
    slot_seg[slot[~marker]] = seg[~marker]
    first_slot = {s: int(slot[(seg == s) & ~marker].min()) for s in np.unique(seg[~marker])}
    pos = np.array([k - first_slot[slot_seg[k]] for k in range(len(slot_seg))], dtype=float)

    is_ts = tag == 0x04
    ts_words = words[is_ts]
    ticks = ts_words[:, 1].astype(np.int64) | ts_words[:, 2].astype(np.int64) << 8 | \
        ts_words[:, 3].astype(np.int64) << 16 | ts_words[:, 4].astype(np.int64) << 24
    if ticks.size == 0:
        return empty
    ticks = ticks + (np.concatenate([[0], np.cumsum(np.diff(ticks) < 0)]) << 32)
    ts_slot = slot[is_ts]
    segs = np.unique(slot_seg[ts_slot])
    # design: one intercept per segment, one shared slope
    design = np.zeros((ticks.size, segs.size + 1))
    design[np.arange(ticks.size), np.searchsorted(segs, slot_seg[ts_slot])] = 1.0
    design[:, -1] = pos[ts_slot]
    target = (ticks - ticks[0]).astype(float)
    # a weak prior on the slope (the nominal period) decides it only when the timestamps
    # cannot (a single timestamp word)
    prior = np.zeros((1, segs.size + 1))
    prior[0, -1] = 1e-3
    design = np.vstack([design, prior])
    target = np.append(target, 1e-3 / (odr_hz * TICK_S))
    coef, *_ = np.linalg.lstsq(design, target, rcond=None)
    slot_ticks = np.full(slot_seg.size, np.nan)
    for j, s in enumerate(segs):
        here = slot_seg == s
        slot_ticks[here] = coef[j] + coef[-1] * pos[here]
    slot_time = slot_ticks * TICK_S

    def pick(tag_value, scale):
        sel = (tag == tag_value) & ~np.isnan(slot_time[slot])
        vals = words[sel, 1:7].copy().view("<i2").reshape(-1, 3).astype(float) * scale
        return slot_time[slot[sel]], vals

    acc_t, acc = pick(0x02, acc_mg_per_lsb * 1e-3 * G0)
    gyr_t, gyr = pick(0x01, np.radians(gyro_mdps_per_lsb * 1e-3))
    return {"acc_t": acc_t, "acc": acc, "gyr_t": gyr_t, "gyr": gyr}
