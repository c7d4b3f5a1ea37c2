"""A different background model and estimator: the leakage is removed by a zero-phase IIR
high-pass, the I/Q imbalance by whitening the 2x2 covariance of (I, Q). The clutter spectrum
(fan, vibrating machine, noise) is learned from the quietest frames of the recording, those
with the least power away from zero Doppler (the scene with nobody moving); a frame has a
target where its spectrum exceeds that clutter spectrum by a wide margin, and the velocity is
the power centroid of the strongest excess line."""
import numpy as np
from scipy.signal import butter, sosfiltfilt


def _whiten(y):
    m = np.vstack([y.real, y.imag])
    cov = m @ m.T / m.shape[1]
    w, v = np.linalg.eigh(cov)
    white = (v / np.sqrt(w)) @ v.T @ m      # symmetric whitening keeps I and Q roughly in place
    return white[0] + 1j * white[1]


def doppler_velocity(iq, fs, carrier_hz):
    x = np.asarray(iq)
    if x.ndim != 1 or not np.iscomplexobj(x):
        raise ValueError("iq must be a 1-D complex array")
    if not fs > 0 or not carrier_hz > 0:
        raise ValueError("fs and carrier_hz must be positive")
    fs = float(fs)
    hop = int(round(0.1 * fs))
    n_frames = x.size // hop
    out = np.full(n_frames, np.nan)
    if n_frames < 3:
        return out
    lam = 3.0e8 / float(carrier_hz)
    sos = butter(2, 3.0, btype="highpass", fs=fs, output="sos")
    y = sosfiltfilt(sos, x.real) + 1j * sosfiltfilt(sos, x.imag)
    y = _whiten(y)
    win = int(round(0.2 * fs))
    nfft = 1 << int(np.ceil(np.log2(8 * win)))
    pad = np.pad(y, (win, win))
    starts = np.arange(n_frames) * hop + hop // 2 + win - win // 2
    segs = pad[starts[:, None] + np.arange(win)[None, :]] * np.blackman(win)[None, :]
    power = np.abs(np.fft.fft(segs, nfft, axis=1)) ** 2
    freqs = np.fft.fftfreq(nfft, 1 / fs)
    vel = -freqs * lam / 2
    usable = np.abs(vel) >= 0.25
    # activity of a frame: its power relative to each bin's typical level, so that a strong but
    # fluctuating clutter line does not decide which frames look quiet
    typical = np.percentile(power, 20, axis=0) + 1e-30
    activity = (power[:, usable] / typical[usable]).sum(axis=1)
    quiet = activity <= np.percentile(activity, 30)
    clutter = power[quiet].mean(axis=0)
    # smooth a little across frequency so a clutter line's exact bin does not matter
    clutter = np.maximum(clutter, np.convolve(clutter, np.ones(5) / 5, mode="same"))
    quietest = activity <= np.percentile(activity, 15)
    peak = power[quietest].max(axis=0)   # how high the clutter alone reaches
    level = np.median(clutter[usable])
    for k in range(n_frames):
        p = power[k]
        score = np.where(usable & (p > 8 * clutter) & (p > 3 * peak) & (p - clutter > 40 * level),
                         p - clutter, 0.0)
        j = int(np.argmax(score))
        if score[j] <= 0:
            continue
        idx = (j + np.arange(-3, 4)) % nfft
        wts = np.maximum(p[idx] - clutter[idx], 0)
        f = freqs[j] + (wts @ (np.arange(-3, 4) * fs / nfft)) / wts.sum()
        out[k] = -f * lam / 2
    return out
