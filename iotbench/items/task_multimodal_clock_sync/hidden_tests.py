"""Hidden tests: clock offset and drift between two vibration loggers on the same vehicle.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). A master vibration of the
vehicle frame is simulated at 250 Hz in true time: parked with the engine off at the start and
the end (and once in the middle), idling (engine order at 10-14 Hz), and driving (broadband road
vibration 1-25 Hz whose level follows speed, pothole impulses every 5-30 s, engine order at
20-45 Hz following speed). Each logger sees it through its own mount (a resonance at 8-30 Hz, Q
2-5), in its own orientation, with its own gain, offset and noise, sampled at its own nominal
rate (50-200 Hz, behind the sensor's anti-aliasing filter) by its own clock (offset: it starts
0-120 s after or before the other; rate error 10-300 ppm for a crystal, 0.3-2 % for a cheap
logger's RC oscillator; the first logger B of every test is a cheap one), and loses chunks of
samples (radio packets). The true mapping between the clocks is linear; the tests check it over
the span of logger B's recording.
"""

import math
import os

import numpy as np
import pytest
from scipy.signal import butter, lfilter, sosfilt, sosfiltfilt

from candidate import estimate_clock_mapping

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))
FS_M = 250.0


def rng(stream):
    return np.random.default_rng([SEED, stream])


def vehicle_vibration(r, seconds):
    """Master frame acceleration (n, 3) in g (gravity excluded) at FS_M, true time 0..seconds."""
    n = int(seconds * FS_M)
    t = np.arange(n) / FS_M
    # state: 0 off, 1 idle, 2 driving; speed profile while driving
    state = np.full(n, 2)
    off0, off1 = r.uniform(30, 120), r.uniform(30, 120)
    state[t < off0] = 0
    state[(t >= off0) & (t < off0 + r.uniform(20, 60))] = 1
    state[t > seconds - off1] = 0
    state[(t <= seconds - off1) & (t > seconds - off1 - r.uniform(20, 60))] = 1
    mid = r.uniform(0.3, 0.7) * seconds
    state[(t > mid) & (t < mid + r.uniform(60, 180))] = 1 if r.random() < 0.5 else 0
    per_s = int(FS_M)
    speed = np.clip(np.cumsum(r.normal(0, 1, n // per_s + 1)).repeat(per_s)[:n] * 0.3 + 12, 3, 25)
    speed = np.where(state == 2, speed, 0.0)
    k = int(5 * FS_M)
    speed = np.convolve(speed, np.ones(k) / k, mode="same")
    road_sos = butter(2, [1.0, 25.0], btype="bandpass", fs=FS_M, output="sos")
    road = sosfilt(road_sos, r.normal(size=(n, 3)), axis=0)
    road /= road.std(axis=0)
    level = 0.01 * speed[:, None] * np.array([0.4, 0.3, 1.0])
    acc = road * level
    # potholes
    for when in np.cumsum(r.uniform(5, 30, int(seconds / 5))):
        if when >= seconds - 1:
            break
        i = int(when * FS_M)
        if speed[i] < 1:
            continue
        m = int(0.5 * FS_M)
        tt = np.arange(m) / FS_M
        pulse = r.uniform(0.3, 1.0) * np.exp(-tt / 0.06) * np.sin(2 * np.pi * r.uniform(8, 14) * tt)
        acc[i:i + m, 2] += pulse[: n - i]
        acc[i:i + m, 0] += 0.3 * pulse[: n - i] * r.normal()
    # engine order
    f_eng = np.where(state == 2, 20 + 1.0 * speed, np.where(state == 1, r.uniform(10, 14), 0))
    f_eng = np.convolve(f_eng, np.ones(k) / k, mode="same")
    amp = np.where(f_eng > 5, r.uniform(0.02, 0.05), 0.0)
    phase = 2 * np.pi * np.cumsum(f_eng) / FS_M
    acc += (amp * np.sin(phase))[:, None] * np.array([0.3, 0.5, 1.0])
    return acc


def random_rotation(r):
    q = r.normal(size=4)
    q /= np.linalg.norm(q)
    w, x, y, z = q
    return np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                     [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                     [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]])


def logger(r, master, t_start, t_stop, clock_offset, clock_rate_err, fs):
    """Samples of one logger: its own timestamps (s) and accelerometer readings (g)."""
    # mount resonance
    f0, q = r.uniform(8, 30), r.uniform(2, 5)
    w0 = 2 * np.pi * f0 / FS_M
    alpha = math.sin(w0) / (2 * q)
    b = np.array([alpha, 0, -alpha]) * 2.0 + np.array([1 - math.cos(w0), 0, 0]) * 0.0
    a = np.array([1 + alpha, -2 * math.cos(w0), 1 - alpha])
    shaped = master + lfilter(b * r.uniform(0.5, 1.5), a, master, axis=0)
    # the sensor's internal anti-aliasing filter (no delay)
    shaped = sosfiltfilt(butter(4, 0.4 * fs, fs=FS_M, output="sos"), shaped, axis=0)
    # own clock: tau = T * (1 + e) + c; samples at tau = tau0 + k / fs
    tau0 = t_start * (1 + clock_rate_err) + clock_offset
    tau1 = t_stop * (1 + clock_rate_err) + clock_offset
    tau = tau0 + np.arange(int((tau1 - tau0) * fs)) / fs
    true_t = (tau - clock_offset) / (1 + clock_rate_err)
    idx = true_t * FS_M
    i0 = np.clip(idx.astype(int), 0, len(master) - 2)
    frac = (idx - i0)[:, None]
    vib = shaped[i0] * (1 - frac) + shaped[i0 + 1] * frac
    rot = random_rotation(r)
    acc = (vib + np.array([0, 0, 1.0])) @ rot.T
    acc = acc * r.uniform(0.97, 1.03, 3) + r.uniform(-0.05, 0.05, 3)
    acc += r.normal(0, r.uniform(0.003, 0.015), acc.shape)
    # lost radio packets
    keep = np.ones(len(tau), bool)
    for s in r.integers(0, len(tau), int(len(tau) / fs / 20)):
        keep[s:s + int(r.integers(5, 60))] = False
    return tau[keep], acc[keep]


def clock_error(r, cheap):
    """Rate error of a logger's clock: a crystal (10-300 ppm) or, on a cheap logger, the
    microcontroller's internal RC oscillator (0.3-2 %)."""
    size = r.uniform(0.003, 0.02) if cheap else r.uniform(10, 300) * 1e-6
    return size * r.choice([-1, 1])


def make_record(r, cheap_b=None):
    seconds = r.uniform(600, 1200)
    master = vehicle_vibration(r, seconds)
    fs_a, fs_b = float(r.choice([50, 100, 200])), float(r.choice([50, 100, 200]))
    cheap_a = r.random() < 0.4
    cheap_b = r.random() < 0.5 if cheap_b is None else cheap_b
    e_a = clock_error(r, cheap_a)
    e_b = clock_error(r, cheap_b)
    c_a = r.uniform(0, 50)            # each clock counts from its own power-up
    c_b = r.uniform(0, 50)
    a_start, a_stop = r.uniform(0, 60), seconds - r.uniform(1, 60)
    b_start, b_stop = r.uniform(0, 120), seconds - r.uniform(1, 120)
    t_a, acc_a = logger(r, master, a_start, a_stop, c_a, e_a, fs_a)
    t_b, acc_b = logger(r, master, b_start, b_stop, c_b, e_b, fs_b)
    slope = (1 + e_a) / (1 + e_b)
    offset = c_a - c_b * slope
    return t_a, acc_a, t_b, acc_b, offset, (slope - 1) * 1e6


def mapping_error(t_b, offset, drift, true_offset, true_drift):
    tb = np.array([t_b[0], t_b[-1]])
    pred = tb + offset + drift * 1e-6 * tb
    true = tb + true_offset + true_drift * 1e-6 * tb
    return float(np.max(np.abs(pred - true)))


def run_records(stream, count, tol):
    r = rng(stream)
    bad = []
    for i in range(count):
        # the first logger B of every test is a cheap one (RC clock)
        t_a, acc_a, t_b, acc_b, off, drift = make_record(r, True if i == 0 else None)
        out = estimate_clock_mapping(t_a, acc_a, t_b, acc_b)
        assert isinstance(out, tuple) and len(out) == 2, f"expected (offset, drift), got {out!r}"
        o, d = float(out[0]), float(out[1])
        assert np.isfinite(o) and np.isfinite(d), f"offset and drift must be finite: {out!r}"
        err = mapping_error(t_b, o, d, off, drift)
        if err > tol:
            bad.append(f"record {i} ({(t_b[-1] - t_b[0]) / 60:.0f} min): offset {o:.4f} s, "
                       f"drift {d:.1f} ppm; true {off:.4f} s, {drift:.1f} ppm; "
                       f"error up to {1000 * err:.1f} ms")
    return bad


def test_clock_mapping_accurate_to_20_ms():
    bad = run_records(1, 3, 0.020)
    assert not bad, "\n".join(bad)


def test_more_vehicles():
    bad = run_records(2, 2, 0.020)
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("args", [
    (np.arange(10.0), np.zeros((10, 2)), np.arange(10.0), np.zeros((10, 3))),
    (np.arange(10.0), np.zeros((9, 3)), np.arange(10.0), np.zeros((10, 3))),
    (np.arange(10.0)[::-1], np.zeros((10, 3)), np.arange(10.0), np.zeros((10, 3)))])
def test_invalid_input_raises(args):
    with pytest.raises(ValueError):
        estimate_clock_mapping(*args)
