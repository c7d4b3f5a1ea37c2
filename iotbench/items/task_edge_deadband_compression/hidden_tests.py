"""Hidden tests: lossy compression of sensor streams by sending a subset of the samples.

Each stream is simulated from the run's data seed (IOTBENCH_DATA_SEED): building temperature
(daily cycle, HVAC cycling, ADC quantization), an energy meter's power (appliances switching
on and off), machine vibration RMS (bursts), and barometric pressure with occasional EMI spikes;
all with sensor noise, timestamp jitter and missed samples. The error bound ranges from about
one to several noise standard deviations. A compression is valid when linear interpolation
between the kept samples stays within the bound at every sample; it is good enough when it
keeps at most 10 % more samples than the fewest possible, which the test computes exactly
(shortest path over all admissible chords).
"""

import os

import numpy as np
import pytest

from candidate import compress_stream

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def times(r, n, period):
    dt = period * (1 + r.uniform(-0.1, 0.1, n))
    gaps = r.random(n) < 0.01
    dt[gaps] *= r.integers(2, 20, gaps.sum())
    return np.cumsum(dt) + r.uniform(0, 1e6)


def temperature(r, n):
    t = times(r, n, float(r.choice([10.0, 30.0, 60.0])))
    s = t - t[0]
    x = 21 + 3 * np.sin(2 * np.pi * s / 86400 + r.uniform(0, 6))
    cycle = r.uniform(600, 1800)
    x += r.uniform(0.3, 1.0) * (2 * np.abs((s / cycle) % 1 - 0.5) - 0.5)  # HVAC on/off
    sigma = r.uniform(0.02, 0.08)
    x += r.normal(0, sigma, n)
    x = np.round(x / 0.0625) * 0.0625  # 12-bit digital sensor
    return t, x, sigma


def power(r, n):
    t = times(r, n, float(r.choice([1.0, 5.0])))
    x = np.full(n, r.uniform(80, 200))
    for _ in range(int(r.integers(5, 20))):
        a = int(r.integers(0, n))
        x[a:a + int(r.integers(20, 400))] += r.choice([60, 150, 800, 2000]) * r.uniform(0.9, 1.1)
    sigma = r.uniform(2, 8)
    x += r.normal(0, sigma, n) + 10 * np.sin(2 * np.pi * (t - t[0]) / r.uniform(200, 900))
    return t, x, sigma


def vibration(r, n):
    t = times(r, n, float(r.choice([1.0, 2.0])))
    x = 0.5 + 0.1 * np.sin(2 * np.pi * (t - t[0]) / r.uniform(300, 3000))
    for _ in range(int(r.integers(3, 10))):
        a = int(r.integers(0, n))
        length = int(r.integers(30, 300))
        x[a:a + length] += r.uniform(0.5, 3) * np.hanning(len(x[a:a + length]))
    sigma = r.uniform(0.01, 0.05)
    return t, x * (1 + r.normal(0, sigma, n)), 0.5 * sigma


def pressure(r, n):
    t = times(r, n, float(r.choice([5.0, 10.0])))
    walk = np.cumsum(r.normal(0, 0.02, n))
    x = 1013 + np.convolve(walk, np.ones(40) / 40, mode="same") * 10
    sigma = r.uniform(0.03, 0.1)
    x += r.normal(0, sigma, n)
    spikes = r.random(n) < 0.003
    x[spikes] += r.choice([-1, 1], spikes.sum()) * r.uniform(2, 10, spikes.sum())
    return t, x, sigma


KINDS = {"temperature": temperature, "power": power, "vibration": vibration,
         "pressure": pressure}


def fewest(t, x, bound):
    """Exact minimum number of kept samples (shortest path over admissible chords)."""
    n = len(t)
    big = n + 1
    dist = np.full(n, big)
    dist[0] = 1
    for a in range(n - 1):
        if dist[a] >= big:
            continue
        width = 64
        while True:
            end = min(n, a + 1 + width)
            dt = t[a + 1:end] - t[a]
            lo = np.maximum.accumulate((x[a + 1:end] - bound - x[a]) / dt)
            hi = np.minimum.accumulate((x[a + 1:end] + bound - x[a]) / dt)
            shut = np.flatnonzero(lo > hi)
            if shut.size or end == n:
                break
            width *= 4
        m = shut[0] + 1 if shut.size else len(dt)
        slope = (x[a + 1:a + 1 + m] - x[a]) / dt[:m]
        lo_before = np.concatenate([[-np.inf], lo[:m - 1]])
        hi_before = np.concatenate([[np.inf], hi[:m - 1]])
        ok = a + 1 + np.flatnonzero((slope >= lo_before - 1e-12) & (slope <= hi_before + 1e-12))
        dist[ok] = np.minimum(dist[ok], dist[a] + 1)
    return int(dist[-1])


def check(kind, r, n, scale):
    t, x, sigma = KINDS[kind](r, n)
    bound = float(sigma * scale)
    idx = np.asarray(compress_stream(t.copy(), x.copy(), bound))
    assert idx.ndim == 1 and np.issubdtype(idx.dtype, np.integer), "expected a 1-D integer array"
    assert idx[0] == 0 and idx[-1] == n - 1 and np.all(np.diff(idx) > 0), (
        f"{kind}: indices must increase from 0 to n - 1")
    err = np.abs(np.interp(t, t[idx], x[idx]) - x)
    assert err.max() <= bound * (1 + 1e-9), (
        f"{kind}: reconstruction error {err.max():.4g} exceeds the bound {bound:.4g} "
        f"at sample {int(err.argmax())}")
    best = fewest(t, x, bound)
    assert len(idx) <= 1.10 * best, (
        f"{kind}: {len(idx)} samples kept, the fewest possible is {best} "
        f"({len(idx) / best:.2f} x)")
    return len(idx) / best


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_streams(kind):
    r = rng(1 + sorted(KINDS).index(kind))
    for scale in (r.uniform(1.5, 2.5), r.uniform(3, 6)):
        check(kind, r, int(r.integers(1500, 3000)), scale)


def test_trivial_streams():
    t = np.arange(5, dtype=float)
    assert list(compress_stream(t, 2 * t + 1, 0.01)) == [0, 4]
    assert list(compress_stream(t[:1], t[:1], 0.1)) == [0]
    assert list(compress_stream(t[:2], np.array([0.0, 5.0]), 0.1)) == [0, 1]
