import numpy as np

from candidate import spo2_ratio_of_ratios


def test_ratio_half():
    fs = 50.0
    t = np.arange(0, 5, 1 / fs)
    pulse = np.sin(2 * np.pi * 1.25 * t)   # 5 full cycles per 4-s window
    spo2, ratio = spo2_ratio_of_ratios(1000 + 10 * pulse, 2000 + 40 * pulse, fs)
    assert ratio.shape == (2,)
    assert np.allclose(ratio, 0.5)
    assert np.allclose(spo2, 97.5)
