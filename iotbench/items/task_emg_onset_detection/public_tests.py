import numpy as np

from candidate import detect_activations


def test_one_clean_contraction():
    fs = 1000.0
    rng = np.random.default_rng(7)
    n = int(8 * fs)
    x = 2.0 * rng.normal(size=n)                   # resting noise, µV
    burst = slice(int(3.0 * fs), int(5.0 * fs))
    x[burst] += 80.0 * rng.normal(size=2000)       # a contraction from 3.0 s to 5.0 s
    got = np.asarray(detect_activations(x, fs))
    assert got.shape == (1, 2)
    assert abs(got[0, 0] - 3.0) <= 0.05 and abs(got[0, 1] - 5.0) <= 0.05
