
from candidate import mel_filterbank


def test_shape_and_peak():
    W = mel_filterbank(16000, 512, n_mels=26)
    assert W.shape == (26, 257)
    assert abs(W.max() - 1.0) < 0.1 and W.min() >= 0.0
