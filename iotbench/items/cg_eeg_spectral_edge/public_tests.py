import numpy as np

from candidate import spectral_edge_frequency


def test_single_tone():
    fs = 128.0
    t = np.arange(0, 8, 1 / fs)
    sef = spectral_edge_frequency(np.sin(2 * np.pi * 10 * t), fs)
    assert sef.shape == (2,)
    assert np.allclose(sef, 10.175, atol=0.01)
