import numpy as np

from candidate import estimate_clock_mapping


def test_shared_vibration_with_known_mapping():
    # a common vertical vibration seen by two loggers; B's clock is 7.25 s behind A's and
    # runs 150 ppm slower
    rng = np.random.default_rng(3)
    fs_true = 400.0
    n = int(300 * fs_true)
    vib = np.convolve(rng.normal(size=n), np.ones(20) / 20, mode="same") * 0.3
    true_t = np.arange(n) / fs_true
    offset, drift = 7.25, 150.0

    def logger(clock_of_true, fs, t0, t1):
        stamps = np.arange(clock_of_true(t0), clock_of_true(t1), 1 / fs)
        t_true = np.interp(stamps, clock_of_true(true_t), true_t)
        z = 1.0 + np.interp(t_true, true_t, vib)
        acc = np.column_stack([0.01 + 0 * z, -0.02 + 0 * z, z])
        return stamps, acc + rng.normal(0, 0.005, acc.shape)

    t_a, acc_a = logger(lambda t: t + 100.0, 100.0, 5.0, 290.0)
    # B: tau_a = tau_b + offset + drift * 1e-6 * tau_b  =>  tau_b = (tau_a - offset) / (1 + d)
    t_b, acc_b = logger(lambda t: (t + 100.0 - offset) / (1 + drift * 1e-6), 50.0, 10.0, 280.0)
    o, d = estimate_clock_mapping(t_a, acc_a, t_b, acc_b)
    ends = np.array([t_b[0], t_b[-1]])
    err = np.abs((o - offset) + (d - drift) * 1e-6 * ends)
    assert err.max() < 0.02, (o, d)
