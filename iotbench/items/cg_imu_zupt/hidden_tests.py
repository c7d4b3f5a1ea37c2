import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import detect_stance


def oracle(acc, gyro, fs, g=9.81, acc_tol=0.4, gyro_tol=0.5, min_duration_s=0.08):
    cand = (np.abs(np.linalg.norm(acc, axis=1) - g) < acc_tol) & \
        (np.linalg.norm(gyro, axis=1) < gyro_tol)
    L = int(round(min_duration_s * fs))
    out = np.zeros(len(cand), dtype=bool)
    start = None
    for i, c in enumerate(list(cand) + [False]):
        if c and start is None:
            start = i
        elif not c and start is not None:
            if i - start >= L:
                out[start:i] = True
            start = None
    return out


def gait(fs, seconds, seed=0):
    """Synthetic foot IMU: 1 Hz strides, 40 % stance with small noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * fs)) / fs
    phase = t % 1.0
    swing = phase >= 0.4
    acc = np.tile([0.0, 0.0, 9.81], (t.size, 1)) + 0.05 * rng.normal(size=(t.size, 3))
    gyro = 0.05 * rng.normal(size=(t.size, 3))
    acc[swing, 0] += 8 * np.sin(2 * np.pi * (phase[swing] - 0.4) / 0.6)
    gyro[swing, 1] += 5 * np.sin(np.pi * (phase[swing] - 0.4) / 0.6)
    return acc, gyro, ~swing


def test_synthetic_gait():
    fs = 100.0
    acc, gyro, truth = gait(fs, 5)
    stance = detect_stance(acc, gyro, fs)
    assert stance.shape == (500,) and stance.dtype == np.bool_
    assert np.mean(stance == truth) > 0.9
    assert np.array_equal(stance, oracle(acc, gyro, fs))


def test_both_conditions_required_and_strict():
    fs = 10.0
    n = 6
    base_a = np.tile([0.0, 0.0, 10.0], (n, 1))
    zeros = np.zeros((n, 3))
    kw = dict(g=10.0, acc_tol=0.5, gyro_tol=0.5, min_duration_s=0.0)
    assert detect_stance(base_a, zeros, fs, **kw).all()
    a = base_a.copy()
    a[2, 2] = 10.5                   # deviation exactly 0.5: not below the tolerance
    a[3, 2] = 9.5
    a[4, 2] = 10.49
    assert detect_stance(a, zeros, fs, **kw).tolist() == [True, True, False, False, True, True]
    w = zeros.copy()
    w[1, 0] = 0.5                    # exactly the tolerance: rejected
    w[2, :] = [0.3, 0.4, 0.0]        # norm 0.5: rejected
    w[3, :] = [0.3, 0.39, 0.0]       # norm < 0.5: accepted
    assert detect_stance(base_a, w, fs, **kw).tolist() == [True, False, False, True, True, True]


def test_default_tolerances():
    fs = 10.0
    a = np.tile([0.0, 0.0, 9.81], (4, 1))
    a[1, 2] = 9.81 + 0.42            # outside the default 0.4 tolerance
    a[2, 2] = 9.81 - 0.38            # inside
    w = np.zeros((4, 3))
    w[3, 1] = 0.52                   # outside the default 0.5
    w[0, 1] = 0.47                   # inside
    got = detect_stance(a, w, fs, min_duration_s=0.0)
    assert got.tolist() == [True, False, True, False]
    a2 = np.tile([0.0, 0.0, 9.0], (4, 1))          # 9.0 is not gravity at g = 9.81 ...
    assert not detect_stance(a2, np.zeros((4, 3)), fs).any()
    assert detect_stance(a2, np.zeros((4, 3)), fs, g=9.0).all()   # ... but is at g = 9.0


def test_minimum_duration():
    fs = 100.0                       # default L = round(0.08 * 100) = 8 samples
    a = np.tile([0.0, 0.0, 9.81], (30, 1))
    w = np.zeros((30, 3))
    w[8, 0] = 3.0                    # runs: 0..7 (8 samples), 9..15 (7), 17..29 (13)
    w[16, 0] = 3.0
    got = detect_stance(a, w, fs)
    assert got[:8].all() and not got[8:17].any() and got[17:].all()
    got = detect_stance(a, w, fs, min_duration_s=0.07)           # L = 7
    assert got[9:16].all()
    got = detect_stance(a, w, fs, min_duration_s=0.09)           # L = 9
    assert not got[:8].any() and got[17:].all()
    got = detect_stance(a, w, fs, min_duration_s=0.14)           # L = 14
    assert not got.any()


def test_runs_touching_the_ends():
    fs = 10.0
    a = np.tile([0.0, 0.0, 9.81], (7, 1))
    w = np.zeros((7, 3))
    w[3, 2] = 1.0
    got = detect_stance(a, w, fs, min_duration_s=0.3)
    assert got.tolist() == [True, True, True, False, True, True, True]
    got = detect_stance(a, w, fs, min_duration_s=0.4)
    assert not got.any()


def test_low_rate_and_empty():
    a = np.tile([0.0, 0.0, 9.81], (5, 1))
    w = np.zeros((5, 3))
    w[2, 0] = 2.0
    got = detect_stance(a, w, 1.0, min_duration_s=2.0)
    assert got.tolist() == [True, True, False, True, True]
    got = detect_stance(np.zeros((0, 3)), np.zeros((0, 3)), 100.0)
    assert got.shape == (0,) and got.dtype == np.bool_


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 120), dur=st.floats(0, 0.2))
def test_matches_definition(seed, n, dur):
    rng = np.random.default_rng(seed)
    acc = np.tile([0.0, 0.0, 9.81], (n, 1)) + rng.normal(0, 0.3, (n, 3))
    gyro = rng.normal(0, 0.35, (n, 3))
    got = detect_stance(acc, gyro, 50.0, min_duration_s=dur)
    assert np.array_equal(got, oracle(acc, gyro, 50.0, min_duration_s=dur))


@pytest.mark.parametrize("kwargs", [
    dict(acc=np.zeros((10, 2)), gyro=np.zeros((10, 2)), fs=100.0),
    dict(acc=np.zeros(30), gyro=np.zeros(30), fs=100.0),
    dict(acc=np.zeros((10, 3)), gyro=np.zeros((11, 3)), fs=100.0),
    dict(acc=np.zeros((10, 3)), gyro=np.zeros((10, 3)), fs=0.0),
    dict(acc=np.zeros((10, 3)), gyro=np.zeros((10, 3)), fs=-1.0),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        detect_stance(**kwargs)
