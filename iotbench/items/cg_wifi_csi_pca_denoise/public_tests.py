import numpy as np

from candidate import csi_pca


def test_shapes_and_ratio():
    rng = np.random.default_rng(0)
    x = 10 + rng.normal(size=(100, 1)) @ rng.normal(size=(1, 6)) + 0.01 * rng.normal(size=(100, 6))
    proj, ratio, den = csi_pca(x, n_components=2)
    assert proj.shape == (100, 2) and ratio.shape == (2,) and den.shape == (100, 6)
    assert ratio[0] > 0.99
