import numpy as np


def estimate_vital_signs(iq, fs):
    x = np.asarray(iq)
    if x.ndim != 1 or not np.iscomplexobj(x):
        raise ValueError("iq must be a 1-D complex array")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if x.size < 20 * fs:
        raise ValueError("need at least 20 s")
    phase = np.unwrap(np.angle(x))
    phase = phase - np.polyval(np.polyfit(np.arange(x.size), phase, 1), np.arange(x.size))
    n = int(fs / 0.002)
    spec = np.abs(np.fft.rfft(phase * np.hanning(x.size), n)) ** 2
    freqs = np.fft.rfftfreq(n, 1 / fs)
    band = (freqs >= 0.1) & (freqs <= 0.5)
    fb = float(freqs[band][np.argmax(spec[band])])
    score = spec.copy()
    for k in range(2, 6):  # skip breathing harmonics
        score[np.abs(freqs - k * fb) < 0.02 + 0.04 * k * fb] = 0.0
    heart = (freqs >= 0.75) & (freqs <= 2.0)
    return 60.0 * fb, 60.0 * float(freqs[heart][np.argmax(score[heart])])
