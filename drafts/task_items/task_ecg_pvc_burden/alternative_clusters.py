"""PVC burden by beat clustering (a different detector and classifier from the reference).

1. One detector for every kind of complex: a combined score, the slope energy of the QRS band
   plus the deflection envelope, each relative to the record's typical beat; peaks at least
   360 ms apart (the T wave of a beat comes earlier than any next complex).
2. Beats in movement artefact (the ECG between complexes is not quiet there) are set aside.
3. All remaining beats are clustered by shape (greedy, normalised correlation of 200 ms QRS
   windows with a small lag search); the cluster holding most beats is the dominant
   (normally conducted) one. Another cluster is ventricular when its complex is clearly wider
   than the dominant one or unlike it; tiny clusters are artefacts and are ignored.
4. Burden = ventricular beats / classified beats."""
import numpy as np
from scipy.signal import butter, find_peaks, sosfiltfilt


def _windows(y, centres, half):
    return y[centres[:, None] + np.arange(-half, half)[None, :]]


def _movement(y, beats, fs, amp):
    """True for beats inside movement artefact. Per 0.5 s block (with its neighbours): the
    lower quartile of the deviation (a clean ECG is isoelectric much of the time) and the
    deviation of the samples outside the complexes and their T waves; both far above the
    record's typical values means movement. Where the beats leave too little ECG outside them
    (dense ectopy) the quartile alone decides, with a higher bar."""
    w = int(0.5 * fs)
    nb = y.size // w
    blocks = y[: nb * w].reshape(nb, w)

    def with_neighbours(a):
        return np.concatenate([a, np.roll(a, 1, axis=0), np.roll(a, -1, axis=0)], axis=1)

    three = with_neighbours(blocks)
    low = np.percentile(np.abs(three - np.median(three, axis=1, keepdims=True)), 25, axis=1)
    quiet = np.ones(y.size, bool)
    for b in beats:
        quiet[max(0, b - int(0.08 * fs)):b + int(0.35 * fs)] = False
    out = with_neighbours(np.where(quiet[: nb * w].reshape(nb, w), blocks, np.nan))
    enough = np.sum(~np.isnan(out), axis=1) >= int(0.15 * fs)
    level = np.zeros(nb)
    rows = out[enough]
    level[enough] = np.nanmedian(np.abs(rows - np.nanmedian(rows, axis=1, keepdims=True)), axis=1)
    lim_low = 3 * np.median(low) + 0.08 * amp
    lim_out = 3 * np.median(level[enough]) + 0.08 * amp
    noisy = (low > lim_low) & ((enough & (level > lim_out)) | (~enough & (low > 1.5 * lim_low)))
    for _ in range(2):   # a burst's edges are noisy too: widen by 1 s on each side
        noisy = noisy | np.r_[False, noisy[:-1]] | np.r_[noisy[1:], False]
    return noisy[np.minimum(beats // w, nb - 1)]


def pvc_burden(ecg, fs):
    x = np.asarray(ecg, dtype=float)
    if x.ndim != 1:
        raise ValueError("ecg must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    fs = float(fs)
    if x.size < 60 * fs:
        raise ValueError("recording shorter than 60 s")
    y = sosfiltfilt(butter(2, [0.6, min(30.0, 0.4 * fs)], btype="bandpass", fs=fs,
                           output="sos"), x)
    k = max(1, int(0.08 * fs))
    band = sosfiltfilt(butter(2, [8, min(30.0, 0.4 * fs)], btype="bandpass", fs=fs,
                              output="sos"), y)
    slope = np.convolve(band ** 2, np.ones(k) / k, mode="same")
    env = np.convolve(np.abs(y), np.ones(k) / k, mode="same")
    strong, _ = find_peaks(slope, distance=int(0.3 * fs), height=0.3 * np.percentile(slope, 99))
    score = slope / np.median(slope[strong]) + env / np.median(env[strong])
    beats, _ = find_peaks(score, distance=int(0.36 * fs), height=0.6)
    half = int(0.1 * fs)
    edge = 3 * half
    beats = beats[(beats > edge) & (beats < y.size - edge)]
    amp = np.median(np.abs(y[strong]))
    beats = beats[~_movement(y, beats, fs, amp)]
    # centre each complex on its own energy (centroid of |y| within +-100 ms)
    seg = np.abs(_windows(y, beats, half))
    beats = beats - half + np.round((seg * np.arange(2 * half)).sum(1) / seg.sum(1)).astype(int)
    lags = range(-int(0.02 * fs), int(0.02 * fs) + 1)
    win = np.stack([_windows(y, beats + lag, half) for lag in lags])      # (lags, beats, n)
    win = win - win.mean(axis=2, keepdims=True)
    win = win / (np.linalg.norm(win, axis=2, keepdims=True) + 1e-12)
    centre = win[len(win) // 2]
    sim = np.max(np.einsum("lbn,cn->lbc", win, centre), axis=0)            # (beats, beats)
    sim = np.maximum(sim, sim.T)
    labels = np.full(beats.size, -1)
    left = np.ones(beats.size, bool)
    cluster = 0
    while left.any():
        members = (sim > 0.85) & left[None, :]
        sizes = members.sum(1) * left
        c = int(np.argmax(sizes))
        if sizes[c] < 4:
            break
        labels[members[c]] = cluster
        left &= ~members[c]
        cluster += 1
    if cluster == 0:
        return 0.0
    # complex width per cluster: how long the median complex's slope stays high
    def width(idx):
        med = np.median(_windows(y, beats[idx], 2 * half), axis=0)
        s = np.abs(np.gradient(med))
        s = np.convolve(s, np.ones(3) / 3, mode="same")
        return np.sum(s > 0.2 * s.max()) / fs

    sizes = np.bincount(labels[labels >= 0])
    dominant = int(np.argmax(sizes))
    w0 = width(np.flatnonzero(labels == dominant))
    med0 = np.median(centre[labels == dominant], axis=0)
    ventricular = np.zeros(beats.size, bool)
    for c in range(cluster):
        if c == dominant:
            continue
        idx = np.flatnonzero(labels == c)
        medc = np.median(centre[idx], axis=0)
        r = medc @ med0 / (np.linalg.norm(medc) * np.linalg.norm(med0) + 1e-12)
        if width(idx) > 1.3 * w0 or r < 0.75:
            ventricular[idx] = True
    classified = labels >= 0
    return float(100.0 * ventricular.sum() / classified.sum())
