import numpy as np

from candidate import proximity_events


def test_one_clean_visit():
    rng = np.random.default_rng(0)
    t = np.cumsum(rng.uniform(0.4, 0.6, size=1200))  # about 10 min of adverts
    distance = np.where((t > 200) & (t < 350), 0.8, 6.0)
    rssi = np.round(-59 - 20 * np.log10(distance) + rng.normal(0, 2, size=t.size))
    events = proximity_events(t, rssi.astype(int), -59.0)
    assert [k for _, k in events] == ["enter", "leave"]
    assert abs(events[0][0] - 200) <= 10 and abs(events[1][0] - 350) <= 10


def test_far_badge_has_no_events():
    t = np.arange(0, 300, 0.5)
    rssi = np.full(t.size, -80)
    assert proximity_events(t, rssi, -59.0) == []
