import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy.signal import welch

from candidate import eeg_band_powers

BANDS = {"delta": (0.5, 4), "theta": (4, 8), "alpha": (8, 13), "beta": (13, 30), "gamma": (30, 45)}


def oracle(x, fs, window_s=2.0):
    x = np.asarray(x, dtype=float)
    f, p = welch(x, fs=fs, nperseg=min(int(round(window_s * fs)), x.shape[-1]), axis=-1)
    return {k: np.sum(p[..., (f >= lo) & (f < hi)], axis=-1) * (f[1] - f[0])
            for k, (lo, hi) in BANDS.items()}


def tone(f, fs, seconds, amp):
    t = np.arange(int(seconds * fs)) / fs
    return amp * np.sin(2 * np.pi * f * t)


@pytest.mark.parametrize("band, f", [("delta", 2.25), ("theta", 6.25), ("alpha", 10.25),
                                     ("beta", 20.25), ("gamma", 38.25)])
def test_each_band_captures_its_tone(band, f):
    fs = 200.0
    p = eeg_band_powers(tone(f, fs, 30, 4.0), fs)
    assert set(p) == set(BANDS)
    assert isinstance(p[band], float)
    assert p[band] == pytest.approx(8.0, rel=0.03)           # A^2 / 2
    for other in BANDS:
        if other != band:
            assert p[other] < 0.05


def test_half_open_edges_exact_bins():
    fs = 128.0            # 2-s segments: bins every 0.5 Hz; 4, 8, 13, 30, 45 are bins
    x = tone(8.0, fs, 40, 2.0)
    p = eeg_band_powers(x, fs)
    want = oracle(x, fs)
    for k in BANDS:
        assert p[k] == pytest.approx(float(want[k]), rel=1e-9, abs=1e-12)
    # the 8 Hz bin is alpha, the 7.5 Hz bin (Hann leakage) theta
    assert p["alpha"] > 2 * p["theta"] > 0
    for f in (0.5, 4.0, 13.0, 30.0, 45.0, 0.25):
        y = tone(f, fs, 40, 1.0)
        got, exp = eeg_band_powers(y, fs), oracle(y, fs)
        for k in BANDS:
            assert got[k] == pytest.approx(float(exp[k]), rel=1e-9, abs=1e-12), (f, k)


def test_multichannel_output():
    fs = 250.0
    x = np.stack([tone(10.0, fs, 10, 1.0), tone(20.0, fs, 10, 3.0), np.zeros(2500)])
    p = eeg_band_powers(x, fs)
    for k in BANDS:
        assert isinstance(p[k], np.ndarray) and p[k].shape == (3,) and p[k].dtype == np.float64
    assert p["alpha"][0] == pytest.approx(0.5, rel=0.05)
    assert p["beta"][1] == pytest.approx(4.5, rel=0.05)
    assert p["alpha"][2] == 0.0
    one = eeg_band_powers(x[1], fs)
    assert one["beta"] == pytest.approx(p["beta"][1])


def test_window_length_and_short_signals():
    fs = 100.0
    rng = np.random.default_rng(0)
    x = rng.normal(size=1000)
    for w in (1.0, 4.0, 2.5, 0.5):
        got, want = eeg_band_powers(x, fs, window_s=w), oracle(x, fs, w)
        for k in BANDS:
            assert got[k] == pytest.approx(float(want[k]), rel=1e-9)
    short = rng.normal(size=150)                 # shorter than one 2-s segment
    got, want = eeg_band_powers(short, fs), oracle(short, fs)
    for k in BANDS:
        assert got[k] == pytest.approx(float(want[k]), rel=1e-9)
    tiny = np.array([1.0, -1.0, 1.0])            # fs = 1 Hz: nperseg = 2, bins 0 and 0.5 Hz
    got, want = eeg_band_powers(tiny, 1.0), oracle(tiny, 1.0)
    for k in BANDS:
        assert got[k] == pytest.approx(float(want[k]), rel=1e-9)
    assert got["delta"] > 0 and got["theta"] == 0.0


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 2000), ch=st.sampled_from([0, 1, 4]),
       fs=st.sampled_from([100.0, 128.0, 250.0]))
def test_matches_definition(seed, n, ch, fs):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n) if ch == 0 else rng.normal(size=(ch, n))
    got, want = eeg_band_powers(x, fs), oracle(x, fs)
    for k in BANDS:
        assert np.allclose(got[k], want[k], rtol=1e-9, atol=1e-15)


@pytest.mark.parametrize("kwargs", [
    dict(eeg=np.zeros((2, 2, 100)), fs=100.0),
    dict(eeg=np.zeros(1), fs=100.0),
    dict(eeg=np.zeros((3, 1)), fs=100.0),
    dict(eeg=np.zeros(100), fs=0.0),
    dict(eeg=np.zeros(100), fs=-100.0),
    dict(eeg=np.zeros(100), fs=-100.0, window_s=-2.0),
    dict(eeg=np.zeros(100), fs=100.0, window_s=0.01),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        eeg_band_powers(**kwargs)
