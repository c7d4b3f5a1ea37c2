"""The v1 reference: per-axis gyro spectra, a dominant and narrow 3.5-7 Hz peak is tremor; no
test of whether the person is walking."""
import numpy as np
from scipy.ndimage import uniform_filter1d
from scipy.signal import butter, sosfiltfilt

WIN_S, HOP_S = 4.0, 0.5
BAND = (3.5, 7.0)


def _window_tremor(seg, fs):
    """(is_tremor, peak frequency) of one window of gyro samples (m, 3)."""
    seg = seg - seg.mean(axis=0)
    m = len(seg)
    w = np.hanning(m)
    nfft = 8 * m
    spec = (np.abs(np.fft.rfft(seg * w[:, None], nfft, axis=0)) ** 2).sum(axis=1)
    f = np.fft.rfftfreq(nfft, 1 / fs)
    move = (f >= 0.3) & (f <= min(15.0, 0.45 * fs))
    total = spec[move].sum()
    if total <= 0:
        return False, 0.0
    band = (f >= BAND[0]) & (f <= BAND[1])
    k = np.flatnonzero(band)[np.argmax(spec[band])]
    fp = f[k]
    near = np.abs(f - fp) <= 0.5
    peak_share = spec[near].sum() / total
    wide = (f >= fp - 2.0) & (f <= fp + 2.0)
    narrow = spec[near].sum() / spec[wide].sum()
    return bool(peak_share > 0.5 and narrow > 0.6), float(fp)


def detect_tremor(acc, gyro, fs):
    acc = np.asarray(acc, dtype=float)
    gyro = np.asarray(gyro, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3 or gyro.shape != acc.shape:
        raise ValueError("acc and gyro must both have shape (n, 3)")
    if not fs > 0:
        raise ValueError("fs must be positive")
    n = len(gyro)
    win, hop = int(WIN_S * fs), max(1, int(HOP_S * fs))
    if n < win:
        return []
    starts = np.arange(0, n - win + 1, hop)
    flags, freqs = [], []
    for s in starts:
        ok, fp = _window_tremor(gyro[s:s + win], fs)
        flags.append(ok)
        freqs.append(fp)
    flags = np.array(flags)
    freqs = np.array(freqs)
    centres = (starts + win / 2) / fs
    # band amplitude envelope for the edges
    sos = butter(2, [BAND[0] - 0.5, BAND[1] + 0.5], btype="bandpass", fs=fs, output="sos")
    bp = sosfiltfilt(sos, gyro - gyro.mean(axis=0), axis=0)
    amp = np.sqrt(uniform_filter1d((bp ** 2).sum(axis=1), size=max(1, int(0.5 * fs))))
    episodes = []
    i = 0
    while i < len(flags):
        if not flags[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(flags) and (flags[j + 1] or (j + 2 < len(flags) and flags[j + 2])):
            j += 1
        a, b = centres[i], centres[j]
        if b - a >= 4.0:
            core = amp[int(a * fs):int(b * fs) + 1]
            level = 0.5 * np.median(core)
            lo = int(a * fs)
            while lo > 0 and amp[lo - 1] > level:
                lo -= 1
            hi = int(b * fs)
            while hi < n - 1 and amp[hi + 1] > level:
                hi += 1
            freq = float(np.median(freqs[i:j + 1][flags[i:j + 1]]))
            episodes.append((lo / fs, hi / fs, freq))
        i = j + 1
    merged = []
    for ep in episodes:
        if merged and ep[0] <= merged[-1][1]:
            last = merged.pop()
            ep = (last[0], max(last[1], ep[1]), 0.5 * (last[2] + ep[2]))
        merged.append(ep)
    return [(float(a), float(b), float(f)) for a, b, f in merged]
