import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import csi_doppler_spectrogram


def naive(x, fs, n, hop):
    w = np.array([0.5 - 0.5 * np.cos(2 * np.pi * k / n) for k in range(n)])
    rows, times = [], []
    s = 0
    while s + n <= len(x):
        fr = x[s:s + n] - np.mean(x[s:s + n])
        f = np.arange(-(n // 2), n - n // 2)
        spec = np.exp(-2j * np.pi * np.outer(f, np.arange(n)) / n) @ (fr * w)
        rows.append(np.abs(spec) ** 2)
        times.append((s + n / 2) / fs)
        s += hop
    freqs = np.arange(-(n // 2), n - n // 2) * fs / n
    return freqs, np.array(times), np.array(rows)


def test_tone_on_bin_peak_location_and_power():
    fs, n = 1000.0, 128
    t = np.arange(1000) / fs
    f0 = 20 * fs / n                       # exactly on bin +20
    x = 2.0 * np.exp(2j * np.pi * f0 * t) + 5.0 + 1j    # plus a static component
    freqs, times, power = csi_doppler_spectrogram(x, fs)
    assert freqs.shape == (128,) and power.shape == (1 + (1000 - 128) // 32, 128)
    assert times.shape == (power.shape[0],)
    k = np.argmax(power, axis=1)
    assert np.all(freqs[k] == pytest.approx(f0))
    # on-bin tone through a periodic Hann window: |X| = A * N / 2
    np.testing.assert_allclose(power[:, 64 + 20], (2.0 * n / 2) ** 2, rtol=1e-9)
    # static component removed: zero-frequency bin is empty
    np.testing.assert_allclose(power[:, 64], 0.0, atol=1e-12 * power.max())


def test_negative_doppler_and_axes():
    fs, n, hop = 500.0, 64, 16
    t = np.arange(300) / fs
    f0 = -11 * fs / n
    x = np.exp(2j * np.pi * f0 * t)
    freqs, times, power = csi_doppler_spectrogram(x, fs, window_length=n, hop=hop)
    np.testing.assert_allclose(freqs, (np.arange(n) - 32) * fs / n)
    np.testing.assert_allclose(times, (np.arange(power.shape[0]) * hop + n / 2) / fs)
    assert power.shape[0] == 1 + (300 - 64) // 16
    assert np.all(freqs[np.argmax(power, axis=1)] == pytest.approx(f0))
    # Hann leakage on an on-bin tone: neighbours at exactly half the peak amplitude
    peak = 32 - 11
    np.testing.assert_allclose(power[:, peak - 1], power[:, peak] / 4, rtol=1e-9)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 24), hop=st.integers(1, 12), extra=st.integers(0, 40))
def test_property_matches_direct_dft(seed, n, hop, extra):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n + extra) + 1j * rng.normal(size=n + extra)
    fs = float(rng.uniform(10, 2000))
    freqs, times, power = csi_doppler_spectrogram(x, fs, window_length=n, hop=hop)
    ef, et, ep = naive(x, fs, n, hop)
    np.testing.assert_allclose(freqs, ef, rtol=1e-12)
    np.testing.assert_allclose(times, et, rtol=1e-12)
    assert power.shape == ep.shape
    np.testing.assert_allclose(power, ep, rtol=1e-8, atol=1e-9)


def test_single_frame_exact_length():
    x = np.exp(2j * np.pi * 3 * np.arange(16) / 16)
    freqs, times, power = csi_doppler_spectrogram(x, 16.0, window_length=16, hop=100)
    assert power.shape == (1, 16)
    np.testing.assert_allclose(times, [0.5])
    assert freqs[np.argmax(power[0])] == pytest.approx(3.0)


def test_power_is_real_float_and_small_fs_allowed():
    x = np.exp(2j * np.pi * 0.1 * np.arange(200))
    _, _, power = csi_doppler_spectrogram(x, 100.0)
    assert power.dtype == np.float64 and np.all(power >= 0)
    freqs, times, _ = csi_doppler_spectrogram(x, 0.5, window_length=100, hop=100)
    assert freqs[0] == -0.25 and times.tolist() == [100.0, 300.0]


@pytest.mark.parametrize("args,kwargs", [
    ((np.ones((10, 2)), 100.0), {}),
    ((np.ones((200, 2)), 100.0), {"window_length": 16}),
    ((np.ones(127), 100.0), {"hop": 1}),
    ((np.ones(100), 100.0), {}),
    ((np.ones(100), 100.0), {"window_length": 1}),
    ((np.ones(100), 100.0), {"window_length": 16, "hop": 0}),
    ((np.ones(100), 0.0), {"window_length": 16}),
])
def test_invalid_input_raises(args, kwargs):
    with pytest.raises(ValueError):
        csi_doppler_spectrogram(*args, **kwargs)
