import numpy as np

from candidate import notch_powerline


def test_mains_tone_is_removed():
    fs = 500.0
    t = np.arange(0, 6, 1 / fs)
    ecg_like = np.sin(2 * np.pi * 5 * t)
    y = notch_powerline(ecg_like + 0.5 * np.sin(2 * np.pi * 50 * t), fs)
    assert y.shape == t.shape
    assert np.max(np.abs(y[1000:2000] - ecg_like[1000:2000])) < 0.02
