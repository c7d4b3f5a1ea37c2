import numpy as np
import pytest

from candidate import breathing_rate


def test_steady_breathing_on_a_clean_link():
    rng = np.random.default_rng(0)
    t = 100.0 + np.arange(0, 60, 0.02)
    sensitivity = rng.uniform(-0.05, 0.05, size=30)
    breathing = np.sin(2 * np.pi * (15 / 60) * t)
    amplitude = 40 * (1 + sensitivity[:, None] * breathing[None, :])
    amplitude += rng.normal(0, 0.3, size=amplitude.shape)
    assert abs(breathing_rate(amplitude, t) - 15.0) <= 1.0


def test_mismatched_lengths_raise():
    with pytest.raises(ValueError):
        breathing_rate(np.ones((30, 100)), np.arange(99, dtype=float))
