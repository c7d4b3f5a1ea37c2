import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import signal as sps

from candidate import bandpass_ecg


def tone_amplitude(y, fs, f, start, stop):
    """Amplitude of the f-Hz component of y[start:stop] by projection on sin/cos."""
    n = np.arange(start, stop)
    ph = np.exp(-2j * np.pi * f * n / fs)
    return 2 * abs(np.sum(y[start:stop] * ph)) / (stop - start)


def expected_gain(order, low, high, fs, f):
    """|H(f)|^2 of the Butterworth band-pass (forward-backward squares the magnitude)."""
    sos = sps.butter(order, [low, high], btype="bandpass", fs=fs, output="sos")
    _, h = sps.sosfreqz(sos, worN=[f], fs=fs)
    return abs(h[0]) ** 2


def test_shape_dtype_and_integer_input():
    fs = 200.0
    x = (np.arange(2000) % 50).astype(np.int32)
    y = bandpass_ecg(x, fs)
    assert isinstance(y, np.ndarray)
    assert y.shape == (2000,)
    assert y.dtype == np.float64


def test_passband_tone_unchanged_and_zero_phase():
    fs = 360.0
    t = np.arange(0, 10, 1 / fs)
    x = 1.5 * np.sin(2 * np.pi * 8 * t + 0.3)
    y = bandpass_ecg(x, fs)
    mid = slice(720, 2880)
    assert np.max(np.abs(y[mid] - x[mid])) < 0.02


def test_default_low_edge_gives_half_amplitude():
    fs = 100.0
    t = np.arange(0, 80, 1 / fs)
    x = np.sin(2 * np.pi * 0.5 * t)
    y = bandpass_ecg(x, fs)
    amp = tone_amplitude(y, fs, 0.5, 2000, 6000)
    assert amp == pytest.approx(0.5, abs=0.02)


def test_default_high_edge_gives_half_amplitude():
    fs = 500.0
    t = np.arange(0, 6, 1 / fs)
    x = np.sin(2 * np.pi * 40.0 * t)
    y = bandpass_ecg(x, fs)
    amp = tone_amplitude(y, fs, 40.0, 500, 2500)
    assert amp == pytest.approx(0.5, abs=0.02)


def test_custom_edges():
    fs = 250.0
    t = np.arange(0, 20, 1 / fs)
    for f in (3.0, 25.0):
        x = np.sin(2 * np.pi * f * t)
        y = bandpass_ecg(x, fs, low_hz=3.0, high_hz=25.0)
        assert tone_amplitude(y, fs, f, 1000, 4000) == pytest.approx(0.5, abs=0.02)


@pytest.mark.parametrize("order", [None, 1, 4])
def test_stopband_attenuation_matches_order(order):
    fs, f = 500.0, 50.0
    t = np.arange(0, 8, 1 / fs)
    x = np.sin(2 * np.pi * f * t)
    if order is None:
        y, use = bandpass_ecg(x, fs), 2
    else:
        y, use = bandpass_ecg(x, fs, order=order), order
    amp = tone_amplitude(y, fs, f, 1500, 2500)
    want = expected_gain(use, 0.5, 40.0, fs, f)
    assert amp == pytest.approx(want, rel=0.03, abs=1e-4)


def test_dc_and_slow_drift_removed():
    fs = 250.0
    t = np.arange(0, 30, 1 / fs)
    x = 3.0 + 0.8 * np.sin(2 * np.pi * 0.05 * t)
    y = bandpass_ecg(x, fs)
    mid = slice(1250, 6250)
    assert np.max(np.abs(y[mid])) < 0.1


@settings(max_examples=25, deadline=None, derandomize=True)
@given(a=st.floats(-5, 5), b=st.floats(-5, 5), seed=st.integers(0, 1000))
def test_linearity(a, b, seed):
    rng = np.random.default_rng(seed)
    x1, x2 = rng.normal(size=300), rng.normal(size=300)
    fs = 150.0
    lhs = bandpass_ecg(a * x1 + b * x2, fs)
    rhs = a * bandpass_ecg(x1, fs) + b * bandpass_ecg(x2, fs)
    assert np.allclose(lhs, rhs, atol=1e-8)


@pytest.mark.parametrize("kwargs", [
    dict(signal=np.array([]), fs=250.0),
    dict(signal=np.zeros((3, 1000)), fs=250.0),
    dict(signal=np.zeros(1000), fs=0.0),
    dict(signal=np.zeros(1000), fs=-250.0),
    dict(signal=np.zeros(1000), fs=250.0, low_hz=0.0),
    dict(signal=np.zeros(1000), fs=250.0, low_hz=-1.0),
    dict(signal=np.zeros(1000), fs=250.0, low_hz=20.0, high_hz=20.0),
    dict(signal=np.zeros(1000), fs=250.0, low_hz=30.0, high_hz=20.0),
    dict(signal=np.zeros(1000), fs=250.0, high_hz=125.0),
    dict(signal=np.zeros(1000), fs=100.0, high_hz=60.0),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        bandpass_ecg(**kwargs)
