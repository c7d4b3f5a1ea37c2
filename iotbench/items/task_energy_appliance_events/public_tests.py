import numpy as np

from candidate import detect_events


def test_one_kettle_boil():
    n = 900
    power = np.full(n, 150.0)
    power[300:480] += 2500.0  # a kettle from 300 s to 480 s
    voltage = np.full(n, 231.0)
    events = detect_events(power, voltage)
    assert [d for _, d in events] == ["on", "off"]
    assert abs(events[0][0] - 300) <= 5 and abs(events[1][0] - 480) <= 5
