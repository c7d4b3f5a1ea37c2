import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import coulomb_count_soc


def oracle(t, i, cap, soc0, eff=1.0):
    soc, dis, chg = [soc0], 0.0, 0.0
    for k in range(1, len(t)):
        ia = (i[k - 1] + i[k]) / 2
        dq = ia * (t[k] - t[k - 1]) / 3600
        if ia < 0:
            dq *= eff
            chg += -dq
        elif ia > 0:
            dis += dq
        soc.append(min(1.0, max(0.0, soc[-1] - dq / cap)))
    return np.array(soc), dis, chg


def test_constant_discharge():
    t = np.arange(0, 3601, 600.0)                 # one hour in 10-minute steps
    soc, dis, chg = coulomb_count_soc(t, np.full(t.size, 100.0), 1000.0, 0.9)
    assert soc.dtype == np.float64 and soc.shape == (7,)
    assert np.allclose(soc, 0.9 - 0.1 * t / 3600)  # 100 mAh of 1000 over the hour
    assert dis == pytest.approx(100.0) and chg == 0.0


def test_trapezoid_and_uneven_steps():
    t = [0.0, 36.0, 108.0, 144.0]
    i = [0.0, 100.0, 100.0, 300.0]
    soc, dis, chg = coulomb_count_soc(t, i, 10.0, 1.0)
    # dq: 50 * 36 / 3600 = 0.5, 100 * 72 / 3600 = 2.0, 200 * 36 / 3600 = 2.0 mAh
    assert np.allclose(soc, [1.0, 0.95, 0.75, 0.55])
    assert dis == pytest.approx(4.5) and chg == 0.0


def test_charge_efficiency_and_mixed_sign():
    t = [0.0, 3600.0, 7200.0, 10800.0]
    i = [-200.0, -200.0, 200.0, 0.0]
    soc, dis, chg = coulomb_count_soc(t, i, 1000.0, 0.5, charge_efficiency=0.9)
    # interval 1: i_avg -200 -> dq = -200 * 0.9 = -180 mAh; interval 2: i_avg 0 -> nothing;
    # interval 3: i_avg 100 -> 100 mAh
    assert np.allclose(soc, [0.5, 0.68, 0.68, 0.58])
    assert chg == pytest.approx(180.0) and dis == pytest.approx(100.0)
    # with the default efficiency of 1 the full charge is stored
    soc, dis, chg = coulomb_count_soc(t, i, 1000.0, 0.5)
    assert np.allclose(soc, [0.5, 0.7, 0.7, 0.6]) and chg == pytest.approx(200.0)


def test_interval_sign_uses_the_mean_current():
    # samples of opposite sign: the interval's mean decides whether the efficiency applies
    t = [0.0, 3600.0, 7200.0]
    i = [-300.0, 100.0, -50.0]               # i_avg = -100 then +25
    soc, dis, chg = coulomb_count_soc(t, i, 1000.0, 0.5, charge_efficiency=0.5)
    assert np.allclose(soc, [0.5, 0.55, 0.525])
    assert chg == pytest.approx(50.0) and dis == pytest.approx(25.0)


def test_clamping_at_full_and_empty():
    t = [0.0, 3600.0, 7200.0, 10800.0]
    soc, dis, chg = coulomb_count_soc(t, [-500.0, -500.0, 300.0, 100.0], 1000.0, 0.8)
    # +0.5 would exceed 1 -> 1.0; the next interval (mean -100) charges a full battery: still 1.0;
    # then 200 mAh out
    assert np.allclose(soc, [0.8, 1.0, 1.0, 0.8])
    assert chg == pytest.approx(600.0) and dis == pytest.approx(200.0)
    soc, dis, chg = coulomb_count_soc(t, [400.0, 400.0, -100.0, -100.0], 1000.0, 0.2)
    # 400 mAh out of 200 left -> 0; mean 150 keeps it at 0; then 100 mAh in
    assert np.allclose(soc, [0.2, 0.0, 0.0, 0.1])
    assert dis == pytest.approx(550.0) and chg == pytest.approx(100.0)


def test_single_sample_and_lists():
    soc, dis, chg = coulomb_count_soc([5.0], [123.0], 500.0, 0.42)
    assert soc.tolist() == [0.42] and dis == 0.0 and chg == 0.0
    soc, dis, chg = coulomb_count_soc([0, 1800], [20, 20], 2.0, 1.0)
    assert np.allclose(soc, [1.0, 0.0])                          # 10 mAh from a 2 mAh cell
    assert dis == pytest.approx(10.0)
    soc, _, _ = coulomb_count_soc([0, 36], [10, 10], 2.0, 1.0)     # 0.1 mAh of 2 -> 0.95
    assert np.allclose(soc, [1.0, 0.95])
    soc, _, chg = coulomb_count_soc([0.0, 3600.0], [-50.0, -50.0], 1000.0, 0.0)   # from empty
    assert np.allclose(soc, [0.0, 0.05]) and chg == pytest.approx(50.0)
    soc, _, chg = coulomb_count_soc([0.0, 3600.0], [-50.0, -50.0], 1000.0, 0.0,
                                    charge_efficiency=0.1)       # a poor charger keeps 5 mAh
    assert np.allclose(soc, [0.0, 0.005]) and chg == pytest.approx(5.0)
    # fast sampling: steps well below one second
    soc, dis, _ = coulomb_count_soc([0.0, 0.25, 0.5, 1.0], [3600.0] * 4, 1.0, 1.0)
    assert np.allclose(soc, [1.0, 0.75, 0.5, 0.0]) and dis == pytest.approx(1.0)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 80), soc0=st.floats(0, 1),
       eff=st.floats(0.5, 1.0), cap=st.floats(50, 5000))
def test_matches_definition(seed, n, soc0, eff, cap):
    rng = np.random.default_rng(seed)
    t = np.cumsum(rng.uniform(1, 600, size=n))
    i = rng.normal(0, 300, size=n)
    soc, dis, chg = coulomb_count_soc(t, i, cap, soc0, charge_efficiency=eff)
    want, wd, wc = oracle(t, i, cap, soc0, eff)
    assert np.allclose(soc, want, atol=1e-12)
    assert dis == pytest.approx(wd, rel=1e-9, abs=1e-12)
    assert chg == pytest.approx(wc, rel=1e-9, abs=1e-12)
    assert np.all((soc >= 0) & (soc <= 1))


@pytest.mark.parametrize("args, kwargs", [
    (([], [], 1000.0, 0.5), {}),
    (([0.0, 1.0], [1.0], 1000.0, 0.5), {}),
    ((np.zeros((2, 2)), np.zeros((2, 2)), 1000.0, 0.5), {}),
    (([0.0, 1.0, 1.0], [1.0, 1.0, 1.0], 1000.0, 0.5), {}),
    (([0.0, 2.0, 1.0], [1.0, 1.0, 1.0], 1000.0, 0.5), {}),
    (([0.0, 1.0], [1.0, 1.0], 0.0, 0.5), {}),
    (([0.0, 1.0], [1.0, 1.0], -10.0, 0.5), {}),
    (([0.0, 1.0], [1.0, 1.0], 1000.0, -0.01), {}),
    (([0.0, 1.0], [1.0, 1.0], 1000.0, 1.01), {}),
    (([0.0, 1.0], [1.0, 1.0], 1000.0, 0.5), {"charge_efficiency": 0.0}),
    (([0.0, 1.0], [1.0, 1.0], 1000.0, 0.5), {"charge_efficiency": 1.05}),
])
def test_invalid_input_raises(args, kwargs):
    with pytest.raises(ValueError):
        coulomb_count_soc(*args, **kwargs)
