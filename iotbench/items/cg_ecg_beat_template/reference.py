"""Reference solution for cg_ecg_beat_template."""

import numpy as np


def beat_templates(signal, fs, r_peaks, pre_s=0.25, post_s=0.45):
    """Beats around R peaks, their median template and each beat's correlation with it."""
    x = np.asarray(signal, dtype=np.float64)
    if x.ndim != 1 or not x.size:
        raise ValueError("signal must be a non-empty 1-D array")
    pre = int(round(pre_s * fs))
    post = int(round(post_s * fs))
    if pre < 0 or post < 1:
        raise ValueError("need pre >= 0 and post >= 1 samples")

    peaks = np.asarray(r_peaks, dtype=np.int64).ravel()
    fits = (peaks - pre >= 0) & (peaks + post <= x.size)
    kept = peaks[fits]

    # np.stack raises ValueError when no beat fits inside the signal
    beats = np.stack([x[r - pre:r + post] for r in kept])
    template = np.median(beats, axis=0)

    t = template - template.mean()
    corr = []
    for beat in beats:
        b = beat - beat.mean()
        denom = np.sqrt(np.sum(b * b) * np.sum(t * t))
        corr.append(np.sum(b * t) / denom if denom > 0 else 0.0)
    return {"beats": beats, "kept": kept, "template": template,
            "correlation": np.array(corr)}
