import numpy as np

from candidate import remove_baseline


def test_constant_offset_is_baseline():
    x = np.full(500, 2.5)
    corrected, baseline = remove_baseline(x, 250.0)
    assert np.allclose(baseline, 2.5)
    assert np.allclose(corrected, 0.0)
