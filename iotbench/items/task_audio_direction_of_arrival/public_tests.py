import numpy as np

from candidate import estimate_direction


def test_broadband_source_in_free_field():
    fs, d, c = 16000.0, 0.1, 343.0
    true_angle = 30.0
    delay = d * np.sin(np.radians(true_angle)) / c  # microphone 0 hears it this much later
    rng = np.random.default_rng(0)
    n = 16000
    s = rng.normal(size=n)
    f = np.fft.rfftfreq(n, 1 / fs)
    spec = np.fft.rfft(s)
    x1 = np.fft.irfft(spec, n)
    x0 = np.fft.irfft(spec * np.exp(-2j * np.pi * f * delay), n)
    x = np.column_stack([x0, x1]) + rng.normal(0, 0.01, size=(n, 2))
    angle = estimate_direction(x, fs, d)
    assert isinstance(angle, float)
    assert abs(angle - true_angle) < 3.0
    assert abs(estimate_direction(x[:, ::-1].copy(), fs, d) + true_angle) < 3.0
