import numpy as np

from candidate import estimate_occupancy


def test_empty_room_at_outdoor_level():
    co2 = 430.0 + np.random.default_rng(0).normal(0, 3, size=600)
    est = estimate_occupancy(np.round(co2), 60.0, 80.0, 200.0, 0.005)
    assert isinstance(est, np.ndarray) and est.shape == (600,)
    assert np.all(est >= 0) and np.mean(est < 0.5) > 0.9


def test_steady_meeting_after_an_empty_night():
    # 4 people for many hours: steady state = outdoor + 4 * 18 L/h / 200 m3/h = +360 ppm
    co2 = np.concatenate([np.full(300, 430.0), np.full(300, 790.0)])
    est = estimate_occupancy(co2, 60.0, 80.0, 200.0, 0.005)
    assert np.all(np.abs(est[360:] - 4.0) < 0.5)
