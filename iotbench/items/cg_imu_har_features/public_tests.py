import numpy as np

from candidate import har_features


def test_shape():
    acc = np.random.default_rng(0).normal(size=(100, 3))
    f = har_features(acc, 50, 25)
    assert f.shape == (3, 18)
