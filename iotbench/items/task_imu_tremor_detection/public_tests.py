import numpy as np

from candidate import detect_tremor


def test_still_watch_has_no_tremor():
    fs = 50.0
    n = int(60 * fs)
    rng = np.random.default_rng(0)
    acc = np.array([0.05, 0.1, 0.99]) + rng.normal(0, 0.005, (n, 3))
    gyro = np.array([0.3, -0.6, 0.2]) + rng.normal(0, 0.2, (n, 3))
    assert detect_tremor(acc, gyro, fs) == []


def test_clean_five_hertz_rotation_is_found():
    fs = 100.0
    n = int(60 * fs)
    t = np.arange(n) / fs
    rng = np.random.default_rng(1)
    on = (t >= 20) & (t < 40)
    gyro = rng.normal(0, 0.2, (n, 3))
    gyro[:, 0] += 60.0 * np.sin(2 * np.pi * 5.0 * t) * on   # pronation/supination
    acc = np.array([0.0, 0.0, 1.0]) + rng.normal(0, 0.005, (n, 3))
    acc[:, 1] += 0.03 * np.cos(2 * np.pi * 5.0 * t) * on
    episodes = detect_tremor(acc, gyro, fs)
    assert len(episodes) == 1
    start, end, freq = episodes[0]
    assert abs(start - 20) <= 3 and abs(end - 40) <= 3 and abs(freq - 5.0) <= 0.3
