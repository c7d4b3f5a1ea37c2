"""Hidden tests: ranges of the targets in one chirp of a short-range FMCW radar.

Each record is the real-valued, de-chirped (beat) signal of one up-chirp, sampled by the radar's
ADC. Targets (2-6 of them, at least a few range bins apart) sit between 1 m and 90 % of the
maximum range; their echo strength follows the radar equation (strong for a large object close
by, tens of dB weaker for a small object far away). The transmitter's leakage into the receiver
and reflections off the radome appear as a very strong beat tone at a few centimetres plus a DC
offset; the ADC adds white noise and a 12-bit quantisation.
"""

import os

import numpy as np
import pytest

from candidate import target_ranges

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))
C = 3.0e8


def rng(stream):
    return np.random.default_rng([SEED, stream])


def make_chirp(r, n_targets=None):
    n = int(r.choice([256, 512, 1024]))
    bandwidth = float(r.uniform(0.5e9, 2.0e9))
    chirp_s = float(r.uniform(20e-6, 100e-6))
    fs = n / chirp_s
    slope = bandwidth / chirp_s
    res = C / (2 * bandwidth)
    r_max = C * fs / (4 * slope)
    t = np.arange(n) / fs
    count = int(r.integers(2, 7)) if n_targets is None else n_targets
    ranges = []
    while len(ranges) < count:
        cand = r.uniform(1.0, 0.9 * r_max)
        if all(abs(cand - q) > 5 * res for q in ranges):
            ranges.append(cand)
    ranges = np.sort(np.array(ranges))
    # echo power ~ RCS / R^4; post-FFT SNR of the weakest target 20-26 dB (rectangular window)
    rcs_db = r.uniform(-15, 10, ranges.size)
    power_db = rcs_db - 40 * np.log10(ranges)
    snr_db = power_db - power_db.min() + r.uniform(20, 26)
    snr_db = np.minimum(snr_db, 65.0)
    noise_sigma = 1.0
    # a tone of amplitude a over n samples has post-FFT SNR ~ n a^2 / (4 sigma^2) (real signal)
    amps = np.sqrt(4 * noise_sigma ** 2 * 10 ** (snr_db / 10) / n)
    x = np.zeros(n)
    for rng_m, a in zip(ranges, amps):
        fb = 2 * slope * rng_m / C
        x += a * np.cos(2 * np.pi * fb * t + r.uniform(0, 2 * np.pi))
    leak_range = r.uniform(0.03, 0.3)
    leak_amp = np.sqrt(4 * 10 ** (r.uniform(50, 65) / 10) / n)
    x += leak_amp * np.cos(2 * np.pi * 2 * slope * leak_range / C * t + r.uniform(0, 6.3))
    x += r.uniform(-0.5, 0.5) * leak_amp  # DC offset
    x += noise_sigma * r.standard_normal(n)
    full_scale = 1.2 * np.abs(x).max()
    x = np.round(x / full_scale * 2047) / 2047 * r.uniform(0.5, 2.0)  # 12-bit ADC, any units
    return x, fs, bandwidth, chirp_s, ranges, res


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def grade(r, records, n_targets=None):
    """Missed targets and false reports over all records, the worst error (cells), and one
    problem (excess, message) per record with a target not found within one range cell; excess
    is the record's largest error in range cells (the tolerance is one cell), inf when the
    record has no report at all."""
    missed, false, worst, bad = 0, 0, 0.0, []
    for i in range(records):
        x, fs, bw, tc, truth, res = make_chirp(r, n_targets)
        out = target_ranges(x, fs, bw, tc)
        assert isinstance(out, list), "a list of ranges is expected"
        got = np.array(sorted(float(v) for v in out))
        assert np.all(np.isfinite(got)), f"record {i}: ranges must be finite, got {out}"
        lost = []
        excess = 0.0
        for q in truth:
            err = np.abs(got - q).min() / res if got.size else np.inf
            excess = max(excess, err)
            missed += err > 1.0
            worst = max(worst, err if np.isfinite(err) else 99)
            if err > 1.0:
                near = got[np.abs(got - q).argmin()] if got.size else np.nan
                lost.append(f"{q:.2f} m (nearest report {near:.2f} m)")
        for g in got:
            false += np.abs(truth - g).min() > 1.5 * res
        if lost:
            bad.append((excess, f"record {i}: target(s) not found within one range cell "
                                f"(tolerance {res:.3f} m): " + ", ".join(lost)
                                + f" ({excess:.1f}x tolerance)"))
    return missed, false, worst, bad


def test_targets_strong_and_weak():
    missed, false, worst, bad = grade(rng(1), 30)
    assert false <= 2, f"{false} reported ranges where there is no target"
    assert_quota(bad, 30)


def test_pairs_of_targets():
    missed, false, _, bad = grade(rng(2), 15, n_targets=2)
    assert false <= 1, f"missed {missed}, false {false}"
    assert_quota(bad, 15)


def test_output_form():
    r = rng(3)
    x, fs, bw, tc, truth, res = make_chirp(r, 3)
    out = target_ranges(x, fs, bw, tc)
    assert isinstance(out, list) and all(isinstance(v, float) for v in out)
    assert all(np.isfinite(out)) and out == sorted(out)


@pytest.mark.parametrize("case", ["2d", "short", "fs", "bw", "tc"])
def test_invalid_input_raises(case):
    x = np.zeros(256)
    args = {"2d": (np.zeros((2, 256)), 5e6, 1e9, 50e-6), "short": (np.zeros(8), 5e6, 1e9, 50e-6),
            "fs": (x, 0.0, 1e9, 50e-6), "bw": (x, 5e6, -1e9, 50e-6), "tc": (x, 5e6, 1e9, 0.0)}[case]
    with pytest.raises(ValueError):
        target_ranges(*args)
