import numpy as np

from candidate import energy_vad


def test_silence_then_tone():
    fs = 8000
    x = np.r_[np.zeros(4000), 0.5 * np.sin(2 * np.pi * 440 * np.arange(4000) / fs)]
    speech, e = energy_vad(x, fs)
    assert not speech[:20].any()
    assert speech[-10:].all()
