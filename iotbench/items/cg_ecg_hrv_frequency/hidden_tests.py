import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy.signal import welch

from candidate import hrv_frequency_domain


def modulated_rr(n_beats, base, components):
    """RR series whose value at beat time t is base + sum(a * sin(2 pi f t))."""
    rr, t = [], 0.0
    for _ in range(n_beats):
        r = base + sum(a * np.sin(2 * np.pi * f * t) for f, a in components)
        rr.append(r)
        t += r / 1000
    return np.array(rr)


def oracle(rr, fs=4.0, nperseg=256):
    t = np.cumsum(rr) / 1000
    n = int(math.floor((t[-1] - t[0]) * fs)) + 1
    x = np.interp(t[0] + np.arange(n) / fs, t, rr)
    f, p = welch(x - x.mean(), fs=fs, window="hann", nperseg=min(nperseg, n))
    df = f[1] - f[0]
    lf = p[(f >= 0.04) & (f < 0.15)].sum() * df
    hf = p[(f >= 0.15) & (f < 0.4)].sum() * df
    return lf, hf


def test_lf_sinusoid_power():
    out = hrv_frequency_domain(modulated_rr(300, 900, [(0.1, 40)]))
    assert set(out) == {"lf_ms2", "hf_ms2", "lf_hf", "lf_nu", "hf_nu"}
    assert out["lf_ms2"] == pytest.approx(800.0, rel=0.1)    # A^2 / 2
    assert out["hf_ms2"] < 0.02 * out["lf_ms2"]
    assert out["lf_nu"] > 98 and out["hf_nu"] < 2
    assert out["lf_nu"] + out["hf_nu"] == pytest.approx(100.0)
    assert out["lf_hf"] == pytest.approx(out["lf_ms2"] / out["hf_ms2"])
    for v in out.values():
        assert isinstance(v, float)


def test_hf_sinusoid_power():
    out = hrv_frequency_domain(modulated_rr(300, 800, [(0.25, 30)]))
    # ideal A^2 / 2 = 450; linear interpolation between beats attenuates a 0.25 Hz rhythm a bit
    assert 300 < out["hf_ms2"] < 460
    assert out["lf_ms2"] < 0.02 * out["hf_ms2"]
    assert out["lf_hf"] < 0.02


def test_band_edges():
    # 0.17 Hz belongs to HF, 0.125 Hz to LF, 0.47 Hz to neither
    out = hrv_frequency_domain(modulated_rr(600, 1000, [(0.17, 30)]))
    assert out["hf_ms2"] > 5 * out["lf_ms2"]
    out = hrv_frequency_domain(modulated_rr(600, 1000, [(0.125, 30)]))
    assert out["lf_ms2"] > 5 * out["hf_ms2"]
    out = hrv_frequency_domain(modulated_rr(600, 1000, [(0.47, 30), (0.1, 3)]))
    assert out["hf_ms2"] < 60 and out["lf_ms2"] == pytest.approx(4.5, rel=0.2)


def test_mixture_ratio():
    out = hrv_frequency_domain(modulated_rr(500, 850, [(0.09, 30), (0.3, 15)]))
    # ideal ratio 4; interpolation attenuates the faster HF component somewhat
    assert 4.0 < out["lf_hf"] < 7.0
    assert 78 < out["lf_nu"] < 90


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(40, 400))
def test_matches_definition_default_parameters(seed, n):
    rng = np.random.default_rng(seed)
    rr = rng.uniform(600, 1100, size=n)
    out = hrv_frequency_domain(rr)
    lf, hf = oracle(rr)
    assert out["lf_ms2"] == pytest.approx(lf, rel=1e-6, abs=1e-9)
    assert out["hf_ms2"] == pytest.approx(hf, rel=1e-6, abs=1e-9)
    assert out["lf_hf"] == pytest.approx(lf / hf, rel=1e-6)
    assert out["lf_nu"] == pytest.approx(100 * lf / (lf + hf), rel=1e-6)
    assert out["hf_nu"] == pytest.approx(100 * hf / (lf + hf), rel=1e-6)


@pytest.mark.parametrize("fs, nperseg", [(2.0, 64), (7.0, 512), (4.0, 100)])
def test_matches_definition_custom_parameters(fs, nperseg):
    rng = np.random.default_rng(int(fs * nperseg))
    rr = rng.uniform(500, 1200, size=250)
    out = hrv_frequency_domain(rr, fs_resample=fs, nperseg=nperseg)
    lf, hf = oracle(rr, fs, nperseg)
    assert out["lf_ms2"] == pytest.approx(lf, rel=1e-6)
    assert out["hf_ms2"] == pytest.approx(hf, rel=1e-6)


def test_short_series_uses_whole_series_as_one_segment():
    rr = np.array([800, 950, 700, 1000, 820, 900, 760, 990, 850, 900, 780, 1010,
                   880, 700, 940, 860, 800, 920, 760, 1000.0])
    out = hrv_frequency_domain(rr)
    lf, hf = oracle(rr)
    assert out["lf_ms2"] == pytest.approx(lf, rel=1e-6)
    assert out["hf_ms2"] == pytest.approx(hf, rel=1e-6)


def test_constant_rhythm_gives_nan_ratios():
    out = hrv_frequency_domain(np.full(100, 750.0))
    assert out["lf_ms2"] == 0.0 and out["hf_ms2"] == 0.0
    assert math.isnan(out["lf_hf"]) and math.isnan(out["lf_nu"]) and math.isnan(out["hf_nu"])


def test_minimum_length_boundary():
    # beat times 1.0 ... 4.9 s -> floor(3.9 * 4) + 1 = 16 samples: accepted
    out = hrv_frequency_domain([1000, 1000, 1000, 1000, 900])
    assert out["lf_ms2"] >= 0
    # 1.0 ... 4.7 s -> 15 samples: rejected
    with pytest.raises(ValueError):
        hrv_frequency_domain([1000, 1000, 1000, 1000, 700])
    # 4 Hz is the default: at 8 Hz the same series is long enough
    out = hrv_frequency_domain([1000, 1000, 1000, 1000, 700], fs_resample=8.0)
    assert out["lf_ms2"] >= 0


def test_few_long_or_tiny_intervals_are_valid():
    out = hrv_frequency_domain([1000, 2000, 2000])   # 3 intervals, 17 samples
    assert out["lf_ms2"] >= 0 and out["hf_ms2"] >= 0
    out = hrv_frequency_domain([1000, 0.5, 3000, 2000, 800])   # tiny but positive interval
    lf, hf = oracle(np.array([1000, 0.5, 3000, 2000, 800]))
    assert out["lf_ms2"] == pytest.approx(lf, rel=1e-6)


def test_tiny_variability_still_normalised():
    rng = np.random.default_rng(3)
    rr = 800 + 0.02 * rng.normal(size=200)
    out = hrv_frequency_domain(rr)
    lf, hf = oracle(rr)
    assert 0 < lf + hf < 1
    assert out["lf_nu"] == pytest.approx(100 * lf / (lf + hf), rel=1e-6)
    assert out["hf_nu"] == pytest.approx(100 * hf / (lf + hf), rel=1e-6)
    assert out["lf_hf"] == pytest.approx(lf / hf, rel=1e-6)


@pytest.mark.parametrize("kwargs", [
    dict(rr_ms=[800, 900]),
    dict(rr_ms=[1000, 4000]),
    dict(rr_ms=[]),
    dict(rr_ms=np.full((2, 50), 800.0)),
    dict(rr_ms=[800, 900, 0, 850] * 10),
    dict(rr_ms=[800, 900, -5, 850] * 10),
    dict(rr_ms=[800.0] * 40, fs_resample=0.0),
    dict(rr_ms=[800.0] * 40, fs_resample=-4.0),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        hrv_frequency_domain(**kwargs)
