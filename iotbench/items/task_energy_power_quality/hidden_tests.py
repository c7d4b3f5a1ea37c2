"""Hidden tests: power factor, displacement power factor and current THD of single-phase loads.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). The supply is 230 V / 50 Hz
or 120 V / 60 Hz with a slightly flat-topped (distorted) voltage; its frequency is off nominal by
up to 0.3 Hz and wanders slowly during the record. The load current is a physical waveform
defined over the voltage's phase (resistive heater, induction motor, capacitor-input rectifier
(SMPS), triac-dimmed lamp, active-PFC supply, or mixtures), band-limited by the meter's
anti-alias filter, sampled at 2-10 kHz for a record that is not a whole number of cycles, with
sensor noise, offsets and gain errors. Ground truth comes from the waveforms' exact harmonics.
"""

import os

import numpy as np
import pytest

from candidate import power_quality

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))
GRID = 4096  # points per cycle of the phase grid used to define the waveforms
KEYS = ("power_factor", "displacement_power_factor", "current_thd_percent")


def rng(stream):
    return np.random.default_rng([SEED, stream])


def cycle_harmonics(wave):
    """Complex amplitudes c[h] (h = 0..GRID/2) of a waveform given on one cycle of phase, such
    that wave(theta) = sum_h Re(c[h] * exp(1j * h * theta))."""
    c = np.fft.rfft(wave) / GRID * 2
    c[0] /= 2
    return c


def load_current(r, kind, theta, v):
    """One cycle of load current (relative units) on the phase grid, for a voltage shape v."""
    if kind == "resistive":
        return v.copy()
    if kind == "motor":
        phi = np.arccos(r.uniform(0.55, 0.85))
        return (np.sin(theta - phi) + r.uniform(0.02, 0.06) * np.sin(3 * theta + r.uniform(0, 6.3))
                + r.uniform(0.01, 0.03) * np.sin(5 * theta + r.uniform(0, 6.3)))
    if kind == "smps":
        # capacitor-input rectifier: current flows only near the voltage peaks
        lead = r.uniform(0.0, 0.2)
        level = r.uniform(0.75, 0.95)
        sh = np.sin(theta + lead)
        pulses = np.sign(sh) * np.maximum(np.abs(sh) - level, 0) ** r.uniform(1.0, 1.6)
        pulses /= np.max(np.abs(pulses))
        emi = r.uniform(0.0, 0.06) * np.cos(theta)  # EMI filter capacitor, leading
        return pulses + emi
    if kind == "dimmer":
        alpha = r.uniform(0.5, 2.2)  # firing angle after each voltage zero crossing, rad
        return v * (np.mod(theta, np.pi) >= alpha)
    if kind == "pfc":
        return (np.sin(theta - r.uniform(-0.15, 0.15))
                + r.uniform(0.03, 0.1) * np.sin(3 * theta + r.uniform(0, 6.3))
                + r.uniform(0.01, 0.05) * np.sin(5 * theta + r.uniform(0, 6.3)))
    raise ValueError(kind)


def make_record(r, kinds, fs=None, seconds=None):
    """Sampled (voltage V, current A, fs) and the true (PF, DPF, THD %)."""
    fs = float(fs or r.choice([2000, 3200, 4000, 5000, 6400, 8000, 10000]))
    nominal, vrms = (50.0, 230.0) if r.random() < 0.5 else (60.0, 120.0)
    theta = 2 * np.pi * np.arange(GRID) / GRID
    v_shape = np.sin(theta)
    for h, lo, hi in ((3, 0.003, 0.015), (5, 0.01, 0.04), (7, 0.005, 0.02), (11, 0.0, 0.01)):
        v_shape = v_shape - r.uniform(lo, hi) * np.sin(h * theta + r.normal(0, 0.3))
    cur = np.zeros(GRID)
    for kind in kinds:
        wave = load_current(r, kind, theta, v_shape)
        cur += r.uniform(0.3, 1.0) * wave / np.sqrt(np.mean(wave ** 2))
    hmax = int(min(40, np.floor(0.4 * fs / (nominal + 0.3))))
    cv, ci = cycle_harmonics(v_shape), cycle_harmonics(cur)
    cv, ci = cv[:hmax + 1], ci[:hmax + 1]  # the meter's anti-alias filter
    cv[0] = ci[0] = 0
    # truth from the band-limited periodic waveforms
    p = 0.5 * np.sum(np.real(cv * np.conj(ci)))
    s = 0.5 * np.sqrt(np.sum(np.abs(cv) ** 2) * np.sum(np.abs(ci) ** 2))
    pf = p / s
    dpf = np.cos(np.angle(cv[1]) - np.angle(ci[1]))
    thd = 100 * np.sqrt(np.sum(np.abs(ci[2:]) ** 2)) / np.abs(ci[1])
    # sampled record: mains frequency off nominal, drifting slowly; not whole cycles
    seconds = seconds or r.uniform(0.2, 1.0)
    n = int(seconds * fs)
    t = np.arange(n) / fs
    f = (nominal + r.uniform(-0.3, 0.3)
         + r.uniform(0.005, 0.03) * np.sin(2 * np.pi * t / r.uniform(3, 10) + r.uniform(0, 6.3)))
    phase = r.uniform(0, 2 * np.pi) + 2 * np.pi * np.cumsum(f) / fs
    h = np.arange(hmax + 1)
    basis = np.exp(1j * np.outer(phase, h))
    v = np.real(basis @ cv)
    i = np.real(basis @ ci)
    irms = r.uniform(0.3, 15.0)
    v *= vrms / np.sqrt(0.5 * np.sum(np.abs(cv) ** 2)) * r.uniform(0.95, 1.05)
    i *= irms / np.sqrt(0.5 * np.sum(np.abs(ci) ** 2)) * r.uniform(0.97, 1.03)
    v += r.normal(0, 0.3, n) + r.uniform(-1, 1)
    i += r.normal(0, irms * r.uniform(0.002, 0.01), n) + irms * r.uniform(-0.02, 0.02)
    return v, i, fs, (pf, dpf, thd), kinds


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def check(records, name):
    """Problems: one (excess, message) per record with PF or DPF off by more than 0.02 or THD
    by more than 1 point + 5 % of its value; the excess is the largest of the three errors,
    each divided by its tolerance."""
    bad = []
    for k, (v, i, fs, (pf, dpf, thd), kinds) in enumerate(records):
        out = power_quality(v, i, fs)
        assert isinstance(out, dict) and set(KEYS) <= set(out), f"missing keys in {out!r}"
        got = {key: float(out[key]) for key in KEYS}
        assert all(np.isfinite(x) for x in got.values()), f"non-finite value in {got!r}"
        excess = max(abs(got["power_factor"] - pf) / 0.02,
                     abs(got["displacement_power_factor"] - dpf) / 0.02,
                     abs(got["current_thd_percent"] - thd) / (1.0 + 0.05 * thd))
        info = (f"{name} record {k} ({'+'.join(kinds)}, fs {fs:.0f} Hz, {len(v) / fs:.3f} s): "
                f"got {got}, true PF {pf:.3f} DPF {dpf:.3f} THD {thd:.1f} % "
                f"(tolerances 0.02, 0.02, {1.0 + 0.05 * thd:.1f}; {excess:.1f}x)")
        if (abs(got["power_factor"] - pf) > 0.02
                or abs(got["displacement_power_factor"] - dpf) > 0.02
                or abs(got["current_thd_percent"] - thd) > 1.0 + 0.05 * thd):
            bad.append((excess, info))
    return bad


def test_rectifier_supplies_and_dimmers():
    r = rng(1)
    kinds = [["smps"], ["smps"], ["smps"], ["dimmer"], ["dimmer"], ["smps", "resistive"],
             ["dimmer", "smps"], ["smps"]]
    records = [make_record(r, k) for k in kinds]
    assert_quota(check(records, "distorted"), len(records))


def test_linear_loads_with_little_distortion():
    r = rng(2)
    kinds = [["resistive"], ["resistive"], ["motor"], ["motor"], ["motor"], ["pfc"], ["pfc"],
             ["resistive", "motor"]]
    records = [make_record(r, k) for k in kinds]
    assert_quota(check(records, "linear"), len(records))


def test_household_mixtures():
    r = rng(3)
    pool = ["resistive", "motor", "smps", "dimmer", "pfc"]
    records = []
    for _ in range(8):
        kinds = list(r.choice(pool, size=int(r.integers(2, 4)), replace=False))
        records.append(make_record(r, kinds))
    assert_quota(check(records, "mixture"), len(records))


def test_short_blocks_of_a_few_cycles():
    r = rng(4)
    records = [make_record(r, k, seconds=r.uniform(0.1, 0.2))
               for k in (["smps"], ["motor"], ["resistive"], ["dimmer"], ["smps", "motor"])]
    assert_quota(check(records, "short"), len(records))


def test_returns_plain_floats_and_accepts_lists():
    r = rng(5)
    v, i, fs, truth, _ = make_record(r, ["motor"], fs=4000, seconds=0.5)
    out = power_quality(v.tolist(), i.tolist(), fs)
    for key in KEYS:
        assert isinstance(out[key], float), f"{key} is {type(out[key]).__name__}"
    assert abs(out["displacement_power_factor"] - truth[1]) <= 0.02


@pytest.mark.parametrize("v, i, fs", [
    (np.zeros(1000), np.zeros(999), 5000.0),
    (np.zeros((1000, 2)), np.zeros((1000, 2)), 5000.0),
    (np.zeros(1000), np.zeros(1000), 0.0),
    (np.zeros(400), np.zeros(400), 5000.0),
])
def test_invalid_input_raises(v, i, fs):
    with pytest.raises(ValueError):
        power_quality(v, i, fs)
