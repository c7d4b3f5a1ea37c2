import numpy as np

from candidate import compress_stream


def test_ramp_then_step():
    t = np.arange(20, dtype=float)
    x = np.where(t < 10, 0.5 * t, 20.0)
    keep = np.asarray(compress_stream(t, x, 0.1))
    assert keep[0] == 0 and keep[-1] == 19
    assert np.abs(np.interp(t, t[keep], x[keep]) - x).max() <= 0.1
    assert len(keep) <= 4  # 0, 9, 10, 19
