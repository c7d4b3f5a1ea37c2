import numpy as np

from candidate import gcc_phat


def test_delay_of_five_samples():
    rng = np.random.default_rng(0)
    ref = rng.normal(size=1000)
    sig = np.r_[np.zeros(5), ref[:-5]]
    tau, cc = gcc_phat(sig, ref, 8000.0)
    assert abs(tau - 5 / 8000.0) < 1e-12
