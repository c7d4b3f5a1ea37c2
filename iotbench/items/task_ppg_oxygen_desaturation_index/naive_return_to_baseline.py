"""ODI3 with artefact rejection and a running upper-percentile baseline, but an event ends only
when the saturation comes back to (within 1 point of) the baseline; every event is measured
from the 2-minute baseline rather than from the peak just before it."""
import numpy as np

JUMP = 4          # points per second: faster than any real desaturation or recovery
LOOKBACK = 120    # seconds of history for the baseline
MIN_RUN = 5       # seconds at least 3 points down


def _artefacts(x, valid):
    n = x.size
    bad = np.zeros(n, bool)
    # near sensor-off stretches
    edges = np.flatnonzero(np.diff(valid.astype(int)) != 0)
    for e in edges:
        bad[max(0, e - 10):min(n, e + 12)] = True
    # excursions that start with a jump no physiology makes: the reading is an artefact until
    # it returns close to where it was (within 40 s), or for a few seconds if it never does
    d = np.diff(x)
    jumps = np.flatnonzero((np.abs(d) >= JUMP) & valid[1:] & valid[:-1])
    for j in jumps:
        level = x[j]
        ahead = x[j + 1:min(n, j + 41)]
        back = np.abs(ahead - level) <= 2
        end = j + 1 + (int(np.argmax(back)) if back.any() else 3)
        bad[j + 1:end] = True
    return bad


def _rolling_p90(s, clean, window):
    """90th percentile of the clean integer readings in the `window` seconds before each
    sample (NaN with fewer than 30 of them), by a sliding histogram."""
    n = s.size
    values = np.where(clean, s, -1).astype(int)
    levels = np.arange(0, 101)
    onehot = (values[None, :] == levels[:, None]).astype(np.int32)
    cum = np.concatenate([np.zeros((101, 1), np.int32), np.cumsum(onehot, axis=1)], axis=1)
    idx = np.arange(n)
    hist = cum[:, idx] - cum[:, np.maximum(0, idx - window)]   # counts before sample i
    total = hist.sum(axis=0)
    below = np.cumsum(hist, axis=0)
    p90 = np.argmax(below >= np.ceil(0.9 * np.maximum(total, 1)), axis=0).astype(float)
    p90[total < 30] = np.nan
    return p90


def oxygen_desaturation_index(spo2):
    x = np.asarray(spo2, dtype=float)
    if x.ndim != 1:
        raise ValueError("spo2 must be a 1-D trace")
    valid = (x > 0) & (x <= 100)
    if not valid.any():
        raise ValueError("no valid reading")
    hours = valid.sum() / 3600.0
    clean = valid & ~_artefacts(x, valid)
    baseline = _rolling_p90(x, clean, LOOKBACK)
    count, run, in_event, base0 = 0, 0, False, 0.0
    for i in range(x.size):
        if not clean[i] or np.isnan(baseline[i]):
            continue
        if not in_event:
            if x[i] <= baseline[i] - 3:
                in_event, base0, run = True, baseline[i], 1
        else:
            if x[i] <= base0 - 3:
                run += 1
            if x[i] >= min(base0, baseline[i]) - 1:
                count += run >= MIN_RUN
                in_event = False
    if in_event and run >= MIN_RUN:
        count += 1
    return float(count / hours)
