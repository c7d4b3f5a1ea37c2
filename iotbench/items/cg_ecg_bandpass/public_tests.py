import numpy as np

from candidate import bandpass_ecg


def test_in_band_tone_is_kept():
    fs = 250.0
    t = np.arange(0, 8, 1 / fs)
    x = np.sin(2 * np.pi * 10 * t)
    y = bandpass_ecg(x, fs)
    assert y.shape == x.shape
    mid = slice(500, 1500)
    assert np.max(np.abs(y[mid] - x[mid])) < 0.05
