import numpy as np

from candidate import mfcc_from_power


def test_shape():
    p = np.random.default_rng(0).exponential(size=(10, 257))
    m = mfcc_from_power(p, 16000)
    assert m.shape == (10, 13)
    assert np.isfinite(m).all()
