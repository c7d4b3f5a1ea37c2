"""Hidden tests: accelerometer and gyroscope samples reassembled from a tagged IMU FIFO dump.

Each dump is simulated from the run's data seed (IOTBENCH_DATA_SEED) in the format the prompt
defines: time slots at the accelerometer's data rate, each with an accelerometer word, a
gyroscope word when the gyroscope (at 1/1, 1/2 or 1/4 of that rate) produced one, a timestamp
word every few slots and a temperature word now and then. The sensor's sampling runs from its
internal oscillator, off its nominal rate by up to 3 %; the timestamp counter (25 us ticks) is
exact and starts anywhere, in one test just before its 32-bit wrap. The host read the FIFO too
late at times: slots were lost and an overflow marker word stands where they are missing, or
(losses the firmware did not notice, at random and at least once per run) nothing marks them. The
dump starts in the middle of a slot and may end with an incomplete word. Motion is a person
handling a device (gravity, movement, rotation) in the sensor's full-scale range.
"""

import os

import numpy as np

from candidate import reassemble_fifo

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))

TAG_GYR, TAG_ACC, TAG_TEMP, TAG_TS, TAG_OVF = 0x01, 0x02, 0x03, 0x04, 0x1E
TICK = 25e-6
G = 9.80665


def rng(stream):
    return np.random.default_rng([SEED, stream])


def word(tag, cnt, payload):
    return bytes([(tag << 3) | ((cnt & 3) << 1)]) + payload


def motion(r, t):
    """Specific force (m/s^2, sensor frame) and angular rate (rad/s) at times t."""
    n = len(t)
    ang = np.cumsum(r.normal(0, 1, (n, 3)), axis=0)
    ang = 0.8 * np.sin(0.3 * t[:, None] + r.uniform(0, 6, 3)) + 0.002 * ang
    g = G * np.stack([np.sin(ang[:, 1]), -np.sin(ang[:, 0]) * np.cos(ang[:, 1]),
                      np.cos(ang[:, 0]) * np.cos(ang[:, 1])], axis=1)
    shake = r.uniform(0.5, 4) * np.sin(2 * np.pi * r.uniform(0.5, 3) * t[:, None]
                                       + r.uniform(0, 6, 3))
    rate = np.gradient(ang, t, axis=0) + r.uniform(0.2, 3) * np.sin(
        2 * np.pi * r.uniform(0.3, 2) * t[:, None] + r.uniform(0, 6, 3))
    return g + shake, rate


def dump(r, seconds, near_wrap=False, overflows=0, unmarked=()):
    odr = float(r.choice([104.0, 208.0, 416.0, 833.0]))
    actual = odr * (1 + r.choice([-1, 1]) * r.uniform(0.01, 0.03))
    gdiv = int(r.choice([1, 2, 4]))
    ts_every = int(r.choice([4, 8, 16, 32]))
    temp_every = int(r.choice([0, 52, 104]))
    acc_sens = float(r.choice([0.061, 0.122, 0.244, 0.488]))  # mg/LSB
    gyr_sens = float(r.choice([8.75, 17.5, 35.0, 70.0]))  # mdps/LSB
    n = int(seconds * actual)
    t = np.arange(n) / actual + r.uniform(0, 1)
    acc, gyr = motion(r, t)
    acc_lsb = np.clip(np.round(acc / G * 1000 / acc_sens), -32768, 32767).astype(np.int16)
    gyr_lsb = np.clip(np.round(np.degrees(gyr) * 1000 / gyr_sens), -32768, 32767).astype(np.int16)
    tick0 = (2 ** 32 - int(r.uniform(0.2, 0.8) * seconds / TICK)) if near_wrap else \
        int(r.integers(0, 2 ** 31))
    ticks = (tick0 + np.floor(t / TICK).astype(np.int64)) % 2 ** 32
    # slots lost to overflows (never at the very start or end; each segment keeps timestamps)
    lost = np.zeros(n, dtype=bool)
    marker_before = set()
    zone = n // (overflows + 1)
    for k in range(overflows):
        # every segment keeps at least three timestamp words
        length = int(r.integers(5, max(6, min(int(0.3 * actual), zone - 6 * ts_every - 1))))
        start = int(r.integers(k * zone + 3 * ts_every, (k + 1) * zone - length - 3 * ts_every))
        # a loss the firmware did not notice leaves no marker; the slot counter then jumps (the
        # generator keeps such losses where the counter shows them: a jump of 2 or 3)
        if k in unmarked or r.random() < 0.4:
            length += (1 - length) % 4 if length % 4 in (0, 3) else 0
        else:
            marker_before.add(start + length)
        lost[start:start + length] = True
    out = bytearray()
    truth_acc, truth_gyr = [], []
    first_ts = None
    for k in range(n):
        if lost[k]:
            continue
        cnt = k % 4
        if k in marker_before:
            out += word(TAG_OVF, 0, bytes(6))
        if k % ts_every == 0:
            out += word(TAG_TS, cnt, int(ticks[k]).to_bytes(4, "little") + bytes(2))
            if first_ts is None:
                first_ts = k
        if temp_every and k % temp_every == 3:
            out += word(TAG_TEMP, cnt, int(r.integers(-2000, 4000)).to_bytes(2, "little",
                                                                         signed=True) + bytes(4))
        if k % gdiv == 0:
            out += word(TAG_GYR, cnt, gyr_lsb[k].astype("<i2").tobytes())
            truth_gyr.append(k)
        out += word(TAG_ACC, cnt, acc_lsb[k].astype("<i2").tobytes())
        truth_acc.append(k)
    # the dump begins in the middle of a slot: drop the first few words
    skip = int(r.integers(1, 3))
    first_word = out[:7 * skip]
    out = out[7 * skip:]
    dropped_tags = [first_word[7 * i] >> 3 for i in range(skip)]
    if TAG_ACC in dropped_tags:
        truth_acc = truth_acc[1:]
    if TAG_GYR in dropped_tags:
        truth_gyr = truth_gyr[1:]
    if TAG_TS in dropped_tags:
        first_ts = int(np.flatnonzero(np.arange(n) % ts_every == 0)[1])
    out += bytes(int(r.integers(0, 7)))  # an incomplete last word (zeros if any)
    if len(out) % 7:
        out[-(len(out) % 7):] = r.integers(0, 256, len(out) % 7, dtype=np.uint8).tobytes()
    ta = np.array(truth_acc)
    tg = np.array(truth_gyr)
    # time zero is the first timestamp word's tick value (ticks count floor(t / TICK))
    origin = np.floor(t[first_ts] / TICK) * TICK
    truth = {"acc_t": t[ta] - origin, "acc": acc_lsb[ta] * acc_sens * 1e-3 * G,
             "gyr_t": t[tg] - origin, "gyr": np.radians(gyr_lsb[tg] * gyr_sens * 1e-3)}
    params = dict(odr_hz=odr, gyro_odr_hz=odr / gdiv, acc_mg_per_lsb=acc_sens,
                  gyro_mdps_per_lsb=gyr_sens)
    return bytes(out), params, truth


def check(found, truth, label):
    assert isinstance(found, dict), f"{label}: expected a dict"
    for key in ("acc", "gyr"):
        t = np.asarray(found[key + "_t"], dtype=float)
        v = np.asarray(found[key], dtype=float)
        wt, wv = truth[key + "_t"], truth[key]
        assert t.shape == wt.shape and v.shape == wv.shape, (
            f"{label}: {key}: {t.shape[0]} samples (values {v.shape}), expected {wt.shape[0]}")
        err = np.abs(t - wt)
        assert err.max() < 5e-4, (
            f"{label}: {key} sample {int(err.argmax())} at {t[err.argmax()]:.5f} s, expected "
            f"{wt[err.argmax()]:.5f} s ({err.max() * 1e3:.2f} ms off)")
        assert np.abs(v - wv).max() <= 1e-6 + 1e-3 * np.abs(wv).max(), (
            f"{label}: {key} values off by {np.abs(v - wv).max():.4g} (units?)")


def test_clean_dumps():
    r = rng(1)
    for k in range(3):
        data, params, truth = dump(r, r.uniform(4, 10))
        check(reassemble_fifo(data, **params), truth, f"dump {k} ({params['odr_hz']} Hz)")


def test_dumps_with_overflows():
    r = rng(2)
    for k in range(3):
        data, params, truth = dump(r, r.uniform(10, 16), overflows=k + 1,
                                   unmarked=(1,) if k == 2 else ())
        check(reassemble_fifo(data, **params), truth,
              f"dump {k} with {k + 1} overflows ({params['odr_hz']} Hz)")


def test_timestamp_counter_wrap():
    r = rng(3)
    for k in range(2):
        data, params, truth = dump(r, r.uniform(4, 8), near_wrap=True, overflows=k)
        check(reassemble_fifo(data, **params), truth, f"dump {k} across the counter wrap")


def test_form_and_empty():
    r = rng(4)
    data, params, truth = dump(r, 2.0)
    out = reassemble_fifo(data, **params)
    assert np.asarray(out["acc"]).shape[1:] == (3,) and np.asarray(out["gyr"]).shape[1:] == (3,)
    empty = reassemble_fifo(b"", **params)
    for key in ("acc_t", "acc", "gyr_t", "gyr"):
        assert np.asarray(empty[key]).shape[0] == 0
