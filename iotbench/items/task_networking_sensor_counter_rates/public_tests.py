import numpy as np

from candidate import counter_rates


def test_steady_traffic():
    t = np.array([0.0, 30.0, 60.0, 90.0])
    uptime = np.array([100000, 103000, 106000, 109000])
    octets = np.array([1000, 31000, 61000, 91000])
    rates = counter_rates(t, uptime, octets, 100_000_000)
    assert rates.shape == (3,)
    assert np.allclose(rates, 1000.0, rtol=1e-6)
