import numpy as np

from candidate import trilaterate


def test_square_room_centre():
    anchors = [[0.0, 0.0], [6.0, 0.0], [0.0, 6.0], [6.0, 6.0]]
    r = [np.sqrt(18.0)] * 4
    np.testing.assert_allclose(np.asarray(trilaterate(anchors, r)), [3.0, 3.0], atol=1e-6)
