import numpy as np

from candidate import detect_turns


def test_still_phone_has_no_turns():
    fs = 50.0
    n = int(20 * fs)
    rng = np.random.default_rng(0)
    acc = np.array([0.0, -1.0, 0.0]) + rng.normal(0, 0.01, (n, 3))
    gyro = np.array([0.8, -0.5, 1.2]) + rng.normal(0, 0.2, (n, 3))
    assert detect_turns(acc, gyro, fs) == []


def test_left_turn_on_the_spot_with_phone_upside_down():
    # phone upside down (y axis pointing down): a left (counter-clockwise) turn of 90 degrees
    # in 2 s is a rotation of -45 deg/s about the phone's y axis
    fs = 50.0
    n = int(20 * fs)
    t = np.arange(n) / fs
    acc = np.tile([0.0, -1.0, 0.0], (n, 1))
    gyro = np.zeros((n, 3))
    gyro[(t >= 9) & (t < 11), 1] = -45.0
    turns = detect_turns(acc, gyro, fs)
    assert len(turns) == 1
    time, angle = turns[0]
    assert abs(time - 10.0) < 1.5 and abs(angle - 90.0) < 20
