"""Hidden tests: one SpO2 reading per spot check from red/IR finger PPG, graded on the outcome.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). A record simulates the light
that reaches the probe's photodiode in each phase of the sampling cycle: the LED light is
attenuated by tissue and by the pulsing arterial blood (red modulated R_a times as deeply as IR,
with R_a from the device's own calibration table at the true saturation), plus slow
vasomotor/respiratory changes of the steady level. On top come the confounders of a real spot
check: room light reaching the detector in every phase (with lamps switched on and off), hand
movement and re-gripping (large, irregular changes of both channels whose red/IR ratio is that
of venous blood and tissue, not of the arterial pulse), automatic changes of an LED's drive
current, sensor noise and 18-bit quantisation.
"""

import os

import numpy as np
import pytest

from candidate import estimate_spo2

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def smooth_noise(r, n, fs, cutoff_hz):
    """Zero-mean, unit-variance Gaussian noise with a smooth (Gaussian) spectrum below about
    cutoff_hz. The mean (DC bin) is removed: with a cutoff near 1/duration it would otherwise
    dominate and, after scaling to unit variance, become an offset of many units."""
    spec = np.fft.rfft(r.normal(size=n)) * np.exp(-(np.fft.rfftfreq(n, 1 / fs) / cutoff_hz) ** 2)
    spec[0] = 0.0
    x = np.fft.irfft(spec, n)
    return x / x.std()


def calibration_table(r):
    """A device's empirical R -> SpO2 curve as a table of points, R strictly increasing."""
    rs = np.cumsum(r.uniform(0.1, 0.15, size=16)) + r.uniform(0.12, 0.2)
    bend = r.uniform(-8.0, 3.0)
    spo2 = r.uniform(99.0, 102.0) - r.uniform(24.0, 30.0) * (rs - 0.45) + bend * (rs - 0.45) ** 2
    spo2 = np.minimum.accumulate(spo2)  # keep it decreasing
    return [(float(a), float(b)) for a, b in zip(rs, spo2)]


def r_for(table, spo2):
    rs = np.array([p[0] for p in table])
    ss = np.array([p[1] for p in table])
    return float(np.interp(spo2, ss[::-1], rs[::-1]))


def pulse_wave(r, t, hr_bpm):
    """Arterial blood-volume pulse in [0, 1] (1 = most blood), beat by beat."""
    duration = t[-1] + (t[1] - t[0])
    rr0 = 60.0 / hr_bpm
    beats = [r.uniform(-rr0, 0)]
    while beats[-1] < duration + rr0:
        beats.append(beats[-1] + rr0 * (1 + 0.04 * r.normal()))
    beats = np.array(beats)
    k = np.clip(np.searchsorted(beats, t, side="right") - 1, 0, len(beats) - 2)
    u = (t - beats[k]) / (beats[k + 1] - beats[k])
    notch = r.uniform(0.2, 0.5)
    shape = (1 - np.exp(-u / 0.06)) * np.exp(-((u - 0.2) / 0.28) ** 2) \
        + notch * np.exp(-((u - 0.55) / 0.12) ** 2)
    shape = shape * (1 - u) ** 0.3
    amp = 1 + 0.08 * r.normal(size=len(beats))
    y = amp[k] * shape
    return y / np.percentile(y, 99)


def motion_mask(r, n, fs, fraction):
    """Boolean mask of irregular movement bursts covering about `fraction` of the record; one
    still stretch of 10-14 s is left somewhere (a spot check is read when the hand rests)."""
    mask = np.zeros(n, bool)
    still = int(r.uniform(10.0, 14.0) * fs)
    still_at = int(r.integers(0, max(1, n - still)))
    target = int(fraction * n)
    while mask.sum() < target:
        length = int(r.uniform(2.0, 9.0) * fs)
        start = int(r.integers(0, max(1, n - length)))
        mask[start:start + length] = True
        mask[still_at:still_at + still] = False
    return mask


def spot_check(r, table, spo2, fs, seconds, motion=0.0, perfusion=(0.006, 0.04),
               ambient_level=(0.2, 0.7), agc=False):
    """Return (red, ir, ambient) photodiode counts for one spot check."""
    n = int(seconds * fs)
    t = np.arange(n) / fs
    r_art = r_for(table, spo2)
    pi_ir = r.uniform(*perfusion)                  # IR pulsatile / steady light
    p = pulse_wave(r, t, r.uniform(50, 115))
    dc_ir = r.uniform(50e3, 120e3)
    dc_red = dc_ir * r.uniform(0.35, 0.75)          # drive currents differ between LEDs
    # vasomotion (slow, up to a few percent) and breathing (a fraction of the pulse's depth)
    slow = 1 + 0.02 * smooth_noise(r, n, fs, 0.15) + r.uniform(0.2, 0.6) * pi_ir * np.sin(
        2 * np.pi * r.uniform(0.15, 0.35) * t)
    ir_led = dc_ir * slow * (1 - pi_ir * p)
    red_led = dc_red * slow * (1 - r_art * pi_ir * p)
    if motion > 0:
        mask = motion_mask(r, n, fs, motion)
        env = np.convolve(mask.astype(float), np.ones(int(0.3 * fs)) / int(0.3 * fs), "same")
        m = env * smooth_noise(r, n, fs, r.uniform(2.0, 5.0)) * pi_ir * r.uniform(3.0, 9.0)
        # re-gripping: steps of the coupling inside the movement bursts
        edges = np.flatnonzero(np.diff(mask.astype(int)) == 1)
        for e in edges[r.random(edges.size) < 0.5]:
            m[e + int(r.uniform(0.3, 1.5) * fs):] += r.normal(0, 3 * pi_ir)
        r_mov = r.uniform(0.95, 1.4)
        ir_led = ir_led * (1 + m)
        red_led = red_led * (1 + r_mov * m)
    if agc:  # the AFE changes one LED's drive current once or twice
        for _ in range(int(r.integers(1, 3))):
            at = int(r.uniform(0.15, 0.85) * n)
            factor = r.uniform(1.2, 1.6) ** r.choice([-1, 1])
            if r.random() < 0.5:
                red_led[at:] *= factor
            else:
                ir_led[at:] *= factor
    level = r.uniform(*ambient_level) * dc_ir
    amb = level * (1 + 0.15 * smooth_noise(r, n, fs, 0.05))
    for _ in range(int(r.integers(0, 3))):       # a lamp switched on or off
        at = int(r.uniform(0.1, 0.9) * n)
        amb[at:] += r.uniform(-0.4, 0.4) * level
    amb = np.maximum(amb, 0.02 * dc_ir)
    # the front end's photodiode gain keeps the brightest phase below about 85 % of full scale
    # (one common factor on every phase: the ratio of ratios is unchanged)
    gain = min(1.0, 0.85 * (2 ** 18 - 1) / max(np.max(red_led + amb), np.max(ir_led + amb)))
    red_led, ir_led, amb = red_led * gain, ir_led * gain, amb * gain
    sigma = r.uniform(3, 15)
    out = []
    for x in (red_led + amb, ir_led + amb, amb):
        y = x + r.normal(0, sigma, n) + 0.0001 * amb * r.normal(size=n)  # flicker residue
        out.append(np.clip(np.round(y), 0, 2 ** 18 - 1))
    return out


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def check(records, tol, mean_tol):
    errors = []
    bad = []
    for i, (red, ir, amb, fs, table, truth) in enumerate(records):
        got = estimate_spo2(red, ir, amb, fs, table)
        assert isinstance(got, (float, np.floating)), f"record {i}: returned {type(got)}"
        assert np.isfinite(got), f"record {i}: returned {got}"
        err = abs(float(got) - truth)
        errors.append(err)
        if not err <= tol:
            excess = err / tol   # the SpO2 error in units of the tolerance
            bad.append((excess, f"record {i}: SpO2 {float(got):.1f} %, true {truth:.1f} %, "
                                f"tolerance {tol} (fs {fs}; {excess:.1f}x tolerance)"))
    assert np.mean(errors) <= mean_tol, f"mean absolute error {np.mean(errors):.2f} points"
    assert_quota(bad, len(records))


def truths(r, k):
    """k saturations spread over the clinical range (high, mid and low values in every test)."""
    bands = [(94, 99.5), (86, 94), (78, 86)]
    return [r.uniform(*bands[i % 3]) for i in range(k)]


def test_still_hand_under_room_light():
    r = rng(1)
    records = []
    for spo2 in truths(r, 6):
        table = calibration_table(r)
        fs = float(r.choice([25, 50, 100]))
        red, ir, amb = spot_check(r, table, spo2, fs, r.uniform(30, 60))
        records.append((red, ir, amb, fs, table, spo2))
    check(records, 2.0, 1.2)


def test_moving_hand():
    r = rng(2)
    records = []
    for spo2 in truths(r, 6):
        table = calibration_table(r)
        fs = float(r.choice([25, 50, 100]))
        red, ir, amb = spot_check(r, table, spo2, fs, r.uniform(40, 60),
                                  motion=r.uniform(0.25, 0.5))
        records.append((red, ir, amb, fs, table, spo2))
    check(records, 2.0, 1.4)


def test_drive_current_changes_and_low_perfusion():
    r = rng(3)
    records = []
    for spo2 in truths(r, 6):
        table = calibration_table(r)
        fs = float(r.choice([50, 100]))
        red, ir, amb = spot_check(r, table, spo2, fs, r.uniform(40, 60), motion=0.15,
                                  perfusion=(0.004, 0.012), agc=True)
        records.append((red, ir, amb, fs, table, spo2))
    check(records, 2.0, 1.4)


def test_list_inputs_and_result_type():
    r = rng(4)
    table = calibration_table(r)
    red, ir, amb = spot_check(r, table, 95.0, 50.0, 20)
    got = estimate_spo2(list(red), list(ir), list(amb), 50.0, [list(p) for p in table])
    assert isinstance(got, float) and abs(got - 95.0) <= 2.0


@pytest.mark.parametrize("case", ["lengths", "two_d", "fs", "short", "table_short", "table_order"])
def test_invalid_input_raises(case):
    r = rng(5)
    table = calibration_table(r)
    red, ir, amb = spot_check(r, table, 97.0, 50.0, 20)
    args = [red, ir, amb, 50.0, table]
    if case == "lengths":
        args[1] = ir[:-5]
    elif case == "two_d":
        args[0] = np.stack([red, red])
        args[1] = np.stack([ir, ir])
        args[2] = np.stack([amb, amb])
    elif case == "fs":
        args[3] = 0.0
    elif case == "short":
        args = [red[:400], ir[:400], amb[:400], 50.0, table]
    elif case == "table_short":
        args[4] = table[:1]
    else:
        args[4] = table[::-1]
    with pytest.raises(ValueError):
        estimate_spo2(*args)
