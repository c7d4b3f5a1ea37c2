import numpy as np

from candidate import laeq


def test_calibrator_tone():
    # a sound calibrator at the microphone: 1 kHz at 94 dB SPL, and A-weighting is 0 dB at
    # 1 kHz; this microphone's datasheet says the tone reads -26 dBFS
    fs = 48000.0
    t = np.arange(int(5 * fs)) / fs
    peak = 2 ** 23 * 10 ** (-26 / 20)  # a 0 dBFS sine has its peak at full scale
    codes = np.round(peak * np.sin(2 * np.pi * 1000 * t)).astype(np.int64)
    words = (codes * 256).astype(np.int32)
    assert abs(laeq(words, fs, -26.0) - 94.0) <= 0.2
