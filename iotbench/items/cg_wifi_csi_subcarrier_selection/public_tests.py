import numpy as np

from candidate import select_subcarriers


def test_top_two():
    x = np.array([[0.0, 0.0, 0.0], [1.0, 4.0, 2.0], [0.0, 0.0, 0.0], [1.0, 4.0, 2.0]])
    idx, sel = select_subcarriers(x, k=2)
    assert idx.tolist() == [1, 2]
    assert sel.shape == (4, 2)
