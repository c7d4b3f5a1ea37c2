import numpy as np

from candidate import walking_speed


def test_steady_walk_away_from_the_radios():
    # 1.0 m/s straight away from radios side by side: the reflection path grows at 2.0 m/s
    fc, speed, fs = 5.18e9, 1.0, 400.0
    t = 100.0 + np.arange(int(20 * fs)) / fs
    path = 2 * (2.0 + speed * (t - t[0]))
    wavelength = 299_792_458.0 / fc
    offsets = np.linspace(0, 3 * np.pi, 30)[:, None]
    h = 1.0 + 0.3 * np.exp(-2j * np.pi * path[None, :] / wavelength + 1j * offsets)
    amp = np.abs(h) + np.random.default_rng(0).normal(0, 0.01, h.shape)
    assert abs(walking_speed(amp, t, fc) - speed) <= 0.2 * speed
