import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import complementary_filter


def oracle(acc, gyro, fs, alpha=0.98):
    roll_acc = np.arctan2(acc[:, 1], acc[:, 2])
    pitch_acc = np.arctan2(-acc[:, 0], np.hypot(acc[:, 1], acc[:, 2]))
    out = np.zeros((len(acc), 2))
    out[0] = roll_acc[0], pitch_acc[0]
    for k in range(1, len(acc)):
        out[k, 0] = alpha * (out[k - 1, 0] + gyro[k, 0] / fs) + (1 - alpha) * roll_acc[k]
        out[k, 1] = alpha * (out[k - 1, 1] + gyro[k, 1] / fs) + (1 - alpha) * pitch_acc[k]
    return out


def tilted(roll, pitch, n, g=9.81):
    """Accelerometer reading of a static device with the given roll and pitch."""
    ax = -g * math.sin(pitch)
    ay = g * math.cos(pitch) * math.sin(roll)
    az = g * math.cos(pitch) * math.cos(roll)
    return np.tile([ax, ay, az], (n, 1))


def test_static_tilt_recovered_exactly():
    acc = tilted(0.3, -0.2, 100)
    out = complementary_filter(acc, np.zeros((100, 3)), 50.0)
    assert out.dtype == np.float64 and out.shape == (100, 2)
    assert np.allclose(out[:, 0], 0.3) and np.allclose(out[:, 1], -0.2)


def test_pure_gyro_integration_with_alpha_one():
    fs = 100.0
    n = 201
    acc = tilted(0.1, 0.05, n)
    gyro = np.zeros((n, 3))
    gyro[:, 0] = 0.5          # rad/s about x
    gyro[:, 1] = -0.25
    gyro[:, 2] = 7.0          # yaw rate must not matter
    out = complementary_filter(acc, gyro, fs, alpha=1.0)
    # sample 0 is the accelerometer angle, each later sample adds g[k] * dt
    assert out[-1, 0] == pytest.approx(0.1 + 0.5 * 2.0)
    assert out[-1, 1] == pytest.approx(0.05 - 0.25 * 2.0)


def test_alpha_zero_is_accelerometer_only():
    rng = np.random.default_rng(0)
    acc = rng.normal(size=(30, 3)) + [0, 0, 9.81]
    gyro = rng.normal(size=(30, 3))
    out = complementary_filter(acc, gyro, 20.0, alpha=0.0)
    assert np.allclose(out[:, 0], np.arctan2(acc[:, 1], acc[:, 2]))
    assert np.allclose(out[:, 1], np.arctan2(-acc[:, 0], np.hypot(acc[:, 1], acc[:, 2])))


def test_gyro_sample_alignment():
    fs = 10.0
    acc = tilted(0.0, 0.0, 4)
    gyro = np.zeros((4, 3))
    gyro[0] = [100.0, 100.0, 0.0]     # the gyro of sample 0 is never used
    gyro[2] = [1.0, -2.0, 0.0]        # used for sample 2
    out = complementary_filter(acc, gyro, fs, alpha=1.0)
    assert np.allclose(out[:, 0], [0, 0, 0.1, 0.1])
    assert np.allclose(out[:, 1], [0, 0, -0.2, -0.2])


def test_default_alpha_value():
    fs = 100.0
    acc = tilted(0.4, 0.0, 2)
    acc[0] = [0.0, 0.0, 9.81]         # start level, then the accelerometer says 0.4 rad
    out = complementary_filter(acc, np.zeros((2, 3)), fs)
    assert out[1, 0] == pytest.approx(0.02 * 0.4)
    out = complementary_filter(acc, np.zeros((2, 3)), fs, alpha=0.9)
    assert out[1, 0] == pytest.approx(0.1 * 0.4)


def test_pitch_sign_and_quadrants():
    acc = np.array([[-9.81, 0.0, 0.0],   # nose up 90 deg
                    [0.0, 0.0, -9.81],   # upside down: roll = pi
                    [0.0, -9.81, 0.0]])  # roll -90 deg
    out = complementary_filter(acc, np.zeros((3, 3)), 1.0, alpha=0.0)
    assert out[0, 1] == pytest.approx(math.pi / 2)
    assert abs(out[1, 0]) == pytest.approx(math.pi)
    assert out[2, 0] == pytest.approx(-math.pi / 2)
    one = complementary_filter(acc[:1], np.zeros((1, 3)), 1.0)
    assert one.shape == (1, 2) and one[0, 1] == pytest.approx(math.pi / 2)


def test_drifting_gyro_is_bounded():
    fs = 100.0
    n = 3000
    acc = tilted(0.2, 0.1, n) + np.random.default_rng(1).normal(0, 0.3, (n, 3))
    gyro = np.zeros((n, 3))
    gyro[:, :2] = 0.05                # constant bias of 0.05 rad/s
    out = complementary_filter(acc, gyro, fs)
    # steady-state error of a bias b: alpha * b * dt / (1 - alpha) = 0.0245 rad
    assert abs(out[-500:, 0].mean() - 0.2 - 0.0245) < 0.01
    assert abs(out[-500:, 1].mean() - 0.1 - 0.0245) < 0.01


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 80), alpha=st.floats(0, 1),
       fs=st.floats(1, 500))
def test_matches_definition(seed, n, alpha, fs):
    rng = np.random.default_rng(seed)
    acc = rng.normal(size=(n, 3)) * 3 + [0, 0, 9.81]
    gyro = rng.normal(size=(n, 3))
    out = complementary_filter(acc, gyro, fs, alpha=alpha)
    assert np.allclose(out, oracle(acc, gyro, fs, alpha), atol=1e-10)


@pytest.mark.parametrize("kwargs", [
    dict(acc=np.zeros((10, 2)), gyro=np.zeros((10, 2)), fs=100.0),
    dict(acc=np.zeros((0, 3)), gyro=np.zeros((0, 3)), fs=100.0),
    dict(acc=np.zeros(30), gyro=np.zeros(30), fs=100.0),
    dict(acc=np.zeros((10, 3)), gyro=np.zeros((9, 3)), fs=100.0),
    dict(acc=np.zeros((10, 3)), gyro=np.zeros((10, 3)), fs=0.0),
    dict(acc=np.zeros((10, 3)), gyro=np.zeros((10, 3)), fs=-1.0),
    dict(acc=np.zeros((10, 3)), gyro=np.zeros((10, 3)), fs=100.0, alpha=1.01),
    dict(acc=np.zeros((10, 3)), gyro=np.zeros((10, 3)), fs=100.0, alpha=-0.01),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        complementary_filter(**kwargs)
