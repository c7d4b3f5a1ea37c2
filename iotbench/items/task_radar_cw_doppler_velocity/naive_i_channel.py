"""Doppler from the in-phase channel alone (a real signal): the spectrum's strongest line above
its own background gives the speed; a real spectrum is symmetric, so the positive-frequency
line is taken and reported as the magnitude of the velocity."""
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
    if n_frames == 0:
        return out
    lam = 3.0e8 / float(carrier_hz)
    i = x.real.astype(float)
    k = max(1, int(0.2 * fs))
    i = i - np.convolve(i, np.ones(k) / k, mode="same")
    win = int(round(0.25 * fs))
    nfft = 1 << int(np.ceil(np.log2(4 * win)))
    pad = np.pad(i, (win, win))
    centres = np.arange(n_frames) * hop + hop // 2 + win
    idx = centres[:, None] + np.arange(win)[None, :] - win // 2
    power = np.abs(np.fft.rfft(pad[idx] * np.hanning(win)[None, :], nfft, axis=1)) ** 2
    speed = np.fft.rfftfreq(nfft, 1 / fs) * lam / 2
    background = np.median(power, axis=0)
    usable = speed >= 0.2
    floor = np.median(background[usable])
    for f in range(n_frames):
        p = power[f]
        excess = np.where(usable & (p > 20 * background) & (p > 30 * floor), p - background, 0.0)
        j = int(np.argmax(excess))
        if excess[j] > 0:
            out[f] = speed[j]
    return out
