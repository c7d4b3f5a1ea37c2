import numpy as np

from candidate import eyes_closed


def test_alpha_bursts_mark_closed_eyes():
    fs = 256.0
    t = np.arange(int(60 * fs)) / fs
    closed = (t >= 20) & (t < 40)
    rng = np.random.default_rng(0)
    alpha = np.where(closed, 30.0, 4.0) * np.sin(2 * np.pi * 10.0 * t)
    eeg = np.column_stack([alpha, 0.9 * alpha]) + rng.normal(0, 3.0, size=(t.size, 2))
    got = eyes_closed(eeg, fs)
    assert isinstance(got, np.ndarray) and got.dtype == bool and got.shape == (30,)
    assert got[11:19].all() and not got[:9].any() and not got[21:].any()
