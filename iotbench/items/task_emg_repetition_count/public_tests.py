import numpy as np

from candidate import count_repetitions


def test_one_clean_set():
    fs, reps, period = 500.0, 8, 2.5
    rng = np.random.default_rng(3)
    t = np.arange(int((6 + reps * period + 6) * fs)) / fs
    phase = (t - 6.0) / period
    lifting = (phase >= 0) & (phase < reps) & ((phase % 1.0) < 0.4)
    level = 0.5 + 30.0 * lifting
    emg = np.column_stack([level * g * rng.normal(size=t.size) for g in (1.0, 0.6, 0.2, 0.1)])
    assert count_repetitions(emg, fs) == reps


def test_rest_only():
    emg = np.random.default_rng(4).normal(size=(200 * 30, 8))
    assert count_repetitions(emg, 200.0) == 0
