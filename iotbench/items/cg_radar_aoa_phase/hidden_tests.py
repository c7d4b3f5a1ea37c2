import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import estimate_aoa

LAM = 3e8 / 77e9


def snapshots(theta_deg, spacing=LAM / 2, n=32, noise=0.0, seed=0):
    rng = np.random.default_rng(seed)
    s = rng.normal(size=n) + 1j * rng.normal(size=n)
    phase = 2 * np.pi * spacing * np.sin(np.radians(theta_deg)) / LAM
    rx0 = s + noise * (rng.normal(size=n) + 1j * rng.normal(size=n))
    rx1 = s * np.exp(1j * phase) + noise * (rng.normal(size=n) + 1j * rng.normal(size=n))
    return rx0, rx1


@pytest.mark.parametrize("theta", [-60.0, -20.0, 0.0, 15.0, 45.0, 75.0])
def test_noise_free_angles_default_spacing(theta):
    rx0, rx1 = snapshots(theta)
    est = estimate_aoa(rx0, rx1, LAM)
    assert isinstance(est, float)
    assert est == pytest.approx(theta, abs=1e-6)


def test_noisy_estimate_close():
    rx0, rx1 = snapshots(30.0, n=256, noise=0.2, seed=3)
    assert estimate_aoa(rx0, rx1, LAM) == pytest.approx(30.0, abs=2.0)


def test_sign_convention():
    rx0 = np.array([1.0 + 0j])
    rx1 = np.array([np.exp(1j * np.pi / 2)])          # +90 deg of phase at half-wavelength spacing
    assert estimate_aoa(rx0, rx1, LAM) == pytest.approx(30.0, abs=1e-9)
    assert estimate_aoa(rx1, rx0, LAM) == pytest.approx(-30.0, abs=1e-9)


def test_custom_spacing_and_clipping():
    # spacing of one wavelength: phase = 2*pi*sin(theta)
    rx0, rx1 = snapshots(20.0, spacing=LAM)
    assert estimate_aoa(rx0, rx1, LAM, spacing=LAM) == pytest.approx(20.0, abs=1e-6)
    # phase of 0.9*pi at quarter-wavelength spacing would need sin > 1 -> clipped to +90
    rx0 = np.ones(4, complex)
    rx1 = np.exp(1j * 0.9 * np.pi) * np.ones(4)
    assert estimate_aoa(rx0, rx1, LAM, spacing=LAM / 4) == pytest.approx(90.0)
    assert estimate_aoa(rx1, rx0, LAM, spacing=LAM / 4) == pytest.approx(-90.0)


def test_summed_cross_product_weights_strong_snapshots():
    # a weak snapshot with the opposite phase barely moves the estimate
    rx0 = np.array([10.0, 0.1], dtype=complex)
    rx1 = np.array([10.0 * np.exp(1j * 0.5), 0.1 * np.exp(-1j * 2.5)])
    c = 10 * 10 * np.exp(1j * 0.5) + 0.01 * np.exp(-1j * 2.5)
    exp = np.degrees(np.arcsin(np.angle(c) / np.pi))
    assert estimate_aoa(rx0, rx1, LAM) == pytest.approx(exp, abs=1e-9)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(theta=st.floats(-85, 85), lam=st.floats(1e-3, 0.2), ratio=st.floats(0.1, 0.5),
       seed=st.integers(0, 1000))
def test_property_recovers_angle(theta, lam, ratio, seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 20))
    s = rng.normal(size=n) + 1j * rng.normal(size=n)
    d = ratio * lam
    rx1 = s * np.exp(2j * np.pi * d * np.sin(np.radians(theta)) / lam)
    assert estimate_aoa(s, rx1, lam, spacing=d) == pytest.approx(theta, abs=1e-6)


@pytest.mark.parametrize("args,kwargs", [
    ((np.array([]), np.array([]), LAM), {}),
    ((np.ones(3), np.ones(4), LAM), {}),
    ((np.ones((2, 2)), np.ones((2, 2)), LAM), {}),
    ((np.ones(3), np.ones(3), 0.0), {}),
    ((np.ones(3), np.ones(3), 0.0), {"spacing": 0.002}),
    ((np.ones(3), np.ones(3), -LAM), {"spacing": 0.002}),
    ((np.ones(3), np.ones(3), LAM), {"spacing": 0.0}),
    ((np.ones(3), np.ones(3), LAM), {"spacing": -LAM}),
])
def test_invalid_input_raises(args, kwargs):
    with pytest.raises(ValueError):
        estimate_aoa(*args, **kwargs)
