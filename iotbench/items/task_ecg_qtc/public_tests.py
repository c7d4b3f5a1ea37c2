import numpy as np

from candidate import qtc_bazett


def _bump(t, start, length):
    u = (t - start) / length
    return np.where((u > 0) & (u < 1), 0.5 - 0.5 * np.cos(2 * np.pi * u), 0.0)


def test_clean_synthetic_ecg_at_60_bpm():
    fs = 500.0
    t = np.arange(int(10 * fs)) / fs
    mv = np.zeros_like(t)
    for onset in np.arange(0.5, 10, 1.0):               # 60 bpm: QTc equals QT
        mv += 0.15 * _bump(t, onset - 0.16, 0.09)      # P wave
        mv += 1.2 * _bump(t, onset, 0.07)              # R wave
        mv -= 0.3 * _bump(t, onset + 0.05, 0.04)       # S wave
        peak = onset + 0.40 - 0.8183 * 0.08            # T wave, ends at onset + 0.40 s
        up = (t > peak - 0.14) & (t <= peak)
        down = (t > peak) & (t < peak + 0.08)
        mv[up] += 0.4 * (0.5 - 0.5 * np.cos(np.pi * (t[up] - peak + 0.14) / 0.14))
        mv[down] += 0.4 * (0.5 + 0.5 * np.cos(np.pi * (t[down] - peak) / 0.08))
    ecg = np.round(2048 + 200 * mv)
    qtc = qtc_bazett(ecg, fs, 200.0)
    assert isinstance(qtc, float)
    assert abs(qtc - 400.0) <= 20.0
