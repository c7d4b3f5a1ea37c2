import numpy as np

from candidate import csi_doppler_spectrogram


def test_tone_peak():
    fs = 256.0
    x = np.exp(2j * np.pi * 16.0 * np.arange(512) / fs)
    freqs, times, power = csi_doppler_spectrogram(x, fs, window_length=64, hop=32)
    assert power.shape == (15, 64)
    assert abs(freqs[np.argmax(power[0])] - 16.0) < 1e-9
