import numpy as np

from candidate import nowcast_aqi


def test_steady_moderate_air():
    pm = np.full(12, 20.0)
    aqi, category = nowcast_aqi(pm)
    assert len(aqi) == 12 and len(category) == 12
    assert aqi[0] is None and category[0] is None  # a single hour is not enough
    assert all(abs(a - 71) <= 1 for a in aqi[1:])
    assert all(c == "Moderate" for c in category[1:])
