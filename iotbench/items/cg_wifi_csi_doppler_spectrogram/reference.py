"""Short-time Fourier transform of a complex CSI stream (Doppler spectrogram)."""
import numpy as np


def csi_doppler_spectrogram(csi, fs, window_length=128, hop=32):
    """Return (freqs, times, power) of a mean-removed, Hann-windowed STFT with FFT shift."""
    x = np.asarray(csi, dtype=np.complex128)
    if x.ndim != 1:
        raise ValueError("csi must be a 1-D stream")
    if window_length < 2:
        raise ValueError("window_length must be at least 2")
    if hop < 1:
        raise ValueError("hop must be at least 1")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if x.size < window_length:
        raise ValueError("the stream is shorter than one window")

    n = window_length
    n_frames = 1 + (x.size - n) // hop
    starts = np.arange(n_frames) * hop
    # periodic Hann window
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / n)

    frames = x[starts[:, np.newaxis] + np.arange(n)]           # (F, N) by fancy indexing
    frames = frames - frames.mean(axis=1, keepdims=True)      # remove static component
    spectrum = np.fft.fft(frames * window, axis=1)
    power = np.fft.fftshift(np.abs(spectrum) ** 2, axes=1)

    freqs = (np.arange(n) - n // 2) * fs / n
    times = (starts + n / 2) / fs
    return freqs, times, power
