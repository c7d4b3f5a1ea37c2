import numpy as np

from candidate import detect_floor_changes


def test_one_lift_ride_up_three_floors():
    fs_baro, fs_acc, storey = 1.0, 50.0, 3.0
    t = np.arange(300) / fs_baro
    height = np.clip((t - 100.0) / 10.0, 0.0, 1.0) * 3 * storey  # 9 m up between 100 and 110 s
    pressure = 1000.0 * np.exp(-9.80665 * height / (287.05 * 294.15))
    ta = np.arange(int(300 * fs_acc)) / fs_acc
    acc = np.tile([0.0, 0.0, 9.81], (ta.size, 1))
    acc[(ta >= 99.5) & (ta < 101.0), 2] += 0.9  # the lift speeds up ...
    acc[(ta >= 109.0) & (ta < 110.5), 2] -= 0.9  # ... and slows down
    events = detect_floor_changes(pressure, fs_baro, acc, fs_acc, storey)
    assert len(events) == 1
    time_s, floors = events[0]
    assert floors == 3 and abs(time_s - 110.0) <= 10.0


def test_nothing_happens_on_a_quiet_desk():
    fs_baro, fs_acc = 1.0, 25.0
    pressure = np.full(600, 1005.3)
    acc = np.tile([0.1, 9.8, 0.2], (600 * 25, 1))
    assert detect_floor_changes(pressure, fs_baro, acc, fs_acc, 3.5) == []
