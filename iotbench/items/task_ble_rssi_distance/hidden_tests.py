"""Hidden tests: distance to a BLE beacon from the RSSI a visitor's phone reports.

Each recording is drawn from the run's data seed (IOTBENCH_DATA_SEED). The mean received power
follows the log-distance law with the venue's exponent from the beacon's true 1 m level (the
calibration is off by a fraction of a dB). Each advertisement goes out on one of the three
advertising channels; each channel has its own Rician small-scale fading (K 0-8 dB), which
decorrelates over 0.3-1.5 s as the hand moves, and its own frequency-selective offset. While the
visitor has turned away the body adds 8-20 dB of loss (shadowing for 25-55 % of the recording in
segments of 3-12 s). The phone reports a random 60-95 % of the advertisements, never those
below -98 dBm, as whole dBm. Ground truth is the distance the generator placed the phone at.
"""

import os

import numpy as np
import pytest
from scipy.signal import lfilter

from candidate import beacon_distance

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def fading_db(r, n, corr_samples, k_factor):
    """Rician fading power in dB for n consecutive packets of one channel, mean 0 dB in dB."""
    a = np.exp(-1.0 / max(corr_samples, 1e-3))
    w = (r.normal(size=n) + 1j * r.normal(size=n)) / np.sqrt(2)
    h = lfilter([np.sqrt(1 - a * a)], [1, -a], w)
    h /= np.sqrt(np.mean(np.abs(h) ** 2))
    los = np.sqrt(k_factor / (k_factor + 1)) * np.exp(1j * r.uniform(0, 2 * np.pi))
    g = los + np.sqrt(1 / (k_factor + 1)) * h
    ref = (r.normal(size=20000) + 1j * r.normal(size=20000)) / np.sqrt(2)
    ref = np.abs(np.sqrt(k_factor / (k_factor + 1)) + np.sqrt(1 / (k_factor + 1)) * ref)
    return 20 * np.log10(np.abs(g) + 1e-9) - np.mean(20 * np.log10(ref + 1e-9))


def recording(r, distance, measured_power, exponent, shadow_fraction):
    duration = r.uniform(30, 60)
    interval = r.uniform(0.1, 0.5)  # advertising interval
    t = np.arange(0, duration, interval)
    t = t + r.uniform(0, 0.01, size=t.size)  # advDelay
    channel = r.integers(0, 3, size=t.size)  # the channel the scanner happened to listen on
    t = t + channel * 0.0004
    k_factor = 10 ** (r.uniform(0, 8) / 10)
    coherence = r.uniform(0.3, 1.5)
    small = np.zeros(t.size)
    for c in range(3):
        f = fading_db(r, t.size, coherence / interval, k_factor) + r.normal(0, 1.0)
        small[channel == c] = f[channel == c]
    body = np.zeros(t.size)
    for _ in range(200 if shadow_fraction > 0 else 0):
        # turned away in 3-12 s segments; a layout is kept only when the visitor is turned away
        # for the drawn fraction of the recording (within 5 points), so that facing the exhibit
        # stays the main state as the prompt describes
        body = np.zeros(t.size)
        pos = r.uniform(0, 8)
        while pos < duration:
            seg = r.uniform(3, 12)
            body[(t >= pos) & (t < pos + seg)] = r.uniform(8, 20)
            pos += seg + seg * (1 - shadow_fraction) / shadow_fraction * r.uniform(0.6, 1.4)
        if abs(np.mean(body > 0) - shadow_fraction) <= 0.05:
            break
    level = measured_power + r.normal(0, 0.8) - 10 * exponent * np.log10(distance)
    rssi = level + small - body + r.normal(0, 1.0, size=t.size)
    heard = (r.random(t.size) < r.uniform(0.6, 0.95)) & (rssi > -98)
    return t[heard] + r.uniform(1e3, 1e5), np.round(rssi[heard])


def scenario(r, shadow_range):
    measured_power = float(r.integers(-70, -54))
    exponent = float(round(r.uniform(1.8, 3.0), 2))
    d_max = min(15.0, 10 ** ((measured_power + 88) / (10 * exponent)))
    distance = float(np.exp(r.uniform(np.log(0.5), np.log(d_max))))
    frac = r.uniform(*shadow_range) if shadow_range else 0.0
    t, rssi = recording(r, distance, measured_power, exponent, frac)
    return t, rssi, measured_power, exponent, distance


def grade(r, shadow_range, records=15):
    errors, lines = [], []
    for _ in range(records):
        t, rssi, power, exponent, distance = scenario(r, shadow_range)
        got = float(beacon_distance(t, rssi, power, exponent))
        errors.append(abs(got - distance) / distance)
        lines.append(f"{got:.2f} m for {distance:.2f} m")
    errors = np.array(errors)
    misses = int((errors > 0.35).sum())
    assert misses <= records // 5, (
        f"{misses} of {records} estimates off by more than 35 %: {lines}")
    assert errors.mean() <= 0.20, f"mean relative error {errors.mean():.2f}: {lines}"


def test_visitor_facing_the_exhibit():
    grade(rng(1), None)


def test_visitors_turning_away_now_and_then():
    grade(rng(2), (0.25, 0.45))


def test_visitors_turning_away_often():
    grade(rng(3), (0.4, 0.55))


def test_returns_float_and_ranks_distances():
    r = rng(4)
    near = recording(r, 1.0, -60.0, 2.0, 0.3)
    far = recording(r, 8.0, -60.0, 2.0, 0.3)
    d_near = beacon_distance(near[0], near[1], -60.0, 2.0)
    d_far = beacon_distance(far[0], far[1], -60.0, 2.0)
    assert isinstance(d_near, (float, np.floating))
    assert d_near < d_far


@pytest.mark.parametrize("case", ["length", "empty", "exponent", "2d"])
def test_invalid_input_raises(case):
    t = np.arange(20.0)
    x = np.full(20, -70.0)
    args = {"length": (t, x[:-1], -60.0, 2.0), "empty": (t[:0], x[:0], -60.0, 2.0),
            "exponent": (t, x, -60.0, 0.0), "2d": (t.reshape(4, 5), x.reshape(4, 5), -60.0, 2.0)}
    with pytest.raises(ValueError):
        beacon_distance(*args[case])
