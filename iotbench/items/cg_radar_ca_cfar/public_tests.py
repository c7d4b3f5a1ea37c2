import numpy as np

from candidate import ca_cfar


def test_one_strong_target():
    p = np.ones(64)
    p[32] = 100.0
    det, thr = ca_cfar(p, num_train=8, num_guard=2, pfa=1e-3)
    assert det.tolist() == [i == 32 for i in range(64)]
    assert np.isnan(thr[0]) and not np.isnan(thr[32])
