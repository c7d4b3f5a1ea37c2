import numpy as np

from candidate import detect_blinks


def test_two_blinks():
    fs = 250.0
    t = np.arange(0, 6, 1 / fs)
    x = 10 * np.sin(2 * np.pi * 10 * t)
    for c in (1.5, 4.0):
        x += 250 * np.exp(-0.5 * ((t - c) / 0.05) ** 2)
    got = detect_blinks(x, fs)
    assert len(got) == 2 and np.allclose(got, [375, 1000], atol=2)
