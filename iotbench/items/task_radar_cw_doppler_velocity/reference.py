"""Radial velocity from CW Doppler I/Q: the complex signal keeps the sign of the Doppler shift.
Leakage (DC) is removed with a slow moving average, the receiver's I/Q imbalance is undone
blindly (a real scene's baseband is circular: equal I and Q power, no I-Q correlation), then a
short-time spectrum every 0.1 s. Stationary clutter (a fan, a vibrating machine, leakage
residue) occupies the same Doppler bins all the time, so each bin's typical power over the
recording is the background; a target is a bin standing well above its own background, away
from zero Doppler, and the strongest such excess is the moving body."""
import numpy as np

FRAME_S, WINDOW_S = 0.1, 0.25
MIN_SPEED = 0.2      # m/s: slower motion is inseparable from the static background
EXCESS = 40.0        # power over the bin's own background for a detection (16 dB)


def _remove_dc(x, fs):
    k = max(1, int(0.2 * fs))
    kernel = np.ones(k)
    count = np.convolve(np.ones(x.size), kernel, mode="same")  # fewer samples at the ends
    mean = (np.convolve(x.real, kernel, mode="same") + 1j * np.convolve(x.imag, kernel, mode="same"))
    return x - mean / count


def _balance(x):
    i, q = x.real, x.imag
    q = q - (i @ q) / (i @ i) * i
    q = q * np.sqrt((i @ i) / (q @ q))
    return i + 1j * q


def doppler_velocity(iq, fs, carrier_hz):
    x = np.asarray(iq)
    if x.ndim != 1 or not np.iscomplexobj(x):
        raise ValueError("iq must be a 1-D complex array")
    if not fs > 0 or not carrier_hz > 0:
        raise ValueError("fs and carrier_hz must be positive")
    fs = float(fs)
    hop = int(round(FRAME_S * fs))
    n_frames = x.size // hop
    out = np.full(n_frames, np.nan)
    if n_frames == 0:
        return out
    lam = 3.0e8 / float(carrier_hz)
    y = _balance(_remove_dc(x.astype(complex), fs))
    win = int(round(WINDOW_S * fs))
    nfft = 1 << int(np.ceil(np.log2(4 * win)))
    pad = np.pad(y, (win, win))
    centres = (np.arange(n_frames) * hop + hop // 2) + win
    idx = centres[:, None] + np.arange(win)[None, :] - win // 2
    spec = np.fft.fftshift(np.fft.fft(pad[idx] * np.hanning(win)[None, :], nfft, axis=1), axes=1)
    power = np.abs(spec) ** 2
    freqs = np.fft.fftshift(np.fft.fftfreq(nfft, 1 / fs))
    vel = -freqs * lam / 2
    background = np.percentile(power, 30, axis=0)  # robust to a target that lingers
    usable = np.abs(vel) >= MIN_SPEED
    floor = np.median(background[usable])
    for k in range(n_frames):
        p = power[k]
        excess = np.where(usable & (p > EXCESS * background) & (p > 30 * floor), p - background, 0.0)
        j = int(np.argmax(excess))
        if excess[j] <= 0:
            continue
        if 0 < j < nfft - 1 and min(p[j - 1], p[j + 1]) > 0:
            a, b, c = np.log(p[j - 1]), np.log(p[j]), np.log(p[j + 1])
            den = a - 2 * b + c
            shift = 0.5 * (a - c) / den if den < 0 else 0.0
        else:
            shift = 0.0
        out[k] = -(freqs[j] + shift * fs / nfft) * lam / 2
    return out
