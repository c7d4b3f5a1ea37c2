import numpy as np

from candidate import estimate_vital_signs


def test_clean_breathing_and_heartbeat():
    fs = 20.0
    t = np.arange(int(60 * fs)) / fs
    wavelength = 5e-3
    chest = 4e-3 * np.sin(2 * np.pi * 0.25 * t) + 0.3e-3 * np.sin(2 * np.pi * 1.1 * t)
    iq = np.exp(1j * 4 * np.pi * chest / wavelength)
    iq = iq + 0.01 * np.random.default_rng(0).standard_normal(t.size)
    breathing, heart = estimate_vital_signs(iq, fs)
    assert abs(breathing - 15.0) <= 2.0
    assert abs(heart - 66.0) <= 5.0
