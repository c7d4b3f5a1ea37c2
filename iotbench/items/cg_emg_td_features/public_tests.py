import numpy as np
import pytest

from candidate import emg_td_features


def test_square_wave():
    x = np.array([0.1, -0.1] * 5)                     # 10 samples, one window
    f = emg_td_features(x, 10.0, window_s=1.0, step_s=1.0)
    assert f.shape == (1, 4)
    assert f[0].tolist() == pytest.approx([0.1, 1.8, 9.0, 8.0])
