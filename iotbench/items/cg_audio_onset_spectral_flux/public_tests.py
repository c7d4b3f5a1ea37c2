import numpy as np

from candidate import detect_onsets


def test_single_click_train():
    sr = 8000
    x = np.zeros(sr)
    x[4000:4400] = np.sin(2 * np.pi * 1000 * np.arange(400) / sr)
    onsets, flux = detect_onsets(x, sr, n_fft=256, hop_length=128)
    assert len(onsets) >= 1
    assert abs(onsets[0] - 0.5) <= 256 / sr
