import numpy as np
import pytest

from candidate import cadence_autocorr


def test_two_steps_per_second():
    fs = 50.0
    t = np.arange(0, 10, 1 / fs)
    acc = np.c_[np.zeros_like(t), np.zeros_like(t), 9.81 + 2 * np.sin(2 * np.pi * 2.0 * t)]
    assert cadence_autocorr(acc, fs) == pytest.approx(120.0, abs=1.0)
