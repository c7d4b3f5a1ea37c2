import numpy as np
import pytest

from candidate import emg_mean_median_frequency


def test_single_tone():
    fs = 1000.0
    t = np.arange(0, 2, 1 / fs)
    mnf, mdf = emg_mean_median_frequency(np.sin(2 * np.pi * 125 * t), fs)
    assert mnf == pytest.approx(125.0, abs=1.0)
    assert mdf == pytest.approx(125.0)
