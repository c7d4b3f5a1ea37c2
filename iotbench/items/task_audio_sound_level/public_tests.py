import numpy as np

from candidate import laeq


def test_calibrator_tone():
    # a sound calibrator: 1 kHz at 1 Pa RMS is 94.0 dB, and A-weighting is 0 dB at 1 kHz
    fs = 48000.0
    t = np.arange(int(5 * fs)) / fs
    x = np.sqrt(2) * np.sin(2 * np.pi * 1000 * t)
    assert abs(laeq(x, fs) - 94.0) <= 0.2
