import numpy as np

from candidate import emg_rms_envelope


def test_sine_rms():
    fs = 1000.0
    t = np.arange(0, 1, 1 / fs)
    env = emg_rms_envelope(2.0 * np.sin(2 * np.pi * 50 * t), fs)
    assert env.shape == t.shape
    assert np.allclose(env[100:900], 2.0 / np.sqrt(2), rtol=1e-3)
