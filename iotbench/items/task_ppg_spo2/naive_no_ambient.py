import numpy as np
from scipy.signal import butter, filtfilt


def estimate_spo2(red, ir, ambient, fs, calibration):
    red = np.asarray(red, dtype=float)
    ir = np.asarray(ir, dtype=float)
    ambient = np.asarray(ambient, dtype=float)
    if red.ndim != 1 or red.shape != ir.shape or red.shape != ambient.shape:
        raise ValueError("channels must be 1-D and of equal length")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if len(red) < 10 * fs:
        raise ValueError("recording too short")
    table = np.asarray(calibration, dtype=float)
    if table.ndim != 2 or len(table) < 2 or np.any(np.diff(table[:, 0]) <= 0):
        raise ValueError("bad calibration table")
    b, a = butter(3, [0.5, min(4.0, 0.45 * fs)], btype="band", fs=fs)
    ac_red, ac_ir = filtfilt(b, a, red), filtfilt(b, a, ir)
    win = int(4 * fs)
    ratios = []
    for s in range(0, len(red) - win + 1, int(fs)):
        w = slice(s, s + win)
        ratios.append((ac_red[w].std() / red[w].mean()) / (ac_ir[w].std() / ir[w].mean()))
    r_value = float(np.median(ratios))
    return float(np.clip(np.interp(r_value, table[:, 0], table[:, 1]), 0, 100))
