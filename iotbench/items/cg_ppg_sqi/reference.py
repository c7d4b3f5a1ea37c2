"""Reference solution for cg_ppg_sqi."""

import numpy as np


def ppg_quality(ppg, fs, window_s=8.0, skew_min=0.0, band_ratio_min=0.5, low_hz=0.5,
                high_hz=4.0):
    """Per-window skewness, cardiac-band power ratio and a good/bad flag."""
    x = np.asarray(ppg, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError("ppg must be 1-D")
    w = int(round(window_s * fs))
    if fs <= 0 or w < 2:
        raise ValueError("fs must be positive and a window at least 2 samples")
    n_windows = x.size // w
    if n_windows == 0:
        raise ValueError("signal shorter than one window")

    freqs = np.fft.rfftfreq(w, 1.0 / fs)
    in_band = (freqs >= low_hz) & (freqs <= high_hz)
    not_dc = freqs > 0

    skews, ratios = [], []
    for k in range(n_windows):
        d = x[k * w:(k + 1) * w]
        d = d - d.mean()
        var = np.mean(d ** 2)
        skews.append(np.mean(d ** 3) / var ** 1.5 if var > 0 else 0.0)
        power = np.abs(np.fft.rfft(d)) ** 2
        total = power[not_dc].sum()
        ratios.append(power[in_band].sum() / total if total > 0 else 0.0)

    skewness = np.array(skews)
    band_ratio = np.array(ratios)
    good = (skewness > skew_min) & (band_ratio >= band_ratio_min)
    return {"skewness": skewness, "band_ratio": band_ratio, "good": good}
