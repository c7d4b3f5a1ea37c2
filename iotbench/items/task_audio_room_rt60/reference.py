"""Reverberation time from a measured impulse response, the ISO 3382 way made robust to the
noise floor and to a short window: DC removed; the background-noise level, the decay line and
the point where the decay meets the noise found iteratively (after Lundeby et al.); the
Schroeder backward integral of the noise-subtracted energy taken only up to that point, plus
the energy the decay would still carry beyond it; T20 (the -5 to -25 dB slope of that decay
curve) extrapolated to 60 dB."""
import numpy as np

BLOCK_S = 0.005


def _db(v):
    return 10 * np.log10(np.maximum(v, 1e-30))


def _decay_line(lv, tb, lo_db, hi_db):
    """Straight line through the block levels of the decay between lo_db and hi_db."""
    first = int(np.flatnonzero(lv <= hi_db)[0]) if np.any(lv <= hi_db) else 0
    above = np.flatnonzero(lv > lo_db)
    last = int(above[-1]) if above.size else lv.size - 1
    if last - first < 4:
        first, last = max(0, last - 4), max(last, 4)
    slope, icpt = np.polyfit(tb[first:last + 1], lv[first:last + 1], 1)
    return slope, icpt


def reverberation_time(rir, fs):
    x = np.asarray(rir, dtype=float)
    if x.ndim != 1:
        raise ValueError("rir must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if x.size < 0.1 * fs:
        raise ValueError("record shorter than 0.1 s")
    x = x - x.mean()
    e = x * x
    block = max(1, int(BLOCK_S * fs))
    nb = e.size // block
    lv = _db(e[:nb * block].reshape(nb, block).mean(axis=1))
    peak = int(np.argmax(lv))
    e = e[peak * block:]  # from the direct sound on
    n = e.size
    nb = n // block
    lv = _db(e[:nb * block].reshape(nb, block).mean(axis=1))
    tb = (np.arange(nb) + 0.5) * block  # block centres in samples
    # decay's own early level: loudest block once the direct sound has passed
    early = lv[min(2, nb - 1):max(3, nb // 4)].max()
    noise_db = _db(np.mean(e[int(0.9 * n):]))
    truncated = False
    for _ in range(8):
        if early - noise_db < 15:  # the window ends long before the noise: no floor in sight
            truncated = True
            break
        hi = min(early - 5, noise_db + 35)
        slope, icpt = _decay_line(lv, tb, noise_db + 8, hi)
        if slope >= 0:
            break
        cross = (noise_db - icpt) / slope
        tail_from = int(cross + 5 / -slope)
        if tail_from > 0.9 * n:  # not enough pure noise after the crossing
            break
        new = _db(np.mean(e[tail_from:]))
        done = abs(new - noise_db) < 0.1
        noise_db = new
        if done:
            break
    if not truncated and slope < 0:
        # is the end of the window noise (flat) or still the decay (falling at its rate)?
        k = max(10, nb // 5)
        end_slope = np.polyfit(tb[-k:], lv[-k:], 1)[0]
        truncated = end_slope < 0.5 * slope
    if truncated:
        # the record ends inside the decay: line through its lower 20 dB, no noise floor
        end_level = lv[-3:].mean()
        slope, icpt = _decay_line(lv, tb, -np.inf, end_level + 20)
        cross, noise = n, 0.0
    else:
        cross = int(np.clip((noise_db - icpt) / slope, 1, n))
        noise = 10 ** (noise_db / 10)
    # Schroeder integral to the crossing point + the decay's energy beyond it
    level_at_cross = 10 ** ((icpt + slope * cross) / 10)
    tail = level_at_cross / (-slope * np.log(10) / 10)
    edc = np.cumsum((e[:cross] - noise)[::-1])[::-1] + tail
    edc = np.maximum(edc, tail)
    edc_db = _db(edc / edc[0])
    hi = np.flatnonzero(edc_db <= -5)
    lo = np.flatnonzero(edc_db <= -25)
    if not hi.size or not lo.size or lo[0] - hi[0] < 3:
        return float(-60 / slope / fs)
    t = np.arange(hi[0], lo[0])
    s, _ = np.polyfit(t, edc_db[hi[0]:lo[0]], 1)
    return float(-60 / s / fs)
