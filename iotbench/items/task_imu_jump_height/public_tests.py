import numpy as np

from candidate import jump_heights


def test_standing_still_has_no_jumps():
    fs = 100.0
    n = int(20 * fs)
    rng = np.random.default_rng(0)
    acc = np.array([0.02, 0.99, -0.05]) + rng.normal(0, 0.005, (n, 3))
    gyro = np.array([0.5, -0.8, 0.3]) + rng.normal(0, 0.2, (n, 3))
    assert jump_heights(acc, gyro, fs) == []


def test_one_ideal_squat_jump():
    # upright sensor (z up), squat held still, a 0.3 s push-off to 2.5 m/s, flight, landing
    fs = 200.0
    g = 9.81
    v0, tp = 2.5, 0.3
    t_push = np.arange(int(tp * fs)) / fs
    a_push = v0 / tp * 2 * np.sin(np.pi * t_push / tp) ** 2     # integrates to v0
    a_push -= (a_push.sum() / fs - v0) / tp                     # exact on the samples
    flight = np.full(int(2 * v0 / g * fs), -g)
    a = np.concatenate([np.zeros(int(3 * fs)), a_push, flight, np.full(int(0.1 * fs), 20.0),
                        np.zeros(int(3 * fs))])
    acc = np.zeros((len(a), 3))
    acc[:, 2] = (a + g) / g
    gyro = np.zeros_like(acc)
    jumps = jump_heights(acc, gyro, fs)
    assert len(jumps) == 1
    time, height = jumps[0]
    true_h = 100 * v0 ** 2 / (2 * g)
    assert abs(time - (3 + tp)) <= 0.3 and abs(height - true_h) <= 4.0
