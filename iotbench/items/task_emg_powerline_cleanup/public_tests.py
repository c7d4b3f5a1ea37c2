import numpy as np

from candidate import remove_powerline


def test_steady_hum_on_noise():
    fs = 2000.0
    rng = np.random.default_rng(5)
    t = np.arange(int(10 * fs)) / fs
    base = 50.0 + 2.0 * rng.normal(size=t.size)
    hum = 80.0 * np.sin(2 * np.pi * 50.3 * t) + 20.0 * np.sin(2 * np.pi * 150.9 * t + 1.0)
    out = np.asarray(remove_powerline(base + hum, fs))
    assert out.shape == base.shape
    err = (out - base)[int(0.5 * fs):-int(0.5 * fs)]
    assert np.sqrt(np.mean(err ** 2)) <= 2.0
