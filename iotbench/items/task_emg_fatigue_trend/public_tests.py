import numpy as np
from scipy.signal import butter, sosfilt

from candidate import fatigue_rate


def hold(fs, seconds, speed_end, seed):
    """Rest 4 s, a hold whose EMG spectrum scales from 1 to speed_end, rest 3 s (µV)."""
    rng = np.random.default_rng(seed)
    n_hold = int(seconds * fs)
    speed = np.linspace(1.0, speed_end, n_hold)
    warped = np.concatenate([[0.0], np.cumsum(speed[:-1])])
    sos = butter(2, [40.0, 160.0], btype="bandpass", fs=2 * fs, output="sos")
    y = sosfilt(sos, rng.normal(size=2 * n_hold + 100))
    emg = 60.0 * np.interp(2 * warped, np.arange(y.size), y) / y.std()
    x = np.concatenate([np.zeros(int(4 * fs)), emg, np.zeros(int(3 * fs))])
    return x + 2.0 * rng.normal(size=x.size)


def test_steady_hold_is_not_fatigue():
    fs = 1000.0
    assert abs(fatigue_rate(hold(fs, 90.0, 1.0, 1), fs)) <= 3.0


def test_compressing_spectrum():
    fs = 1000.0
    rate = fatigue_rate(hold(fs, 90.0, 0.7, 2), fs)   # -30 % in 1.5 min: -20 %/min
    assert abs(rate - (-20.0)) <= 7.0
