import numpy as np

from candidate import rolling_zscore_anomalies


def test_step_is_flagged():
    x = [20.0, 20.5, 19.5, 20.0, 20.5, 19.5, 30.0]
    z, flags = rolling_zscore_anomalies(x, window=6)
    assert np.isnan(np.asarray(z)[0])
    assert list(np.asarray(flags)) == [False] * 6 + [True]
