import math

from candidate import trip_distance

R = 6371008.8


def test_straight_clean_drive():
    # 60 fixes, 10 m/s due east along the equator: 590 m
    t = [float(i) for i in range(60)]
    lat = [0.0] * 60
    lon = [math.degrees(10.0 * i / R) for i in range(60)]
    assert abs(trip_distance(t, lat, lon) - 590.0) < 0.03 * 590.0


def test_single_fix_is_zero():
    assert trip_distance([0.0], [50.0], [8.0]) == 0.0
