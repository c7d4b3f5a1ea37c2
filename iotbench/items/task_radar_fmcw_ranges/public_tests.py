import numpy as np

from candidate import target_ranges


def test_two_targets():
    fs, bandwidth, chirp_time = 5.12e6, 1.0e9, 50e-6
    n = int(fs * chirp_time)
    t = np.arange(n) / fs
    slope = bandwidth / chirp_time
    beat = np.zeros(n)
    for r, a in ((3.0, 1.0), (11.0, 0.05)):
        beat += a * np.cos(2 * np.pi * 2 * slope * r / 3.0e8 * t + 0.3)
    beat += 0.002 * np.random.default_rng(0).standard_normal(n)
    out = target_ranges(beat, fs, bandwidth, chirp_time)
    assert len(out) == 2
    assert abs(out[0] - 3.0) <= 0.15 and abs(out[1] - 11.0) <= 0.15
