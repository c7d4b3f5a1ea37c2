import numpy as np

from candidate import ewma_with_gaps


def test_single_gap_is_held():
    out = np.asarray(ewma_with_gaps([10.0, float("nan"), 10.0]))
    np.testing.assert_allclose(out, [10.0, 10.0, 10.0])
