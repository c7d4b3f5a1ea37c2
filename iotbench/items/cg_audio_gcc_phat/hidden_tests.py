import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import gcc_phat


def naive(sig, ref, fs, max_tau=None, interp=1):
    n = len(sig) + len(ref)
    G = np.fft.rfft(sig, n) * np.conj(np.fft.rfft(ref, n))
    mag = np.abs(G)
    G = np.where(mag > 0, G / np.where(mag > 0, mag, 1.0), 0)
    cc = np.fft.irfft(G, n * interp)
    m = (n * interp) // 2
    if max_tau is not None:
        m = min(int(interp * fs * max_tau), m)
    lags = np.arange(-m, m + 1)
    vals = cc[lags % len(cc)]
    k = int(np.argmax(np.abs(vals)))
    return lags[k] / (interp * fs), vals


def delayed_pair(d, n=4000, seed=0, noise=0.0):
    rng = np.random.default_rng(seed)
    src = rng.normal(size=n + 200)
    ref = src[100:100 + n]
    sig = src[100 - d:100 - d + n]           # sig[k] = ref[k - d]
    return sig + noise * rng.normal(size=n), ref + noise * rng.normal(size=n)


@pytest.mark.parametrize("d", [0, 7, -13, 42])
def test_integer_delays(d):
    sig, ref = delayed_pair(d, noise=0.05)
    tau, cc = gcc_phat(sig, ref, 16000)
    assert isinstance(tau, float)
    assert tau == pytest.approx(d / 16000, abs=1e-12)
    assert cc.shape == (2 * 4000 + 1,)


def test_max_tau_limits_search_and_length():
    sig, ref = delayed_pair(30, seed=1)
    tau, cc = gcc_phat(sig, ref, 16000, max_tau=0.001)        # 16 samples
    assert cc.shape == (33,)
    et, ec = naive(sig, ref, 16000, 0.001)
    np.testing.assert_allclose(cc, ec, atol=1e-9)
    assert abs(tau) <= 0.001
    tau, cc = gcc_phat(sig, ref, 16000, max_tau=0.0025)       # 40 samples: true delay inside
    assert cc.shape == (81,) and tau == pytest.approx(30 / 16000)


def test_zero_max_tau_gives_single_lag():
    sig, ref = delayed_pair(5, n=500, seed=2)
    tau, cc = gcc_phat(sig, ref, 8000, max_tau=0.0)
    assert tau == 0.0 and cc.shape == (1,)
    np.testing.assert_allclose(cc, naive(sig, ref, 8000, 0.0)[1], atol=1e-9)


def test_fractional_delay_with_interpolation():
    fs = 16000
    rng = np.random.default_rng(4)
    n = 4096
    spec = np.fft.rfft(rng.normal(size=n))
    f = np.fft.rfftfreq(n)
    d = 3.25
    ref = np.fft.irfft(spec, n)
    sig = np.fft.irfft(spec * np.exp(-2j * np.pi * f * d), n)   # circular fractional delay
    tau1, _ = gcc_phat(sig, ref, fs)
    tau8, cc8 = gcc_phat(sig, ref, fs, interp=8)
    assert tau1 * fs == pytest.approx(3.0)
    assert abs(tau8 * fs - d) <= 1 / 8 + 1e-9
    assert cc8.shape == (2 * ((2 * n * 8) // 2) + 1,)
    et, ec = naive(sig, ref, fs, None, 8)
    assert tau8 == pytest.approx(et)
    tau8b, cc8b = gcc_phat(sig, ref, fs, max_tau=10 / fs, interp=8)
    assert cc8b.shape == (161,) and tau8b == pytest.approx(et)


def test_different_lengths_and_polarity():
    rng = np.random.default_rng(7)
    ref = rng.normal(size=300)
    sig = -np.r_[np.zeros(20), ref][:250]          # inverted and delayed by 20 samples
    tau, cc = gcc_phat(sig, ref, 1000.0)
    assert tau == pytest.approx(0.02)
    assert cc[np.argmax(np.abs(cc))] < 0
    assert cc.shape == (2 * (550 // 2) + 1,)


def test_exactly_empty_bins_and_small_fs():
    # sig = ref = [1, 1]: n = 4 and the Nyquist bin of the cross-spectrum is exactly 0
    tau, cc = gcc_phat(np.array([1.0, 1.0]), np.array([1.0, 1.0]), 1.0)
    assert np.isfinite(cc).all()
    np.testing.assert_allclose(cc, naive(np.ones(2), np.ones(2), 1.0)[1], atol=1e-12)
    assert tau == 0.0 and cc.shape == (5,)
    sig, ref = delayed_pair(3, n=200, seed=9)
    tau, _ = gcc_phat(sig, ref, 0.5)
    assert tau == pytest.approx(6.0)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n1=st.integers(1, 60), n2=st.integers(1, 60),
       interp=st.integers(1, 4), tau_max=st.one_of(st.none(), st.floats(0, 0.05)))
def test_property_matches_definition(seed, n1, n2, interp, tau_max):
    rng = np.random.default_rng(seed)
    sig, ref = rng.normal(size=n1), rng.normal(size=n2)
    tau, cc = gcc_phat(sig, ref, 1000.0, max_tau=tau_max, interp=interp)
    et, ec = naive(sig, ref, 1000.0, tau_max, interp)
    assert cc.shape == ec.shape
    np.testing.assert_allclose(cc, ec, atol=1e-9)
    srt = np.sort(np.abs(ec))
    if srt.size == 1 or srt[-1] - srt[-2] > 1e-9:
        assert tau == pytest.approx(et, abs=1e-12)


@pytest.mark.parametrize("args,kwargs", [
    ((np.ones((3, 2)), np.ones(3), 1000.0), {}), ((np.ones(3), np.ones((3, 2)), 1000.0), {}),
    ((np.array([]), np.ones(3), 1000.0), {}), ((np.ones(3), np.array([]), 1000.0), {}),
    ((np.ones(3), np.ones(3), 0.0), {}), ((np.ones(3), np.ones(3), 1000.0), {"interp": 0}),
    ((np.ones(150), np.ones(150), 1000.0), {"max_tau": -0.1}),
])
def test_invalid_input_raises(args, kwargs):
    with pytest.raises(ValueError):
        gcc_phat(*args, **kwargs)
