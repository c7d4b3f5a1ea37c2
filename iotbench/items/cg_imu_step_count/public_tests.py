import numpy as np

from candidate import count_steps


def test_two_steps_per_second():
    fs = 50.0
    t = np.arange(0, 10, 1 / fs)
    acc = np.zeros((t.size, 3))
    acc[:, 2] = 9.81 + 3.0 * np.sin(2 * np.pi * 2.0 * t)
    count, steps = count_steps(acc, fs)
    assert count == 20 and len(steps) == 20
