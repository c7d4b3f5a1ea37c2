"""Per-second usability of a single-lead ECG.

The record is judged against itself: its typical QRS size (median peak-to-peak of the
band-passed signal over 2 s windows that are live and among the quietest) is the yardstick.
A second is unusable when
- the electrode is off: the raw signal is flat (no change beyond a few tens of microvolts), or
  sits at an ADC rail;
- the signal saturates: a noticeable part of the second is at the ADC rails;
- mains interference dominates: the 50/60 Hz amplitude fitted in that second is comparable to
  the QRS size;
- motion swamps the ECG: after removing the slow baseline (median filters) and the mains, the
  *typical* (median absolute) level of the second, which in ECG is the quiet isoelectric line
  between complexes, is comparable to the QRS size; or its typical level above 8 Hz (where
  P and T waves have no energy and the QRS occupies only a few samples) is more than a few
  percent of it (muscle and movement noise).
Tall P/T waves, large ectopic beats and slow wander change only a minority of samples or are
removed with the baseline, so they do not make a second unusable; a second without any beat
(bradycardia) is still usable."""
import numpy as np
from scipy.ndimage import median_filter
from scipy.signal import butter, sosfiltfilt


def _mains(mv, fs, secs):
    """Per second: the 50/60 Hz amplitude (the larger) fitted by least squares, and the signal
    with both removed."""
    n = int(fs)
    t = np.arange(n) / fs
    blocks = mv[:secs * n].reshape(secs, n)
    blocks = blocks - blocks.mean(axis=1, keepdims=True)
    amp = np.zeros(secs)
    fitted = np.zeros_like(blocks)
    for f in (50.0, 60.0):
        if f >= 0.5 * fs - 1:
            continue
        m = np.column_stack([np.sin(2 * np.pi * f * t), np.cos(2 * np.pi * f * t),
                             np.ones(n), t - t.mean()])
        coef = blocks @ np.linalg.pinv(m).T            # (secs, 4)
        amp = np.maximum(amp, np.hypot(coef[:, 0], coef[:, 1]))
        fitted += coef[:, :2] @ m[:, :2].T
    clean = mv.copy()
    clean[:secs * n] -= fitted.ravel()
    return amp, clean


def _baseline(x, fs):
    """Two-stage median filter (200 ms, 600 ms), run at about 50 Hz and interpolated back."""
    step = max(1, int(fs // 50))
    coarse = x[: x.size // step * step].reshape(-1, step).mean(axis=1)
    rate = fs / step
    b = median_filter(median_filter(coarse, int(0.2 * rate) | 1, mode="nearest"),
                      int(0.6 * rate) | 1, mode="nearest")
    centres = (np.arange(b.size) + 0.5) * step
    return np.interp(np.arange(x.size), centres, b)


def usable_seconds(ecg, fs, counts_per_mv):
    x = np.asarray(ecg, dtype=float)
    if x.ndim != 1:
        raise ValueError("ecg must be 1-D")
    if not fs > 0 or not counts_per_mv > 0:
        raise ValueError("fs and counts_per_mv must be positive")
    fs = float(fs)
    secs = int(x.size // fs)
    if secs == 0:
        return np.zeros(0, dtype=bool)
    n = int(fs)
    rail = (x <= 1) | (x >= 4094)
    mv = x / counts_per_mv
    mains, clean = _mains(mv, fs, secs)
    y = sosfiltfilt(butter(2, min(40.0, 0.45 * fs), btype="low", fs=fs, output="sos"),
                    clean - _baseline(clean, fs))
    hf = sosfiltfilt(butter(2, [8.0, min(40.0, 0.45 * fs)], btype="bandpass", fs=fs,
                            output="sos"), clean)
    # the record's typical QRS size: peak-to-peak over 2 s windows (there is a beat in each),
    # from windows that are neither flat nor at the rails and are among the 60 % quietest
    # above 8 Hz (so that long stretches of artefact cannot inflate it)
    w2 = secs // 2
    if w2 >= 2:
        cut = w2 * 2 * n
        ptp_w = np.ptp(y[:cut].reshape(w2, -1), axis=1)
        hf_w = np.median(np.abs(hf[:cut].reshape(w2, -1)), axis=1)
        live = (np.ptp(mv[:cut].reshape(w2, -1), axis=1) > 0.05) & \
            (rail[:cut].reshape(w2, -1).mean(axis=1) < 0.02)
    else:
        live = np.zeros(0, dtype=bool)
    if live.sum() >= 2:
        quiet = live & (hf_w <= np.percentile(hf_w[live], 60))
        qrs = float(np.median(ptp_w[quiet]))
    else:
        qrs = float(np.ptp(y))
    cut = secs * n
    raw = mv[:cut].reshape(secs, n)
    ys = y[:cut].reshape(secs, n)
    flat = (np.ptp(raw, axis=1) < 0.03) | \
        (np.percentile(np.abs(np.diff(x[:cut].reshape(secs, n), axis=1)), 90, axis=1) <= 1)
    railed = rail[:cut].reshape(secs, n).mean(axis=1) > 0.02
    hum = mains > 0.35 * qrs
    lf = np.median(np.abs(ys - np.median(ys, axis=1, keepdims=True)), axis=1) > 0.6 * qrs
    noise = np.median(np.abs(hf[:cut].reshape(secs, n)), axis=1) > 0.05 * qrs
    return ~(flat | railed | hum | lf | noise)
