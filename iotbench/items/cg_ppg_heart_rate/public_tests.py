import numpy as np
import pytest

from candidate import ppg_heart_rate


def test_pure_pulse_at_72_bpm():
    fs = 50.0
    t = np.arange(0, 10, 1 / fs)
    assert ppg_heart_rate(np.sin(2 * np.pi * 1.2 * t), fs) == pytest.approx(72.0, abs=0.5)
