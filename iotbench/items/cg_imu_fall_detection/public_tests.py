import numpy as np

from candidate import detect_falls


def test_impact_then_lying_still():
    fs = 50.0
    m = np.ones(500)
    m[100] = 4.0                      # impact at 2 s, then still
    acc = np.c_[np.zeros(500), np.zeros(500), m]
    assert detect_falls(acc, fs).tolist() == [100]
