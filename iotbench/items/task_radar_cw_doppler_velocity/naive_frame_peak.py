"""The careful generalist: complex STFT every 0.1 s after removing the DC offset, the strongest
Doppler line away from zero speed, reported when it stands well above that frame's own noise
level (a per-frame CFAR); nothing when it does not."""
import numpy as np


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
    lam = 3.0e8 / float(carrier_hz)
    y = x - x.mean()
    win = int(round(0.25 * fs))
    nfft = 1 << int(np.ceil(np.log2(4 * win)))
    freqs = np.fft.fftfreq(nfft, 1 / fs)
    vel = -freqs * lam / 2
    usable = np.abs(vel) >= 0.2
    pad = np.pad(y, (win, win))
    for k in range(n_frames):
        c = k * hop + hop // 2 + win
        seg = pad[c - win // 2:c - win // 2 + win]
        seg = seg - seg.mean()
        p = np.abs(np.fft.fft(seg * np.hanning(win), nfft)) ** 2
        p_use = np.where(usable, p, 0.0)
        j = int(np.argmax(p_use))
        if p_use[j] > 100 * np.median(p[usable]):
            out[k] = vel[j]
    return out
