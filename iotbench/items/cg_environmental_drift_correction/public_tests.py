import numpy as np
import pytest

from candidate import correct_drift


def test_constant_bias():
    corrected, offset, rate = correct_drift([0.0, 10.0, 20.0], [5.0, 5.0, 5.0],
                                            [0.0, 20.0], [4.0, 4.0])
    assert offset == pytest.approx(1.0) and rate == pytest.approx(0.0)
    np.testing.assert_allclose(np.asarray(corrected), [4.0, 4.0, 4.0])
