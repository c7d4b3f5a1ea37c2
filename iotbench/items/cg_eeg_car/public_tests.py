import numpy as np

from candidate import common_average_reference


def test_three_channels():
    eeg = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 9.0]])
    out = common_average_reference(eeg)
    assert np.allclose(out, [[-2.0, -3.0], [0.0, -1.0], [2.0, 4.0]])
