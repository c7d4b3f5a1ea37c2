import numpy as np

from candidate import respiratory_rate


def test_pulse_with_breathing_modulation():
    fs = 50.0
    t = np.arange(int(60 * fs)) / fs
    breath = np.sin(2 * np.pi * 0.25 * t)                   # 15 breaths per minute
    phase = 2 * np.pi * 1.2 * t + 0.3 * np.sin(2 * np.pi * 0.25 * t)
    pulse = (1 + 0.15 * breath) * np.sin(phase)
    ppg = 50000 + 800 * (pulse + 0.2 * breath)
    rate = respiratory_rate(ppg, fs)
    assert isinstance(rate, float)
    assert abs(rate - 15.0) <= 2.0
