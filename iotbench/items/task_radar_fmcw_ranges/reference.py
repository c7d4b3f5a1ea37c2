"""Target ranges from one FMCW chirp's beat samples.

A target at range R gives a beat tone at 2 * slope * R / c (slope = bandwidth / chirp time). The
echoes span a huge dynamic range (radar equation: power falls as R^-4) and the transmitter's
leakage is stronger still, so the spectrum is taken with a low-side-lobe window
(Blackman-Harris, side lobes below -90 dB): with a rectangular or even a Hann window the side
lobes of the leakage and of near targets bury weak far targets or look like targets themselves.
Targets are the local maxima standing well above the noise floor (the median of the spectrum),
from 1 m on; each is refined by parabolic interpolation of the log magnitude.
"""
import numpy as np
from scipy.signal.windows import blackmanharris

C = 3.0e8
MIN_RANGE = 1.0
THRESHOLD_DB = 13.0
PAD = 8


def target_ranges(beat, fs, bandwidth, chirp_time):
    x = np.asarray(beat, dtype=float)
    if x.ndim != 1 or x.size < 16:
        raise ValueError("beat must be a 1-D array of at least 16 samples")
    if not (fs > 0 and bandwidth > 0 and chirp_time > 0):
        raise ValueError("fs, bandwidth and chirp_time must be positive")
    n = x.size
    w = blackmanharris(n, sym=False)
    nfft = PAD * n
    spec = np.abs(np.fft.rfft((x - x.mean()) * w, nfft))
    db = 20 * np.log10(spec + 1e-300)
    freqs = np.fft.rfftfreq(nfft, 1 / fs)
    slope = bandwidth / chirp_time
    ranges = C * freqs / (2 * slope)
    res = C / (2 * bandwidth)
    floor = np.median(db[ranges >= MIN_RANGE])
    mainlobe = 4 * PAD  # Blackman-Harris main lobe half-width in padded bins
    peaks = []
    candidates = np.flatnonzero((db[1:-1] > db[:-2]) & (db[1:-1] >= db[2:])) + 1
    keep = (db[candidates] > floor + THRESHOLD_DB) & (ranges[candidates] >= MIN_RANGE - 0.5 * res)
    candidates = candidates[keep]  # a target right at 1 m may peak a fraction of a cell short
    for k in candidates[np.argsort(db[candidates])[::-1]]:
        if all(abs(k - p) > mainlobe for p in peaks):
            peaks.append(k)
    out = []
    for k in sorted(peaks):
        a, b, c = db[k - 1], db[k], db[k + 1]
        den = a - 2 * b + c
        shift = 0.5 * (a - c) / den if den < 0 else 0.0
        out.append(float(C * (k + shift) * fs / nfft / (2 * slope)))
    return out
