"""Reference solution for cg_ppg_spo2."""

import numpy as np


def spo2_ratio_of_ratios(red, ir, fs, window_s=4.0, step_s=1.0, a=110.0, b=25.0):
    """Sliding-window SpO2 = clip(a - b * R, 0, 100) with R the red/IR ratio of AC/DC ratios."""
    red = np.asarray(red, dtype=np.float64)
    ir = np.asarray(ir, dtype=np.float64)
    if red.ndim != 1 or red.shape != ir.shape:
        raise ValueError("red and ir must be 1-D arrays of the same length")
    w = int(round(window_s * fs))      # window length in samples
    s = int(round(step_s * fs))        # hop in samples
    if fs <= 0 or w < 1 or s < 1:
        raise ValueError("fs must be positive and window/step at least one sample")
    if red.size < w:
        raise ValueError("signal shorter than one window")

    spo2, ratio = [], []
    for start in range(0, red.size - w + 1, s):
        r_win, i_win = red[start:start + w], ir[start:start + w]
        dc_r, dc_i = r_win.mean(), i_win.mean()
        if dc_r <= 0 or dc_i <= 0:
            raise ValueError("DC level must be positive")
        ac_r, ac_i = r_win.std(), i_win.std()
        if ac_i == 0:
            spo2.append(np.nan)
            ratio.append(np.nan)
            continue
        r = (ac_r / dc_r) / (ac_i / dc_i)
        ratio.append(r)
        spo2.append(min(100.0, max(0.0, a - b * r)))
    return np.array(spo2), np.array(ratio)
