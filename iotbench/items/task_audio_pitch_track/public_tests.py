import numpy as np

from candidate import track_pitch


def test_steady_harmonic_tone_then_silence():
    fs = 16000.0
    t = np.arange(int(0.5 * fs)) / fs
    tone = sum(np.sin(2 * np.pi * 150.0 * h * t) / h for h in range(1, 8))
    x = np.concatenate([tone, np.zeros(int(0.5 * fs))])
    x += np.random.default_rng(0).normal(0, 1e-3, size=x.size)
    f0 = np.asarray(track_pitch(x, fs))
    assert f0.shape == (100,)
    assert np.all(np.abs(f0[10:40] - 150.0) < 3.0)
    assert np.all(f0[60:] == 0.0)
