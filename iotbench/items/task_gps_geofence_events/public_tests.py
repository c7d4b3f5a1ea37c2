import math

from candidate import geofence_events

R = 6371008.8


def test_drive_through_the_centre():
    # along the equator at 10 m/s, from 300 m west of the centre to 290 m east; radius 100 m
    t = [float(k) for k in range(60)]
    lon = [math.degrees((10.0 * k - 300.0) / R) for k in range(60)]
    events = geofence_events(t, [0.0] * 60, lon, 0.0, 0.0, 100.0)
    assert [kind for _, kind in events] == ["enter", "exit"]
    assert abs(events[0][0] - 20.0) <= 5 and abs(events[1][0] - 40.0) <= 5


def test_staying_outside_gives_nothing():
    t = [float(k) for k in range(30)]
    assert geofence_events(t, [0.01] * 30, [0.0] * 30, 0.0, 0.0, 100.0) == []
