import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import integrate_gyro


def oracle(g, fs, still_s=1.0):
    g = np.asarray(g, dtype=float)
    b = int(round(still_s * fs))
    c = g - g[:b].mean(axis=0)
    out = np.zeros_like(c)
    for k in range(1, len(c)):
        out[k] = out[k - 1] + (c[k - 1] + c[k]) / 2 / fs
    return out


def test_rotation_after_rest():
    fs = 100.0
    gyro = np.full(400, 0.01)             # bias 0.01 rad/s
    gyro[200:300] += 1.5                  # 1 s rotation at 1.5 rad/s
    angles = integrate_gyro(gyro, fs)
    assert angles.dtype == np.float64
    assert angles[0] == 0.0
    assert angles[-1] == pytest.approx(1.5, abs=1e-9)
    assert np.allclose(angles[:200], 0.0)


def test_trapezoid_is_exact_for_a_ramp():
    fs = 10.0
    gyro = np.r_[np.zeros(10), np.arange(1, 11, dtype=float)]   # rest, then a ramp
    angles = integrate_gyro(gyro, fs)
    assert np.allclose(angles, oracle(gyro, fs))
    # area under the ramp from t=0.9 to t=1.9 s: trapezoids of (k-1 + k)/2 * 0.1
    assert angles[-1] == pytest.approx(sum((k - 1 + k) / 2 * 0.1 for k in range(1, 11)))


def test_multi_axis_bias_per_axis():
    fs = 50.0
    n = 200
    gyro = np.tile([0.1, -0.2, 0.05], (n, 1))
    gyro[100:, 1] += 0.5
    angles = integrate_gyro(gyro, fs)
    assert angles.shape == (n, 3)
    assert np.allclose(angles[:, 0], 0.0) and np.allclose(angles[:, 2], 0.0)
    # 100 samples of 0.5 rad/s, the first only half counted by the trapezoid
    assert angles[-1, 1] == pytest.approx(0.5 * (99 + 0.5) / fs)


def test_rest_period_length():
    fs = 4.0
    gyro = np.array([1.0, 1.0, 1.0, 3.0, 3.0, 3.0, 3.0, 3.0])
    # still_s = 0.75 -> b = 3: bias 1
    assert np.allclose(integrate_gyro(gyro, fs, still_s=0.75), oracle(gyro, fs, 0.75))
    assert integrate_gyro(gyro, fs, still_s=0.75)[-1] == pytest.approx((0.5 * 2 + 4 * 2) / 4)
    # still_s = 1.0 -> b = 4: bias 1.5
    assert np.allclose(integrate_gyro(gyro, fs), oracle(gyro, fs, 1.0))
    # still_s = 0.25 -> b = 1 (minimum); still_s = 2.0 -> b = 8 = n (maximum)
    assert np.allclose(integrate_gyro(gyro, fs, still_s=0.25), oracle(gyro, fs, 0.25))
    assert np.allclose(integrate_gyro(gyro, fs, still_s=2.0), oracle(gyro, fs, 2.0))


def test_single_sample_and_low_rate():
    assert integrate_gyro(np.array([0.3]), 1.0).tolist() == [0.0]
    g = np.array([0.2, 0.2, 1.2, 0.2])
    assert np.allclose(integrate_gyro(g, 1.0), [0.0, 0.0, 0.5, 1.0])
    assert np.allclose(integrate_gyro(g, 0.5, still_s=2.0), [0.0, 0.0, 1.0, 2.0])


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(5, 200), axes=st.sampled_from([0, 1, 3]),
       still=st.floats(0.05, 1.0))
def test_matches_definition(seed, n, axes, still):
    fs = 20.0
    rng = np.random.default_rng(seed)
    gyro = rng.normal(size=(n,) if axes == 0 else (n, axes))
    b = int(round(still * fs))
    if not 1 <= b <= n:
        with pytest.raises(ValueError):
            integrate_gyro(gyro, fs, still_s=still)
        return
    got = integrate_gyro(gyro, fs, still_s=still)
    assert got.shape == gyro.shape
    assert np.allclose(got, oracle(gyro, fs, still), atol=1e-10)


@pytest.mark.parametrize("kwargs", [
    dict(gyro=np.zeros((10, 3, 2)), fs=10.0),
    dict(gyro=np.zeros(()), fs=10.0),
    dict(gyro=np.zeros(100), fs=0.0),
    dict(gyro=np.zeros(100), fs=-10.0),
    dict(gyro=np.zeros(100), fs=-10.0, still_s=-1.0),
    dict(gyro=np.zeros(100), fs=-0.5, still_s=-4.0),
    dict(gyro=np.zeros(100), fs=10.0, still_s=0.0),
    dict(gyro=np.zeros(100), fs=10.0, still_s=0.04),
    dict(gyro=np.zeros(100), fs=10.0, still_s=10.1),
    dict(gyro=np.zeros((5, 3)), fs=10.0),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        integrate_gyro(**kwargs)
