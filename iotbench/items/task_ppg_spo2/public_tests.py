import numpy as np

from candidate import estimate_spo2

TABLE = [(0.4, 100.0), (0.6, 95.0), (0.8, 90.0), (1.0, 85.0), (1.2, 80.0), (1.4, 75.0)]


def test_clean_pulse_in_the_dark():
    fs = 50.0
    t = np.arange(int(30 * fs)) / fs
    pulse = 0.5 + 0.5 * np.sin(2 * np.pi * 1.2 * t)   # 72 beats per minute
    ir = 100000.0 * (1 - 0.02 * pulse)
    red = 50000.0 * (1 - 0.6 * 0.02 * pulse)           # R = 0.6 -> 95 %
    ambient = np.full_like(t, 200.0)
    spo2 = estimate_spo2(red + 200.0, ir + 200.0, ambient, fs, TABLE)
    assert isinstance(spo2, float)
    assert abs(spo2 - 95.0) <= 1.0
