import numpy as np

from candidate import heart_rate_track


def test_resting_pulse_without_movement():
    fs = 25.0
    t = np.arange(int(60 * fs)) / fs
    ppg = 30000 + 500 * np.sin(2 * np.pi * 1.25 * t) + 150 * np.sin(2 * np.pi * 2.5 * t + 1)
    acc = np.tile([0.05, -0.2, 0.97], (len(t), 1))
    acc = acc + np.random.default_rng(0).normal(0, 0.005, acc.shape)
    bpm = heart_rate_track(ppg, acc, fs)
    assert bpm.shape == (30,)
    assert np.all(np.abs(bpm[5:] - 75.0) <= 3.0)
