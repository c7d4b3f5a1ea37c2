import numpy as np

from candidate import extract_breathing


def test_fifteen_bpm():
    lam = 0.005
    t = np.arange(600) / 20.0
    d = 2e-3 * np.sin(2 * np.pi * 0.25 * t)
    x = np.exp(1j * 4 * np.pi * d / lam)
    disp, bpm = extract_breathing(x, 20.0, lam)
    assert disp.shape == (600,)
    assert abs(bpm - 15.0) < 0.4
