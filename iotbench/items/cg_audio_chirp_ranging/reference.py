"""Chirp-based acoustic ranging with a matched filter."""
import math

import numpy as np


def acoustic_range(recording, fs, f0=2000.0, f1=6000.0, duration=0.01, speed_of_sound=343.0):
    """Return (distance in metres, matched-filter output)."""
    x = np.asarray(recording, dtype=np.float64)
    if speed_of_sound <= 0:
        raise ValueError("speed_of_sound must be positive")
    # f1 > 0, so this also rejects fs <= 0
    if not 0 <= f0 < f1 <= fs / 2.0:
        raise ValueError("need fs > 0 and 0 <= f0 < f1 <= fs/2")
    n_chirp = int(round(duration * fs))
    if n_chirp < 2:
        raise ValueError("the chirp must last at least two samples")

    t = np.arange(n_chirp) / fs
    chirp = np.sin(2.0 * np.pi * (f0 * t + 0.5 * (f1 - f0) / duration * t ** 2))
    # corr[k] = sum_n x[k+n] chirp[n]; sliding_window_view raises ValueError for a recording
    # that is not 1-D or is shorter than the chirp
    corr = np.lib.stride_tricks.sliding_window_view(x, n_chirp) @ chirp
    envelope = np.abs(corr)

    direct = int(np.argmax(envelope))
    # skip the main lobe of the direct path (about 1/bandwidth wide on each side)
    first_echo_lag = direct + math.ceil(2.0 * fs / (f1 - f0))
    # np.argmax raises ValueError when no lag is left after the guard interval
    echo = first_echo_lag + int(np.argmax(envelope[first_echo_lag:]))
    distance = speed_of_sound * (echo - direct) / fs / 2.0
    return float(distance), corr
