import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import gesture_energy

KEYS = {"duration_s", "energy", "sma", "peak", "jerk_rms"}


def test_known_values():
    acc = np.array([[1.0, 2.0, 10.0],
                    [3.0, 2.0, 10.0],
                    [1.0, 5.0, 10.0],
                    [3.0, 3.0, 6.0]])
    f = gesture_energy(acc, 2.0)
    assert set(f) == KEYS
    for v in f.values():
        assert isinstance(v, float)
    d = acc - [2.0, 3.0, 9.0]
    assert f["duration_s"] == pytest.approx(2.0)
    assert f["energy"] == pytest.approx(np.mean(np.sum(d ** 2, axis=1)))
    assert f["energy"] == pytest.approx((3 + 3 + 6 + 10) / 4)
    assert f["sma"] == pytest.approx((3 + 3 + 4 + 4) / 4)
    assert f["peak"] == pytest.approx(np.sqrt(10))
    # jerk rows: (2, 0, 0), (-2, 3, 0), (2, -2, -4), times fs = 2
    assert f["jerk_rms"] == pytest.approx(2 * np.sqrt((4 + 13 + 24) / 3))


def test_sine_gesture():
    fs = 100.0
    t = np.arange(200) / fs
    acc = np.c_[3 * np.sin(2 * np.pi * 2 * t), np.zeros_like(t), np.full_like(t, 9.81)]
    f = gesture_energy(acc, fs)
    assert f["energy"] == pytest.approx(4.5, rel=1e-6)          # A^2 / 2
    assert f["sma"] == pytest.approx(3 * 2 / np.pi, rel=0.005)   # mean |sin| = 2 / pi
    assert f["peak"] == pytest.approx(3.0, rel=0.005)
    # jerk of A sin(wt) has rms A w / sqrt(2)
    assert f["jerk_rms"] == pytest.approx(3 * 2 * np.pi * 2 / np.sqrt(2), rel=0.01)
    assert f["duration_s"] == pytest.approx(2.0)


def test_offsets_do_not_matter_except_jerk_scaling():
    rng = np.random.default_rng(0)
    acc = rng.normal(size=(50, 3))
    f1 = gesture_energy(acc, 25.0)
    f2 = gesture_energy(acc + [5.0, -3.0, 9.81], 25.0)
    for k in KEYS:
        assert f1[k] == pytest.approx(f2[k])
    f3 = gesture_energy(acc, 50.0)
    assert f3["jerk_rms"] == pytest.approx(2 * f1["jerk_rms"])
    assert f3["duration_s"] == pytest.approx(f1["duration_s"] / 2)
    assert f3["energy"] == pytest.approx(f1["energy"])


def test_two_samples_and_slow_rate():
    f = gesture_energy(np.array([[0.0, 0.0, 0.0], [2.0, 0.0, 0.0]]), 1.0)
    assert f["energy"] == pytest.approx(1.0) and f["sma"] == pytest.approx(1.0)
    assert f["peak"] == pytest.approx(1.0) and f["jerk_rms"] == pytest.approx(2.0)
    assert f["duration_s"] == pytest.approx(2.0)
    f = gesture_energy(np.array([[0.0, 0.0, 0.0], [0.0, 3.0, 4.0]]), 0.5)
    assert f["jerk_rms"] == pytest.approx(2.5) and f["duration_s"] == pytest.approx(4.0)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 100), fs=st.floats(1, 400))
def test_matches_definition(seed, n, fs):
    rng = np.random.default_rng(seed)
    acc = rng.normal(size=(n, 3)) * [1, 2, 0.5]
    f = gesture_energy(acc, fs)
    d = acc - acc.mean(axis=0)
    j = np.diff(acc, axis=0) * fs
    assert f["energy"] == pytest.approx(np.mean((d ** 2).sum(1)))
    assert f["sma"] == pytest.approx(np.mean(np.abs(d).sum(1)))
    assert f["peak"] == pytest.approx(np.linalg.norm(d, axis=1).max())
    assert f["jerk_rms"] == pytest.approx(np.sqrt(np.mean((j ** 2).sum(1))))
    assert f["duration_s"] == pytest.approx(n / fs)


@pytest.mark.parametrize("kwargs", [
    dict(acc=np.zeros((10, 2)), fs=50.0),
    dict(acc=np.zeros(30), fs=50.0),
    dict(acc=np.zeros((1, 3)), fs=50.0),
    dict(acc=np.zeros((10, 3)), fs=0.0),
    dict(acc=np.zeros((10, 3)), fs=-50.0),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        gesture_energy(**kwargs)
