import numpy as np

from candidate import alpha_peak_frequency


def test_clean_ten_hertz_rhythm():
    fs = 256.0
    rng = np.random.default_rng(1)
    t = np.arange(int(60 * fs)) / fs
    eeg = 20 * np.sin(2 * np.pi * 10.0 * t) + rng.normal(0, 5, t.size)
    iaf = alpha_peak_frequency(eeg, fs)
    assert isinstance(iaf, float) and abs(iaf - 10.0) <= 0.5
