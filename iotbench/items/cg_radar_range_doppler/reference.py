"""Range-Doppler processing of one FMCW radar frame."""
import numpy as np

SPEED_OF_LIGHT = 3.0e8


def range_doppler_map(frame, fs, slope, chirp_period, carrier_freq=77e9):
    """2-D FFT (Hann windows) of an (M chirps, N samples) frame; returns map, axes and peak."""
    x = np.asarray(frame, dtype=np.complex128)
    if x.ndim != 2 or x.shape[0] < 2 or x.shape[1] < 2:
        raise ValueError("frame must be 2-D with at least two chirps and two samples per chirp")
    n_chirps, n_samples = x.shape
    if fs <= 0 or slope <= 0 or chirp_period <= 0 or carrier_freq <= 0:
        raise ValueError("fs, slope, chirp_period and carrier_freq must be positive")

    # range FFT along fast time (columns of each row)
    range_fft = np.fft.fft(x * np.hanning(n_samples), axis=1)
    # Doppler FFT along slow time, zero velocity moved to the middle row
    doppler_in = range_fft * np.hanning(n_chirps)[:, np.newaxis]
    rd = np.fft.fftshift(np.fft.fft(doppler_in, axis=0), axes=0)
    rd_map = np.abs(rd)

    wavelength = SPEED_OF_LIGHT / carrier_freq
    ranges = np.arange(n_samples) * SPEED_OF_LIGHT * fs / (2.0 * slope * n_samples)
    doppler = (np.arange(n_chirps) - n_chirps // 2) / (n_chirps * chirp_period)
    velocities = doppler * wavelength / 2.0

    row, col = np.unravel_index(np.argmax(rd_map), rd_map.shape)
    return rd_map, ranges, velocities, float(ranges[col]), float(velocities[row])
