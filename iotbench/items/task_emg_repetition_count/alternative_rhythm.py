"""Different method: count cycles of the exercise rhythm instead of picking bursts.

- Activity: per channel the mean absolute value of the 20 Hz high-passed EMG over 0.2 s, at
  20 Hz, as log of its ratio to the channel's resting level; channels combined with the
  weights of their first principal component (the armband's orientation decides which
  channels see the working muscles).
- Sets: stretches of activity clearly above rest without a pause of 2 s, at least 6 s long.
- In each set the repetition rate is found by harmonic summation of the spectrum (a
  repetition's lifting and lowering bursts put energy at the rate and at twice the rate, so
  the rate is the frequency whose own and doubled power together are largest), the activity
  minus its one-cycle moving average is low-passed just above that rate, so every repetition
  is one wave, and the repetitions are its upward crossings (with hysteresis).
"""
import numpy as np
from scipy.signal import butter, sosfiltfilt

RATE = 20.0


def _activity(emg, fs):
    x = sosfiltfilt(butter(2, 20.0, btype="highpass", fs=fs, output="sos"),
                    emg - np.median(emg, axis=0), axis=0)
    step = max(1, int(round(fs / RATE)))
    win = max(step, int(0.2 * fs))
    c = np.cumsum(np.vstack([np.zeros((1, x.shape[1])), np.abs(x)]), axis=0)
    centres = np.arange(win // 2, x.shape[0] - win // 2, step)
    mav = (c[centres + win - win // 2] - c[centres - win // 2]) / win
    rest = np.maximum(np.percentile(mav, 5, axis=0), 1e-9)
    logs = np.log(np.maximum(mav / rest, 1.0))
    centred = logs - logs.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    w = np.abs(vt[0])
    return logs @ (w / w.sum())


def _rate(detail):
    """Repetition rate (Hz) by harmonic summation over 0.2-0.7 Hz."""
    n = 16 * detail.size
    spec = np.abs(np.fft.rfft(detail * np.hanning(detail.size), n)) ** 2
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    cand = freqs[(freqs >= 0.2) & (freqs <= 0.7)]
    score = np.interp(cand, freqs, spec) + np.interp(2 * cand, freqs, spec)
    return float(cand[np.argmax(score)])


def _cycles(seg):
    period = int(round(RATE / _rate(seg - seg.mean())))
    pad = np.r_[np.full(period, seg[0]), seg, np.full(period, seg[-1])]
    trend = np.convolve(pad, np.ones(period) / period, mode="same")[period:-period]
    detail = seg - trend
    rate = _rate(detail)
    sos = butter(4, 1.3 * rate, fs=RATE, output="sos")
    k = int(RATE)
    wave = sosfiltfilt(sos, np.r_[np.zeros(k), detail, np.zeros(k)])[k:-k]
    h = 0.25 * np.std(wave)
    crossings, state = 0, -1  # a set starts from rest
    for v in wave:
        if v < -h:
            state = -1
        elif v > h and state == -1:
            crossings += 1
            state = 1
    return crossings


def count_repetitions(emg, fs):
    emg = np.asarray(emg, dtype=float)
    if emg.ndim != 2:
        raise ValueError("emg must be a 2-D array (samples, channels)")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if emg.shape[0] < 10 * fs:
        return 0
    a = _activity(emg, fs)
    rest = np.percentile(a, 10)
    spread = np.percentile(a, 95) - rest
    k = int(RATE)
    level = rest + max(0.1 * spread, 0.2)  # at least 22 % above the resting level
    busy = np.flatnonzero(np.convolve(a, np.ones(k) / k, mode="same") > level)
    if busy.size == 0:
        return 0
    total = 0
    # sets: busy stretches without a pause of 2 s, long enough for 5 repetitions (gestures
    # and shake-outs are short)
    for block in np.split(busy, np.flatnonzero(np.diff(busy) > 2.0 * RATE) + 1):
        if block[-1] - block[0] < 6 * RATE:
            continue
        seg = a[max(0, block[0] - k):block[-1] + k]
        n = _cycles(seg)
        if n >= 4:
            total += n
    return total
