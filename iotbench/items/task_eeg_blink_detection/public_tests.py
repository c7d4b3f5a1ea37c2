import numpy as np

from candidate import detect_blinks


def test_three_clear_blinks():
    fs = 250.0
    rng = np.random.default_rng(2)
    t = np.arange(int(12 * fs)) / fs
    v = 500.0 + 8.0 * rng.normal(size=t.size)
    for tb in (2.0, 5.5, 9.0):
        v += 150.0 * np.exp(-0.5 * ((t - tb) / 0.08) ** 2)
    eeg = np.column_stack([v, v + 3.0 * rng.normal(size=t.size)])
    got = np.asarray(detect_blinks(eeg, fs))
    assert got.shape == (3,)
    assert np.all(np.abs(got - np.array([2.0, 5.5, 9.0])) <= 0.1)
