import numpy as np

from candidate import global_magnitude_prune


def test_two_layers():
    pruned, _masks, ls = global_magnitude_prune([np.array([0.9, -0.05]), np.array([0.2, -0.7])], 0.5)
    assert pruned[0].tolist() == [0.9, 0.0]
    assert pruned[1].tolist() == [0.0, -0.7]
    assert ls == [0.5, 0.5]
