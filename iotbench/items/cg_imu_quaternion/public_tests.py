import numpy as np

from candidate import quat_multiply


def test_i_times_j_is_k():
    out = quat_multiply(np.array([0.0, 1, 0, 0]), np.array([0.0, 0, 1, 0]))
    assert np.allclose(out, [0, 0, 0, 1])
