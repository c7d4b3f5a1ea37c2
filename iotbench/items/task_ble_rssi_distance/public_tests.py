import numpy as np

from candidate import beacon_distance


def test_steady_readings_at_about_two_metres():
    # -59 dBm at 1 m, free-space-like exponent 2: about -65 dBm at 2 m
    rng = np.random.default_rng(0)
    t = 500.0 + np.cumsum(rng.uniform(0.1, 0.4, size=150))
    rssi = np.round(-65.0 + rng.normal(0, 1.5, size=t.size))
    d = beacon_distance(t, rssi, -59.0, 2.0)
    assert 1.4 < d < 2.8
