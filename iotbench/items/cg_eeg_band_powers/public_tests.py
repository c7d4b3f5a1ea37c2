import numpy as np
import pytest

from candidate import eeg_band_powers


def test_alpha_rhythm():
    fs = 256.0
    t = np.arange(0, 20, 1 / fs)
    p = eeg_band_powers(10.0 * np.sin(2 * np.pi * 10 * t), fs)
    assert p["alpha"] == pytest.approx(50.0, rel=0.05)
    assert p["beta"] < 1.0
