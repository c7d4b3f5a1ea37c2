import numpy as np

from candidate import breathing_rate


def test_breathing_modulated_qrs():
    fs = 250.0
    t = np.arange(int(60 * fs)) / fs
    breath = np.sin(2 * np.pi * 0.25 * t)                     # 15 breaths per minute
    ecg = 0.1 * breath                                         # baseline moves with breathing
    beat = 0.4
    while beat < 59.5:
        b = np.sin(2 * np.pi * 0.25 * beat)
        ecg += (1.0 + 0.1 * b) * np.exp(-0.5 * ((t - beat) / 0.01) ** 2)
        ecg += 0.25 * np.exp(-0.5 * ((t - beat - 0.28) / 0.05) ** 2)
        beat += 0.8 * (1 - 0.04 * b)                          # sinus arrhythmia
    rate = breathing_rate(ecg, fs)
    assert isinstance(rate, float)
    assert abs(rate - 15.0) <= 2.0
