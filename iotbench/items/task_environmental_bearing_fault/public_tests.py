import numpy as np

from candidate import diagnose_bearing


def test_pure_imbalance_is_healthy():
    fs, shaft = 12000.0, 25.0
    t = np.arange(int(2 * fs)) / fs
    rng = np.random.default_rng(0)
    acc = 1.0 * np.sin(2 * np.pi * shaft * t) + rng.normal(0, 0.05, t.size)
    verdict = diagnose_bearing(acc, fs, shaft, 9, 7.9, 39.0, 0.0)
    assert verdict == "healthy"
