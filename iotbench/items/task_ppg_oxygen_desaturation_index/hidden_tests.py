"""Hidden tests: the oxygen desaturation index (ODI3) of overnight 1 Hz oximetry.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). A night has a baseline
saturation that drifts slowly (lower in REM periods), desaturation events of 4-15 points that
fall over 8-30 s, hold and recover (isolated, or in clusters of cyclic apnoea every 25-70 s, in
which the saturation of severe patients often climbs back only part of the way before the next
apnoea), small sub-threshold wobbles, the oximeter's own few-second averaging and integer
rounding. On top come what a real overnight trace holds: movement artefacts (sudden drops or
jumps of several points lasting from a few seconds to half a minute), unreliable readings while
the probe slips off and while the oximeter re-acquires the pulse after it is put back, and
sensor-off stretches (brief pulse losses and long probe-off periods) reported as 0 or 127. The
truth is the number of generated desaturation events per hour of time with a reading.
"""

import os

import numpy as np
import pytest

from candidate import oxygen_desaturation_index

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def smooth_noise(r, n, cutoff_hz):
    spec = np.fft.rfft(r.normal(size=n)) * np.exp(-(np.fft.rfftfreq(n, 1.0) / cutoff_hz) ** 2)
    x = np.fft.irfft(spec, n)
    return x / x.std()


def dip(r, depth, cyclic=False):
    """One desaturation: fall, nadir, recovery (1 Hz samples, negative values)."""
    if cyclic:  # the sawtooth of repetitive apnoeas
        fall, hold, rise = r.uniform(8, 20), r.uniform(2, 8), r.uniform(5, 12)
    else:
        fall, hold, rise = r.uniform(8, 30), r.uniform(2, 10), r.uniform(6, 15)
    t = np.arange(int(fall + hold + rise) + 1, dtype=float)
    y = np.where(t < fall, 0.5 - 0.5 * np.cos(np.pi * t / fall), 1.0)
    back = t > fall + hold
    y[back] = 0.5 + 0.5 * np.cos(np.pi * np.clip((t[back] - fall - hold) / rise, 0, 1))
    return -depth * y


def cycle(r, start_level, end_level, depth):
    """One apnoea of a cluster, relative to the baseline: fall from `start_level` by `depth`,
    nadir, resaturation to `end_level` (which may stay below the baseline), breaths at that
    level until the next apnoea. Returns (samples, index where the next one may start)."""
    fall, hold, rise, top = r.uniform(8, 20), r.uniform(2, 8), r.uniform(5, 12), r.uniform(6, 20)
    nadir = start_level - depth
    t = np.arange(int(fall + hold + rise + top) + 1, dtype=float)
    y = np.full(t.size, float(end_level))
    down = t < fall
    y[down] = start_level - depth * (0.5 - 0.5 * np.cos(np.pi * t[down] / fall))
    y[(t >= fall) & (t <= fall + hold)] = nadir
    up = (t > fall + hold) & (t < fall + hold + rise)
    y[up] = nadir + (end_level - nadir) * (0.5 - 0.5 * np.cos(np.pi * (t[up] - fall - hold) / rise))
    return y, int(fall + hold + rise)


def night(r, hours, rate_per_h, clustered=0.0, artefacts_per_h=8.0, dropouts=3, rem=True,
          partial=False, short_offs=4):
    """Return (spo2 trace as int array, true ODI3 in events per hour of valid time).

    `partial`: in clusters of cyclic apnoeas the saturation often does not get back to the
    baseline between events (each apnoea still counts: it falls >= 3 points from the peak
    before it). `short_offs`: brief losses of the pulse (3-60 s) besides the long
    sensor-off stretches; after every off stretch the oximeter needs a few seconds to settle."""
    n = int(hours * 3600)
    t = np.arange(n)
    base = np.full(n, r.uniform(93.5, 97.5)) + 0.4 * smooth_noise(r, n, 1 / 600)
    if rem:
        for _ in range(int(r.integers(2, 5))):   # REM periods: baseline a little lower
            start, length = r.uniform(0.1, 0.9) * n, r.uniform(600, 1800)
            edge = 1 / (1 + np.exp(-(t - start) / 120)) - 1 / (1 + np.exp(-(t - start - length) / 120))
            base -= r.uniform(1.5, 3.0) * edge
    sat = base + 0.25 * smooth_noise(r, n, 1 / 20)        # sub-threshold wobble
    # sensor-off stretches first, so that no event is cut by one
    valid = np.ones(n, bool)
    free = np.ones(n, bool)
    free[:300] = False                                  # the first minutes are for settling
    off = []
    lengths = [int(r.uniform(30, 1200)) for _ in range(dropouts)]
    lengths += [int(r.uniform(3, 60)) for _ in range(short_offs)]
    for length in lengths:
        for _ in range(100):
            pos = int(r.uniform(300, n - length - 30))
            if valid[max(0, pos - 60):pos + length + 60].all():
                break
        off.append((pos, length))
        valid[pos:pos + length] = False
        free[max(0, pos - 90):pos + length + 90] = False
    events = []
    # clustered cyclic desaturations
    cluster_time = clustered * n
    attempts = 0
    while cluster_time > 0 and attempts < 200:
        attempts += 1
        length = min(cluster_time, r.uniform(900, 3600))
        start = int(r.uniform(300, n - length - 60))
        if not free[start:start + int(length) + 60].all():
            continue
        pos, level = start, 0.0
        while pos < start + length:
            depth = r.uniform(5, 14) if partial else r.uniform(5, 10)
            last = pos + 70 >= start + length
            end = 0.0
            if partial and not last:      # incomplete resaturation, at least 4 points back up
                end = max(-r.uniform(0, 6), level - depth + 4)
            d, used = cycle(r, level, end, depth)
            sat[pos:pos + d.size] += d
            events.append((pos, pos + used))
            free[max(0, pos - 10):pos + d.size + 10] = False
            pos += d.size
            level = end
        cluster_time -= length
    # isolated events at random times
    want = int(round(rate_per_h * hours * (1 - clustered)))
    tries = 0
    while want > 0 and tries < 20000:
        tries += 1
        pos = int(r.uniform(300, n - 90))
        if not free[pos - 30:pos + 90].all():  # a dip lasts at most 56 s
            continue
        d = dip(r, r.uniform(4, 15))
        sat[pos:pos + d.size] += d
        free[max(0, pos - 30):pos + d.size + 30] = False
        events.append((pos, pos + d.size))
        want -= 1
    busy = np.zeros(n, bool)
    for a, b in events:
        busy[a:b] = True
    # the oximeter's averaging and rounding
    k = int(r.integers(3, 9))
    sat = np.convolve(np.pad(sat, k, mode="edge"), np.ones(k) / k, mode="same")[k:-k]
    sat = np.clip(np.round(sat), 0, 100)
    # movement artefacts: sudden drops or jumps lasting a few seconds (not inside events)
    placed = 0
    while placed < int(artefacts_per_h * hours):
        length = int(r.uniform(2, 9) if r.random() < 0.6 else r.uniform(10, 25))
        pos = int(r.uniform(0, n - length))
        if busy[max(0, pos - 5):pos + length + 5].any() or not valid[max(0, pos - 15):pos + length + 15].all():
            continue
        placed += 1
        up = np.round(r.uniform(4, 8))
        if r.random() < 0.2 and sat[pos:pos + length].max() + up <= 100:
            sat[pos:pos + length] += up          # a jump up
        else:
            sat[pos:pos + length] -= np.round(r.uniform(5, 25))
    # sensor off: unreliable readings while the probe slips, then 0 or 127, then a few
    # seconds of settling while the oximeter finds the pulse again
    for pos, length in off:
        lead = int(r.uniform(2, 7))
        sat[pos - lead:pos] = np.round(r.uniform(55, 88, lead))
        sat[pos:pos + length] = r.choice([0, 127])
        settle = int(r.uniform(3, 11))
        after = pos + length
        if after + settle < n:
            target = sat[after + settle]
            frac = np.arange(1, settle + 1) / (settle + 1)
            start_value = r.uniform(60, 90) if r.random() < 0.75 else min(100, target + r.uniform(4, 8))
            ramp = start_value + (target - start_value) * frac + r.normal(0, 1.5, settle)
            sat[after:after + settle] = np.clip(np.round(ramp), 50, 100)
    sat = np.clip(sat, 0, 127)
    return sat.astype(int), len(events) / (valid.sum() / 3600)


def check(r, nights, **kw):
    for i, (hours, rate) in enumerate(nights):
        trace, truth = night(r, hours, rate, **kw)
        got = oxygen_desaturation_index(trace)
        assert isinstance(got, (float, np.floating)), f"night {i}: returned {type(got)}"
        assert abs(float(got) - truth) <= max(1.5, 0.1 * truth), (
            f"night {i}: ODI {float(got):.1f} /h, true {truth:.1f} /h ({hours:.1f} h)")


def test_nights_with_isolated_desaturations():
    r = rng(1)
    check(r, [(r.uniform(6, 8), rate) for rate in (r.uniform(3, 8), r.uniform(8, 15),
                                                   r.uniform(15, 30), r.uniform(5, 25))])


def test_severe_apnoea_with_clustered_events():
    r = rng(2)
    for i in range(3):   # part of the night in clusters; REM clusters rarely fully resaturate
        check(r, [(r.uniform(6, 8), r.uniform(10, 25))], clustered=r.uniform(0.2, 0.6),
              partial=True)


def test_healthy_sleepers_restless_and_with_probe_problems():
    r = rng(3)
    for i in range(3):
        trace, truth = night(r, r.uniform(6, 8), r.uniform(0.3, 2.0), artefacts_per_h=15,
                             dropouts=6, short_offs=int(r.integers(12, 25)))
        got = float(oxygen_desaturation_index(trace))
        assert abs(got - truth) <= 1.5, f"night {i}: ODI {got:.1f} /h, true {truth:.1f} /h"


def test_list_input_and_codes():
    r = rng(4)
    trace, truth = night(r, 3.0, 12.0)
    got = oxygen_desaturation_index([int(v) for v in trace])
    assert isinstance(got, float)
    assert abs(got - truth) <= max(1.5, 0.1 * truth)
    # the same night with an hour of sensor-off codes appended: same index
    longer = np.r_[trace, np.full(1800, 127), np.zeros(1800, int)]
    assert abs(float(oxygen_desaturation_index(longer)) - got) <= 0.5


@pytest.mark.parametrize("trace", [np.zeros(5000, int), np.full(4000, 127), np.zeros((100, 2), int)])
def test_invalid_input_raises(trace):
    with pytest.raises(ValueError):
        oxygen_desaturation_index(trace)
