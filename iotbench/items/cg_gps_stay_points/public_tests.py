import numpy as np

from candidate import detect_stay_points


def test_one_long_stop():
    lat = [10.0, 10.0001, 10.0, 10.0001]
    lon = [20.0, 20.0, 20.0001, 20.0]
    t = [0.0, 600.0, 1200.0, 1800.0]
    out = np.asarray(detect_stay_points(lat, lon, t))
    assert out.shape == (1, 4)
    np.testing.assert_allclose(out[0, 2:], [0.0, 1800.0])
