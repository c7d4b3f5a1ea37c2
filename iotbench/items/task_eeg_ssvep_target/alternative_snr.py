"""Different method: spectral signal-to-noise ratio summed over harmonics.

Each channel's power spectrum (Hann window, zero-padded) is divided by the local background
(the mean power in the bands 0.6-1.6 Hz either side of the frequency), which removes the 1/f
slope of the EEG and the broad alpha peak; for every candidate the SNRs at the fundamental and
its next two harmonics are summed (harmonics weighted less), averaged over channels, and the
best candidate wins.
"""
import numpy as np


def _snr(freq_axis, power, f):
    on = np.abs(freq_axis - f) <= 0.15
    off = (np.abs(freq_axis - f) >= 0.6) & (np.abs(freq_axis - f) <= 1.6)
    return power[:, on].max(axis=1) / np.maximum(power[:, off].mean(axis=1), 1e-30)


def classify_ssvep(eeg, fs, freqs):
    x = np.asarray(eeg, dtype=float)
    if x.ndim != 2:
        raise ValueError("eeg must be 2-D (samples, channels)")
    if not fs > 0:
        raise ValueError("fs must be positive")
    freqs = [float(f) for f in freqs]
    if len(freqs) == 0:
        raise ValueError("freqs must not be empty")
    n = x.shape[0]
    t = np.arange(n)
    x = x - x.mean(axis=0)
    tc = t - t.mean()
    x = x - np.outer(tc, tc @ x / (tc @ tc))
    nfft = 1 << int(np.ceil(np.log2(8 * n)))
    spec = np.abs(np.fft.rfft(x.T * np.hanning(n), nfft, axis=1)) ** 2
    axis = np.fft.rfftfreq(nfft, 1 / fs)
    scores = []
    for f in freqs:
        total = np.zeros(x.shape[1])
        for h, w in ((1, 1.0), (2, 1.0), (3, 0.5)):
            if h * f + 2.0 < min(0.45 * fs, 48.0):
                total += w * _snr(axis, spec, h * f)
        scores.append(total.mean())
    return int(np.argmax(scores))
