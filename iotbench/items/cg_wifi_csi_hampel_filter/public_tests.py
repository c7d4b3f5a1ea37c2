import numpy as np

from candidate import hampel_filter


def test_spike_removed():
    x = np.ones(21)
    x[10] = 25.0
    filtered, outliers = hampel_filter(x, half_window=3, n_sigmas=3.0)
    assert outliers[10] and outliers.sum() == 1
    assert filtered[10] == 1.0
    assert filtered.shape == x.shape
