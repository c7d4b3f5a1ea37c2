"""Pitch track by the YIN difference function: for every 10 ms frame, the cumulative-mean-
normalised squared difference between the signal and its lagged copy; the first lag whose
normalised difference is lowest gives a period or a multiple of it; the shortest submultiple that
is nearly as periodic is the period, refined by a parabola. Voicing = a deep enough dip in a frame loud enough to be
above the recording's noise floor. A short median over the track removes isolated octave jumps."""
import numpy as np

FMIN, FMAX = 55.0, 520.0
DIP = 0.15          # first dip of the normalised difference below this is the period
VOICED_MAX = 0.35   # aperiodicity above this: not voiced


def _frames(x, fs, hop, width):
    n_frames = len(x) // hop
    pad = width // 2 + 1
    xp = np.concatenate([np.zeros(pad), x, np.zeros(width + pad)])
    starts = np.arange(n_frames) * hop + pad - width // 2
    idx = starts[:, None] + np.arange(width)[None, :]
    return xp[idx]


def _highpass(x, fs, cutoff=120.0):
    """Remove rumble and mains hum below the band that carries the harmonics (the pitch is still
    defined by the harmonics above, as on a telephone line)."""
    from scipy.signal import butter, sosfiltfilt
    sos = butter(4, cutoff, btype="highpass", fs=fs, output="sos")
    return sosfiltfilt(sos, x) if len(x) > 30 else x


def track_pitch(x, fs):
    x = np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError("x must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    hop = int(round(fs / 100))
    n_frames = len(x) // hop
    if n_frames == 0:
        return np.zeros(0)
    x = _highpass(x - x.mean(), fs)
    tau_min = int(fs / FMAX)
    tau_max = int(np.ceil(fs / FMIN)) + 1
    w = int(0.025 * fs)  # integration window: well over one period of the lowest pitch
    seg = _frames(x, fs, hop, w + tau_max + 1)
    # d(tau) = e0 + e_tau - 2 r(tau) over the first w samples of each segment
    nfft = 1 << int(np.ceil(np.log2(2 * seg.shape[1])))
    a = np.fft.rfft(seg[:, :w], nfft)
    b = np.fft.rfft(seg, nfft)
    r = np.fft.irfft(np.conj(a) * b, nfft)[:, :tau_max + 1]
    sq = np.cumsum(np.concatenate([np.zeros((len(seg), 1)), seg ** 2], axis=1), axis=1)
    e0 = sq[:, w]
    taus = np.arange(tau_max + 1)
    e_tau = sq[:, taus + w] - sq[:, taus]
    d = np.maximum(e0[:, None] + e_tau - 2 * r, 0)
    cum = np.cumsum(d[:, 1:], axis=1)
    dn = np.ones_like(d)
    dn[:, 1:] = d[:, 1:] * taus[None, 1:] / np.maximum(cum, 1e-20)

    f0 = np.zeros(n_frames)
    aper = np.ones(n_frames)
    for k in range(n_frames):
        row = dn[k]
        search = row[tau_min:tau_max]
        t = tau_min + int(np.argmin(search))  # best period, or a multiple of it
        best = row[t]
        for div in (8, 7, 6, 5, 4, 3, 2):  # prefer a submultiple that is nearly as periodic
            c = t / div
            if c < tau_min:
                continue
            lo_, hi_ = max(tau_min, int(c * 0.97)), min(tau_max, int(np.ceil(c * 1.03)) + 1)
            j = lo_ + int(np.argmin(row[lo_:hi_]))
            if row[j] <= 2.0 * best + 0.015 and row[j] < DIP * 2:
                t = j
                break
        aper[k] = row[t]
        if 0 < t < tau_max:
            p, q, s = row[t - 1], row[t], row[t + 1]
            denom = p - 2 * q + s
            shift = 0.5 * (p - s) / denom if denom > 0 else 0.0
        else:
            shift = 0.0
        f0[k] = fs / (t + np.clip(shift, -0.5, 0.5))

    energy = e0 / w
    floor = np.percentile(energy, 10)
    loud = energy > max(4 * floor, 1e-4 * np.percentile(energy, 95))
    voiced = (aper < VOICED_MAX) & loud
    # isolated voiced/unvoiced frames are flickers
    v = voiced.copy()
    v[1:-1] = np.where(voiced[:-2] == voiced[2:], voiced[:-2], voiced[1:-1])
    out = np.where(v, f0, 0.0)
    # octave jumps inside a voiced run: replace a frame far off its neighbours' median
    for k in np.flatnonzero(v):
        lo, hi = max(0, k - 3), min(n_frames, k + 4)
        nb = out[lo:hi][out[lo:hi] > 0]
        if nb.size >= 3:
            med = np.median(nb)
            if abs(np.log2(out[k] / med)) > 0.4:
                out[k] = med
    return out
