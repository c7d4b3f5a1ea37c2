"""Per-second usability from the slope noise floor (derivative domain).

In a usable ECG the signal is still most of the time: between the complexes (and on the
broad P and T waves) its slope is tiny compared with the steep QRS edges. Motion, muscle noise
and mains hum keep the signal moving all the time. So for each second (judged with a 2 s
window centred on it) the 20th percentile of the absolute slope, after a 40 Hz low-pass and
removal of the slow baseline, is compared with the record's typical QRS slope (the median over
2 s windows of the steepest slope, from live windows that are not among the noisiest). Tall T
waves, large ectopic beats, slow wander and seconds without a beat do not raise the floor.
The same floor without the low-pass (against a looser limit, as it includes the muscle-noise
band) catches mains hum that a low-pass would hide, e.g. 60 Hz at 125 Hz sampling. Flat lines
and the ADC rails are checked directly on the raw samples."""
import numpy as np
from scipy.ndimage import median_filter
from scipy.signal import butter, sosfiltfilt

FLOOR = 0.1
RAW_FLOOR = 1.0   # without the low-pass: mains hum at any sampling rate


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
    mv = x / counts_per_mv
    step = max(1, int(fs // 50))                   # median filters at about 50 Hz
    coarse = mv[: mv.size // step * step].reshape(-1, step).mean(axis=1)
    rate = fs / step
    b = median_filter(median_filter(coarse, int(0.2 * rate) | 1, mode="nearest"),
                      int(0.6 * rate) | 1, mode="nearest")
    base = np.interp(np.arange(mv.size), (np.arange(b.size) + 0.5) * step, b)
    y = sosfiltfilt(butter(3, min(40.0, 0.45 * fs), btype="low", fs=fs, output="sos"), mv - base)
    slope = np.abs(np.gradient(y)) * fs           # mV/s
    # first differences without the low-pass keep mains hum even near the Nyquist rate
    raw_slope = np.abs(np.diff(mv - base, append=mv[-1] - base[-1])) * fs
    rail = (x <= 1) | (x >= 4094)
    dead = np.array([np.ptp(mv[int(k * fs):int((k + 1) * fs)]) < 0.03
                     or rail[int(k * fs):int((k + 1) * fs)].mean() > 0.02 for k in range(secs)])
    floor, steep, raw_floor = np.zeros(secs), np.zeros(secs), np.zeros(secs)
    for k in range(secs):
        a, b = max(0, int((k - 0.5) * fs)), min(x.size, int((k + 1.5) * fs))
        floor[k] = np.percentile(slope[a:b], 20)
        raw_floor[k] = np.percentile(raw_slope[a:b], 20)
        steep[k] = slope[a:b].max()
    live = ~dead
    if live.sum() >= 2:
        quiet = live & (floor <= np.percentile(floor[live], 60))
        qrs_slope = float(np.median(steep[quiet]))
    else:
        qrs_slope = float(slope.max())
    return live & (floor <= FLOOR * qrs_slope) & (raw_floor <= RAW_FLOOR * qrs_slope)
