import numpy as np


def track_pitch(x, fs):
    x = np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError("x must be a 1-D array")
    if fs <= 0:
        raise ValueError("fs must be positive")
    hop = int(round(fs / 100))
    n_frames = len(x) // hop
    frame_len = int(0.05 * fs)
    nfft = 8 * (1 << int(np.ceil(np.log2(frame_len))))
    x = x - np.mean(x)
    padded = np.concatenate([np.zeros(frame_len // 2), x, np.zeros(frame_len)])
    window = np.hanning(frame_len)
    freqs = np.fft.rfftfreq(nfft, 1 / fs)
    band = (freqs >= 60) & (freqs <= 500)
    energies = np.array([np.sum(padded[k * hop:k * hop + frame_len] ** 2) for k in range(n_frames)])
    silence = 0.01 * np.max(energies) if n_frames else 0.0
    f0 = np.zeros(n_frames)
    for k in range(n_frames):
        if energies[k] <= silence:
            continue
        spec = np.abs(np.fft.rfft(padded[k * hop:k * hop + frame_len] * window, nfft))
        inband = spec[band]
        peak = int(np.argmax(inband))
        # voiced when the peak stands well above the spectrum's typical level (tonal, not noise)
        if inband[peak] < 6 * np.median(spec[freqs < 4000]):
            continue
        f0[k] = freqs[band][peak]
    return f0
