import numpy as np

from candidate import reverberation_time


def test_clean_exponential_decay():
    fs = 16000.0
    rt60 = 0.5
    t = np.arange(int(1.0 * fs)) / fs
    rir = np.random.default_rng(0).normal(size=t.size) * 10 ** (-3 * t / rt60) * 0.05
    rir[0] = 0.9  # direct sound
    value = reverberation_time(rir, fs)
    assert isinstance(value, float)
    assert abs(value - rt60) <= 0.05
