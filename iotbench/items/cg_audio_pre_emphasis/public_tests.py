import numpy as np

from candidate import pre_emphasis


def test_constant_signal():
    y = pre_emphasis(np.ones(5), coefficient=0.9)
    assert np.allclose(y, [1.0, 0.1, 0.1, 0.1, 0.1])
