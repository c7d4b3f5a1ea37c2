"""Hidden tests: rate of spectral compression of surface EMG during a sustained contraction.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). A stationary EMG process
with a standard surface-EMG spectrum (Shwedyk-type, random corner frequencies) is time-warped so
that its whole spectrum compresses at the record's true rate (conduction velocity falling with
fatigue), under an amplitude that rises during fatigue and jumps when an electrode shifts. Rest
before and after the hold, amplifier noise, ECG from the heart (trunk muscles), mains
interference with drifting amplitude, and movement artefacts are added.
"""

import os

import numpy as np
import pytest
from scipy.fft import next_fast_len
from scipy.signal import butter, sosfilt

from candidate import fatigue_rate

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def smooth(r, n, fs, cutoff_hz):
    width = max(1, int(fs / cutoff_hz))
    c = np.cumsum(r.normal(size=n + width))
    x = c[width:] - c[:-width]
    return x / x.std()


def emg_process(r, n_out, fs, speed):
    """Unit-RMS surface EMG whose spectrum is compressed by speed(t) (1 = unfatigued)."""
    over = 4
    warped = np.concatenate([[0.0], np.cumsum(speed[:-1])])  # warped time, in output samples
    m = next_fast_len(int(np.ceil(warped[-1] * over)) + 8, real=True)  # fast FFT length
    fl, fh = r.uniform(40, 70), r.uniform(70, 130)
    f = np.fft.rfftfreq(m, 1.0 / (fs * over))
    shape = np.sqrt(fh ** 4 * f ** 2 / ((f ** 2 + fl ** 2) * (f ** 2 + fh ** 2) ** 2))
    spec = (r.normal(size=f.size) + 1j * r.normal(size=f.size)) * shape
    y = np.fft.irfft(spec, m)
    x = np.interp(warped * over, np.arange(m), y)
    return x / x.std()


def ecg(r, n, fs, amp_uv):
    out = np.zeros(n)
    rr0 = 60.0 / r.uniform(70, 130)  # the heart speeds up during an effortful hold
    waves = [(-0.16, 0.022, 0.12), (-0.028, 0.007, -0.15), (0.0, 0.009, 1.0),
             (0.026, 0.008, r.uniform(-0.5, -0.1)), (0.26, 0.045, r.uniform(0.1, 0.35))]
    sign = r.choice([-1.0, 1.0])
    half = int(0.45 * fs)
    k = np.arange(-half, half + 1) / fs
    shape = sum(w_a * np.exp(-0.5 * ((k - w_t) / w_s) ** 2) for w_t, w_s, w_a in waves)
    beat = r.uniform(0, rr0)
    while beat * fs < n + half:
        centre = int(round(beat * fs))
        lo, hi = centre - half, centre + half + 1
        s0, s1 = max(lo, 0), min(hi, n)
        if s1 > s0:
            out[s0:s1] += amp_uv * sign * r.uniform(0.85, 1.15) * shape[s0 - lo:s1 - lo]
        beat += rr0 * r.uniform(0.92, 1.08)
    return out


def record(r, fs, hold_s, decline, ecg_amp=0.0, shifts=0, mains=True, parts=None,
           level_uv=(30.0, 120.0)):
    """Raw EMG (µV) of rest - ramp - hold - rest; decline = fractional frequency drop over the
    hold; level_uv = range of the EMG's RMS at the start of the hold. Returns (emg, true rate
    in % per minute)."""
    pre, post = r.uniform(3, 8), r.uniform(2, 6)
    ramp = r.uniform(0.5, 1.5)
    n = int((pre + ramp + hold_s + post) * fs)
    t = np.arange(n) / fs
    in_hold = np.clip((t - pre - ramp) / hold_s, 0.0, 1.0)
    rate = -100.0 * decline / (hold_s / 60.0)
    wander = 1.0 + 0.0 * smooth(r, n, fs, 0.1)
    speed = (1.0 - decline * in_hold) * wander
    x = emg_process(r, n, fs, speed)
    level = r.uniform(*level_uv)
    gain = level * (1.0 + r.uniform(0.1, 0.8) * in_hold * (decline > 0.05))
    gain *= np.clip(1.0 + 0.08 * smooth(r, n, fs, 1.0), 0.5, None)
    on = np.clip((t - pre) / ramp, 0.0, 1.0) * np.clip((pre + ramp + hold_s + 0.3 - t) / 0.3,
                                                       0.0, 1.0)
    for _ in range(shifts):  # electrode shift or sweat: the amplitude jumps, the muscle does not
        ts = pre + ramp + r.uniform(0.1, 0.9) * hold_s
        gain = gain * np.where(t > ts, r.choice([r.uniform(0.45, 0.7), r.uniform(1.4, 2.2)]),
                               1.0)
    emg = gain * on * x
    if parts is not None:
        parts.update(clean=emg.copy(), speed=speed, pre=pre + ramp, hold=hold_s)
    front = butter(1, [5.0, min(500.0, 0.45 * fs)], btype="bandpass", fs=fs, output="sos")
    noise = sosfilt(front, r.normal(size=n))
    emg += r.uniform(1.5, 4.0) * noise / noise.std()
    if ecg_amp > 0:
        emg += ecg(r, n, fs, ecg_amp)
    if mains:
        f0 = r.choice([50.0, 60.0]) + r.uniform(-0.2, 0.2)
        a0 = r.uniform(3, 15) * np.linspace(1.0, r.uniform(0.3, 3.0), n)
        for h, rel in ((1, 1.0), (3, r.uniform(0.1, 0.4))):
            emg += a0 * rel * np.sin(2 * np.pi * h * f0 * t + r.uniform(0, 6.3))
    emg += r.uniform(-500, 500) + r.uniform(20, 80) * smooth(r, n, fs, 0.2)
    for _ in range(r.integers(1, 4)):  # cable and electrode movement: sharp transients
        d = t - r.uniform(pre + ramp, pre + ramp + hold_s)
        emg += (r.uniform(200, 1500) * r.choice([-1, 1]) * (d > 0)
                * np.exp(-np.maximum(d, 0) / r.uniform(0.05, 0.3)))
    return emg, rate


def relative_ok(est, rate):
    return abs(est - rate) <= 3.0 + 0.2 * abs(rate)


FS_CHOICES = [1000.0, 1024.0, 2000.0, 2048.0]


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def check(records, label):
    """Problems: one (excess, message) per record whose estimate is out of tolerance; the
    excess is |estimated - true| / tolerance, both in %/min."""
    bad = []
    for i, (x, fs, rate) in enumerate(records):
        est = float(fatigue_rate(x, fs))
        assert np.isfinite(est), f"{label} record {i}: estimate {est} is not finite"
        if not relative_ok(est, rate):
            tolerance = 3.0 + 0.2 * abs(rate)
            excess = abs(est - rate) / tolerance
            bad.append((excess, f"{label} record {i}: estimated {est:.1f} %/min, true "
                                f"{rate:.1f} %/min (tolerance {tolerance:.1f}, {excess:.1f}x; "
                                f"fs {fs:g})"))
    return bad


def test_fatiguing_back_extensor_holds():
    r = rng(1)
    records = []
    for _ in range(5):
        fs = float(r.choice(FS_CHOICES))
        x, rate = record(r, fs, r.uniform(60, 150), r.uniform(0.15, 0.45),
                         ecg_amp=r.uniform(150, 500), shifts=int(r.integers(0, 2)))
        records.append((x, fs, rate))
    assert_quota(check(records, "back"), len(records))


def test_limb_holds_without_heartbeat():
    r = rng(2)
    records = []
    for _ in range(5):
        fs = float(r.choice(FS_CHOICES))
        x, rate = record(r, fs, r.uniform(60, 150), r.uniform(0.0, 0.45),
                         shifts=int(r.integers(0, 2)))
        records.append((x, fs, rate))
    assert_quota(check(records, "limb"), len(records))


def test_hard_holds_fatigue_fast():
    """High-force limb holds to exhaustion: short (60-80 s) with a 30-45 % fall of the
    spectrum, i.e. 22-45 %/min, where a method that flattens the trend is out of tolerance."""
    r = rng(5)
    records = []
    for _ in range(6):
        fs = float(r.choice(FS_CHOICES))
        x, rate = record(r, fs, r.uniform(60, 80), r.uniform(0.30, 0.45),
                         shifts=int(r.integers(0, 2)))
        records.append((x, fs, rate))
    assert_quota(check(records, "hard hold"), len(records))


def test_electrode_shift_is_not_fatigue():
    """Trunk holds below the fatigue threshold (low force, so the EMG is 30-70 µV RMS and the
    ECG is large beside it) with 1-2 electrode shifts each."""
    r = rng(3)
    records = []
    for _ in range(8):
        fs = float(r.choice(FS_CHOICES))
        x, rate = record(r, fs, r.uniform(90, 150), r.uniform(0.0, 0.04),
                         ecg_amp=r.uniform(150, 500), shifts=int(r.integers(1, 3)),
                         level_uv=(30.0, 70.0))
        records.append((x, fs, rate))
    assert_quota(check(records, "electrode shift"), len(records))


def test_output_form():
    r = rng(4)
    x, _ = record(r, 1000.0, 60.0, 0.2)
    est = fatigue_rate(x, 1000.0)
    assert isinstance(est, (float, np.floating)) and np.isfinite(est)


@pytest.mark.parametrize("emg, fs", [(np.zeros((2, 50000)), 1000.0), (np.zeros(50000), 0.0),
                                     (np.zeros(50000), -1000.0)])
def test_invalid_input_raises(emg, fs):
    with pytest.raises(ValueError):
        fatigue_rate(emg, fs)
