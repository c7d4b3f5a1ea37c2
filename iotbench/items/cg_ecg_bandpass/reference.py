"""Reference solution for cg_ecg_bandpass."""

import numpy as np
from scipy import signal as sps


def bandpass_ecg(signal, fs, low_hz=0.5, high_hz=40.0, order=2):
    """Zero-phase Butterworth band-pass filter of a 1-D ECG.

    The filter is designed as second-order sections and run forwards and backwards
    (sosfiltfilt), which squares the magnitude response and cancels the phase.
    """
    x = np.asarray(signal, dtype=np.float64)
    if x.ndim != 1 or not x.size:
        raise ValueError("signal must be a non-empty 1-D array")
    # butter() raises ValueError itself unless fs > 0 and 0 < low_hz < high_hz < fs / 2.
    sos = sps.butter(order, [low_hz, high_hz], btype="bandpass", fs=fs, output="sos")
    return sps.sosfiltfilt(sos, x)
