import numpy as np

from candidate import csi_ratio


def test_plain_quotient():
    r = csi_ratio(np.array([4 + 0j, 1j]), np.array([2 + 0j, 1j]))
    assert np.allclose(r, [2.0, 1.0])
