import numpy as np

from candidate import hrv_time_domain


def test_breathing_modulated_sinus_rhythm():
    fs = 250.0
    k = np.arange(110)
    rr = 1.0 + 0.04 * np.sin(2 * np.pi * k / 5)          # RSA: one breath every 5 beats
    beats = 0.5 + np.r_[0.0, np.cumsum(rr)]
    t = np.arange(int((beats[-1] + 1.0) * fs)) / fs
    ecg = np.zeros_like(t)
    for b in beats:
        ecg += 1.2 * np.exp(-0.5 * ((t - b) / 0.01) ** 2)
        ecg += 0.3 * np.exp(-0.5 * ((t - b - 0.28) / 0.05) ** 2)
    out = hrv_time_domain(ecg, fs)
    rr_ms = 1000 * rr
    rmssd = np.sqrt(np.mean(np.diff(rr_ms) ** 2))
    sdnn = np.std(rr_ms, ddof=1)
    assert isinstance(out["rmssd_ms"], float) and isinstance(out["sdnn_ms"], float)
    assert abs(out["rmssd_ms"] - rmssd) <= 0.1 * rmssd
    assert abs(out["sdnn_ms"] - sdnn) <= 0.1 * sdnn
