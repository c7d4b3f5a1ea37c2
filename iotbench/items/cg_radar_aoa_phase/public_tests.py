import numpy as np

from candidate import estimate_aoa


def test_broadside():
    rx = np.exp(1j * np.linspace(0, 3, 8))
    assert abs(estimate_aoa(rx, rx, 0.004)) < 1e-9
