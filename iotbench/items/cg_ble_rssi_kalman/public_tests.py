import numpy as np

from candidate import kalman_smooth_rssi


def test_output_has_input_length_and_starts_at_first_reading():
    out = np.asarray(kalman_smooth_rssi([-70.0, -74.0, -66.0]))
    assert out.shape == (3,)
    assert out[0] == -70.0
    assert -74.0 < out[1] < -70.0
