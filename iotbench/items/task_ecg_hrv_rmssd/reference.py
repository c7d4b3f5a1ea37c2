"""Short-term HRV from a 5-minute ECG, with the normal-to-normal editing HRV practice requires.

1. QRS detection on the band-passed (5-25 Hz) signal's squared slope, integrated over 100 ms,
   with a threshold relative to the record's beats and a 250 ms refractory period; the fiducial
   point is the largest deflection of the 40 Hz low-passed signal (either polarity) near the
   detection, refined between samples. Tall T waves are lower and slower than QRS complexes in
   the 5-25 Hz band and do not cross the threshold.
2. Beat classification: a ventricular ectopic beat has a wide QRS (its energy lasts much longer
   than the record's typical QRS) or a different shape (low correlation with the median beat).
3. Interval editing: intervals touching an ectopic beat, intervals much shorter than the local
   reference followed by a rise (premature atrial beats: same shape), and their reset intervals
   are excluded; thresholds follow the person's own beat-to-beat variability.
4. SDNN over the NN intervals; RMSSD over successive differences of adjacent NN intervals."""
import numpy as np
from scipy.signal import butter, find_peaks, sosfiltfilt


def _local_median(x, half):
    pad = np.pad(x, half, mode="reflect")
    return np.median(np.lib.stride_tricks.sliding_window_view(pad, 2 * half + 1), axis=1)


def _detect(ecg, fs):
    band = sosfiltfilt(butter(2, [5, 25], btype="bandpass", fs=fs, output="sos"), ecg)
    e = np.gradient(band) ** 2
    k = max(1, int(0.1 * fs))
    e = np.convolve(e, np.ones(k) / k, mode="same")
    peaks, _ = find_peaks(e, distance=int(0.25 * fs), height=0.25 * np.percentile(e, 99.5))
    return peaks, e


def hrv_time_domain(ecg, fs):
    x = np.asarray(ecg, dtype=float)
    if x.ndim != 1:
        raise ValueError("ecg must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    fs = float(fs)
    if x.size < 60 * fs:
        raise ValueError("recording shorter than 60 s")
    lp = sosfiltfilt(butter(3, [0.7, 40], btype="bandpass", fs=fs, output="sos"), x)
    peaks, energy = _detect(x, fs)
    w = int(0.06 * fs)
    peaks = peaks[(peaks > 2 * w) & (peaks < x.size - 2 * w)]
    fid = np.array([p - w + int(np.argmax(np.abs(lp[p - w:p + w]))) for p in peaks])
    fid = np.unique(fid)
    # sub-sample refinement: parabola through the extremum on the absolute signal
    y0, y1, y2 = np.abs(lp[fid - 1]), np.abs(lp[fid]), np.abs(lp[fid + 1])
    den = y0 - 2 * y1 + y2
    shift = np.where(den < 0, 0.5 * (y0 - y2) / np.where(den == 0, -1, den), 0.0)
    times = (fid + np.clip(shift, -0.5, 0.5)) / fs
    # QRS width: time the 5-25 Hz energy stays above half its peak; shape: correlation with
    # the median beat
    widths = []
    for p in fid:
        seg = energy[p - 2 * w:p + 2 * w]
        widths.append(np.sum(seg > 0.5 * seg.max()) / fs)
    widths = np.array(widths)
    beats = np.array([lp[p - w:p + w] for p in fid])
    template = np.median(beats, axis=0)
    corr = np.array([np.corrcoef(b, template)[0, 1] for b in beats])
    ventricular = (widths > 1.6 * np.median(widths)) | (corr < 0.7)
    rr = np.diff(times) * 1000.0
    ref = _local_median(rr, 10)
    bad = ventricular[:-1] | ventricular[1:]
    bad |= np.abs(rr - ref) > 0.25 * ref                  # missed or extra detections, pauses
    drr = np.diff(rr)
    q1, q3 = np.percentile(drr, [25, 75])
    th = max(3.5 * (q3 - q1) / 2, 15.0)
    rise_next = np.r_[drr > th, True]
    longer_next = np.r_[rr[1:] > 1.1 * rr[:-1], True]
    # a premature beat shortens its interval and the next one lengthens again: the drop and the
    # rise together stand out against the person's own beat-to-beat variability even when each
    # alone is within it (a 20 % premature beat in a highly variable rhythm)
    drop = np.r_[0.0, -drr]
    rise = np.r_[drr, 0.0]
    short_long = (drop > 0.5 * th) & (rise > th) & (drop + rise > 2 * th) & (rr < 0.95 * ref)
    premature = (np.r_[False, drr < -th] & (rr < 0.95 * ref) & rise_next) | \
        ((rr < 0.87 * ref) & longer_next) | short_long
    bad |= premature
    bad |= np.r_[False, premature[:-1]]                   # the reset interval after it
    nn_ok = ~bad
    nn = rr[nn_ok]
    pairs = nn_ok[:-1] & nn_ok[1:]
    diffs = np.diff(rr)[pairs]
    return {"rmssd_ms": float(np.sqrt(np.mean(diffs ** 2))), "sdnn_ms": float(np.std(nn, ddof=1))}
