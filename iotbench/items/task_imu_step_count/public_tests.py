import numpy as np

from candidate import count_steps


def test_still_band_counts_nothing():
    fs = 50.0
    t = np.arange(int(30 * fs)) / fs
    acc = np.column_stack([0.02 + 0 * t, -0.1 + 0 * t, 0.99 + 0 * t])
    acc += np.random.default_rng(0).normal(0, 0.01, size=acc.shape)
    assert count_steps(acc, fs) == 0
