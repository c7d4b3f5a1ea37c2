"""Hidden tests: state of charge of a Li-ion cell from logged voltage and current.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). A cell with a randomly
perturbed NMC open-circuit-voltage curve, an ohmic resistance and two RC polarisation branches
(seconds and minutes) is driven through use (fluctuating discharge currents), idle periods
(the device stays powered and draws a real standby current) and CC-CV charging. The enclosure
warms or cools by 15-25 degC over a log: the cell's impedance follows (Arrhenius, and higher at
a low state of charge) and so does the Hall sensor's zero. The logger reads the terminal voltage
with a 12-bit ADC and the current with a low-cost Hall-effect sensor (zero offset of tens of mA
that drifts by 1.5-3 mA/degC, gain error, noise, coarse quantisation); timestamps jitter and
some samples are lost. The true state
of charge comes out of the simulation; the answer is graded on its error at every sample, ten
records per test, one of which may be out of tolerance (docs/task_items.md, "Record quota").
"""

import bisect
import os

import numpy as np
import pytest

from candidate import estimate_soc

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))

BASE_SOC = np.arange(0, 101, 5, dtype=float)
BASE_OCV = np.array([3.00, 3.30, 3.45, 3.53, 3.58, 3.62, 3.65, 3.68, 3.71, 3.74, 3.77, 3.80,
                     3.84, 3.88, 3.92, 3.96, 4.00, 4.04, 4.08, 4.13, 4.20])


def rng(stream):
    return np.random.default_rng([SEED, stream])


def ocv_table(r):
    """A cell's OCV table: the base NMC curve with a small smooth per-cell deviation."""
    bump = r.uniform(-0.012, 0.012) * np.sin(np.pi * BASE_SOC / 100 * r.uniform(1, 3))
    ocv = BASE_OCV + bump
    ocv[0], ocv[-1] = 3.0, 4.2
    return BASE_SOC.copy(), np.maximum.accumulate(ocv + np.arange(21) * 1e-6)


def interp1(x, xp, fp):
    """np.interp for one float on plain lists (same formula as numpy's, without its overhead)."""
    if x <= xp[0]:
        return fp[0]
    if x >= xp[-1]:
        return fp[-1]
    j = bisect.bisect_right(xp, x) - 1
    if xp[j] == x:
        return fp[j]
    return (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]) * (x - xp[j]) + fp[j]


def next_segment(r, kind, soc):
    """The device's next activity, its duration [s] and a level parameter."""
    if kind == "use":
        nxt = "idle"
    elif kind == "idle":
        nxt = "charge" if soc < 35 or r.random() < 0.2 else "use"
    else:
        nxt = "idle"
    if nxt == "use":
        return nxt, r.uniform(15, 50) * 60, r.uniform(0.3, 0.9)
    if nxt == "idle":
        return nxt, r.uniform(12, 60) * 60, 0.0
    return nxt, r.uniform(60, 150) * 60, r.uniform(0.4, 0.8)


def simulate(r, hours=8.0, start_busy=False, dt_nominal=1.0):
    """Return t [s], measured voltage [V], measured current [A], capacity, table, true soc."""
    soc_tab, ocv_tab = ocv_table(r)
    cap = r.uniform(2.0, 5.0)
    r0_25 = r.uniform(0.04, 0.10)
    r1_25, tau1 = r.uniform(0.015, 0.03), r.uniform(15, 40)
    r2_25, tau2 = r.uniform(0.01, 0.025), r.uniform(200, 400)
    standby = r.uniform(0.015, 0.05)
    soc = r.uniform(35, 95)
    # the enclosure's temperature over the log [degC]: a warming or cooling stretch of the day
    t_lo = r.uniform(10.0, 20.0)
    t_hi = t_lo + r.uniform(15.0, 25.0)
    rising = r.random() < 0.5
    n = int(hours * 3600 / dt_nominal)
    dts = dt_nominal * (1 + r.uniform(-0.03, 0.03, size=n))
    # lost samples: a few gaps of several samples
    for _ in range(int(r.integers(3, 10))):
        k = int(r.integers(10, n - 10))
        dts[k] += dt_nominal * int(r.integers(2, 30))
    t = np.cumsum(dts) - dts[0] + r.uniform(0, 1000)
    frac = (t - t[0]) / (t[-1] - t[0])
    frac = np.clip(frac * r.uniform(1.0, 1.4) - r.uniform(0.0, 0.2), 0.0, 1.0)
    ramp = 0.5 - 0.5 * np.cos(np.pi * frac)
    temp = t_lo + (t_hi - t_lo) * (ramp if rising else 1.0 - ramp)
    temp = temp + 1.5 * np.sin(2 * np.pi * (t - t[0]) / r.uniform(1800, 5400))
    # impedance rises in the cold (Arrhenius) and at a low state of charge
    arrh = np.exp(2000.0 * (1.0 / (temp + 273.15) - 1.0 / 298.15))
    # use profile: random current levels held for 5-120 s (vectorised over a fine grid)
    levels = r.uniform(0.3, 1.6, size=n)
    hold = r.integers(5, 120, size=n)
    change = np.zeros(n, dtype=bool)
    pos = 0
    while pos < n:
        change[pos] = True
        pos += max(1, int(hold[pos] / dt_nominal))
    use_level = levels[np.maximum.accumulate(np.where(change, np.arange(n), 0))]
    v_true = np.empty(n)
    i_true = np.empty(n)
    soc_true = np.empty(n)
    v1 = v2 = 0.0
    cv = done = False
    kind, seconds, par = next_segment(r, "charge" if start_busy else "use", soc)
    seg_end = t[0] + r.uniform(0.3, 1.0) * seconds
    # the cell was resting (relaxed) before the record unless it starts under load
    if start_busy:
        v1, v2 = 0.5 * cap * r1_25, 0.5 * cap * r2_25
    # the per-sample loop runs on plain floats (same arithmetic as numpy scalars, much faster)
    dt_next = np.append(dts[1:], dts[-1])
    a1s, a2s = np.exp(-dt_next / tau1).tolist(), np.exp(-dt_next / tau2).tolist()
    tl, arrhl, usel, dtl = t.tolist(), arrh.tolist(), use_level.tolist(), dt_next.tolist()
    tab_s, tab_v = soc_tab.tolist(), ocv_tab.tolist()
    for k in range(n):
        if tl[k] >= seg_end:
            kind, seconds, par = next_segment(r, kind, soc)
            seg_end = tl[k] + seconds
            cv = done = False
        ocv = interp1(soc, tab_s, tab_v)
        zf = arrhl[k] * (1.0 + 1.0 * float(np.exp(-soc / 10.0)))
        r0, r1, r2 = r0_25 * zf, r1_25 * zf, r2_25 * zf
        if kind == "use":
            cur = usel[k] * par * cap
            if soc < 8:
                cur = standby  # the device shuts down on a low battery
        elif kind == "idle":
            cur = standby
        else:
            cc = -par * cap
            if done:
                cur = standby
            elif not cv:
                v_try = ocv - cc * r0 - v1 - v2
                if v_try >= 4.2:
                    cv = True
            if done:
                pass
            elif cv:
                cur = min(0.0, (ocv - v1 - v2 - 4.2) / r0)
                if -cur < cap / 20:
                    cur = standby  # charger terminated
                    done = True
            else:
                cur = cc
        dt = dtl[k]
        v = ocv - cur * r0 - v1 - v2
        v_true[k], i_true[k], soc_true[k] = v, cur, soc
        soc = soc - cur * dt / 3600 / cap * 100
        soc = min(soc, 100.0)
        a1, a2 = a1s[k], a2s[k]
        v1 = v1 * a1 + cur * r1 * (1 - a1)
        v2 = v2 * a2 + cur * r2 * (1 - a2)
    # sensors
    v_meas = v_true + r.normal(0, 0.002, size=n)
    v_meas = np.round(v_meas / (5.0 / 4096)) * (5.0 / 4096)
    # Hall sensor: zero offset at 25 degC plus its temperature drift
    offset = r.choice([-1, 1]) * r.uniform(0.03, 0.10)
    drift = r.choice([-1, 1]) * r.uniform(0.0015, 0.003)  # A per degC
    gain = r.uniform(0.99, 1.01)
    i_meas = (gain * i_true + offset + drift * (temp - 25.0)
              + r.normal(0, 0.015, size=n))
    i_meas = np.round(i_meas / 0.01) * 0.01
    return t, v_meas, i_meas, cap, (soc_tab, ocv_tab), soc_true


RECORDS = 10  # per record test; one of them may be out of tolerance (docs/task_items.md)


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def check(result, truth, label):
    """Form checks (hard); returns the mean absolute error and the record's problem, if any, as
    (excess, message) with excess = largest error / 3 points."""
    est = np.asarray(result, dtype=float)
    assert est.shape == truth.shape, f"{label}: shape {est.shape}, expected {truth.shape}"
    assert np.all(np.isfinite(est)), f"{label}: non-finite state of charge"
    err = np.abs(est - truth)
    worst = int(np.argmax(err))
    problem = None
    if err.max() > 3.0:
        excess = err.max() / 3.0
        problem = (excess, f"{label}: SoC off by {err.max():.1f} points at sample {worst} "
                           f"(estimated {est[worst]:.1f} %, true {truth[worst]:.1f} %; "
                           f"tolerance 3 points, {excess:.1f}x)")
    return err.mean(), problem


def run(t, v, i, cap, table):
    return estimate_soc(t, v, i, float(cap), table[0].tolist(), table[1].tolist())


def test_a_day_of_use_idle_and_charging():
    r = rng(1)
    means, bad = [], []
    for rec in range(RECORDS):
        t, v, i, cap, table, soc = simulate(r, hours=r.uniform(6, 9), start_busy=False,
                                            dt_nominal=float(r.choice([1.0, 2.0])))
        mean, problem = check(run(t, v, i, cap, table), soc, f"record {rec}")
        means.append(mean)
        if problem:
            bad.append(problem)
    assert np.mean(means) <= 1.5, f"mean absolute SoC error {np.mean(means):.2f} points"
    assert_quota(bad, RECORDS)


def test_record_starts_while_the_device_is_in_use():
    r = rng(2)
    bad = []
    for rec in range(RECORDS):
        t, v, i, cap, table, soc = simulate(r, hours=r.uniform(5, 8), start_busy=True,
                                            dt_nominal=float(r.choice([1.0, 2.0, 5.0])))
        _, problem = check(run(t, v, i, cap, table), soc, f"record {rec}")
        if problem:
            bad.append(problem)
    assert_quota(bad, RECORDS)


def test_output_form():
    r = rng(3)
    t, v, i, cap, table, soc = simulate(r, hours=4.0, dt_nominal=5.0)
    out = run(t, v, i, cap, table)
    assert isinstance(out, np.ndarray) and out.ndim == 1 and out.shape == t.shape
    assert np.all(np.isfinite(out)) and out.min() >= 0.0 and out.max() <= 100.0


@pytest.mark.parametrize("case", ["length", "time", "capacity", "table"])
def test_invalid_input_raises(case):
    t = np.arange(100.0)
    v = np.full(100, 3.7)
    i = np.zeros(100)
    cap, soc_tab, ocv_tab = 2.5, BASE_SOC.tolist(), BASE_OCV.tolist()
    if case == "length":
        v = v[:-1]
    elif case == "time":
        t[50] = t[49]
    elif case == "capacity":
        cap = 0.0
    else:
        ocv_tab = ocv_tab[:-1]
    with pytest.raises(ValueError):
        estimate_soc(t, v, i, cap, soc_tab, ocv_tab)
