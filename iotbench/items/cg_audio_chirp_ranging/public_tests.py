import numpy as np

from candidate import acoustic_range


def test_half_metre():
    fs = 48000
    L = 480
    t = np.arange(L) / fs
    s = np.sin(2 * np.pi * (2000 * t + 0.5 * 4000 / 0.01 * t ** 2))
    x = np.zeros(3000)
    x[100:100 + L] += s
    x[240:240 + L] += 0.5 * s                    # 140 samples later = 0.5 m
    dist, corr = acoustic_range(x, fs)
    assert abs(dist - 343 * 140 / fs / 2) < 0.01
