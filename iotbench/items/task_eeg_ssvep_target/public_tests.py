import numpy as np

from candidate import classify_ssvep


def test_clear_response_at_twelve_hertz():
    fs = 250.0
    rng = np.random.default_rng(11)
    t = np.arange(int(3 * fs)) / fs
    response = 3.0 * np.sin(2 * np.pi * 12.0 * t) + 1.0 * np.sin(2 * np.pi * 24.0 * t + 0.5)
    eeg = np.column_stack([g * response + 5.0 * rng.normal(size=t.size) for g in (1.0, 0.8, 0.6)])
    freqs = [8.0, 10.0, 12.0, 15.0]
    assert classify_ssvep(eeg, fs, freqs) == 2
