"""The textbook ISO 3382 recipe: DC removed, Schroeder backward integral of the squared
response from the direct sound to the end of the record, T30 (-5 to -35 dB) extrapolated to
60 dB."""
import numpy as np


def reverberation_time(rir, fs):
    x = np.asarray(rir, dtype=float)
    if x.ndim != 1:
        raise ValueError("rir must be 1-D")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if len(x) < 0.1 * fs:
        raise ValueError("record too short")
    x = x - np.mean(x)
    start = int(np.argmax(np.abs(x)))
    e = x[start:] ** 2
    edc = np.cumsum(e[::-1])[::-1]
    edc_db = 10 * np.log10(edc / edc[0] + 1e-300)
    t = np.arange(len(e)) / fs
    mask = (edc_db <= -5) & (edc_db >= -35)
    slope, _ = np.polyfit(t[mask], edc_db[mask], 1)
    return float(-60 / slope)
