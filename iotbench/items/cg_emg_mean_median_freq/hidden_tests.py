import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy.signal import butter, sosfilt, welch

from candidate import emg_mean_median_frequency


def oracle(x, fs, nperseg=256, lo=20.0, hi=450.0):
    f, p = welch(x, fs=fs, nperseg=min(nperseg, len(x)))
    m = (f >= lo) & (f <= hi)
    fb, pb = f[m], p[m]
    if len(pb) == 0 or pb.sum() <= 0:
        return math.nan, math.nan
    c = np.cumsum(pb)
    return (fb * pb).sum() / pb.sum(), fb[np.flatnonzero(c >= 0.5 * c[-1])[0]]


def tone(f, fs, seconds, amp=1.0):
    t = np.arange(int(seconds * fs)) / fs
    return amp * np.sin(2 * np.pi * f * t)


def test_tones_and_types():
    fs = 1000.0                                    # bins every 1000 / 256 = 3.90625 Hz
    mnf, mdf = emg_mean_median_frequency(tone(125.0, fs, 2), fs)
    assert isinstance(mnf, float) and isinstance(mdf, float)
    assert mdf == pytest.approx(125.0) and mnf == pytest.approx(125.0, abs=0.5)
    # two tones, the higher one 3 times stronger in power: the median is at the higher tone
    x = tone(62.5, fs, 2) + math.sqrt(3) * tone(250.0, fs, 2)
    mnf, mdf = emg_mean_median_frequency(x, fs)
    assert mdf == pytest.approx(250.0)
    assert mnf == pytest.approx((62.5 + 3 * 250.0) / 4, abs=1.0)


def test_band_limits():
    fs = 1000.0
    x = tone(15.625, fs, 2) + tone(125.0, fs, 2)   # 15.6 Hz is outside the default band
    mnf, mdf = emg_mean_median_frequency(x, fs)
    assert mnf == pytest.approx(125.0, abs=1.5) and mdf == pytest.approx(125.0)
    mnf, mdf = emg_mean_median_frequency(x, fs, low_hz=10.0)
    assert mnf == pytest.approx(70.3, abs=1.5)
    # 460 Hz is above the default upper edge
    x = tone(125.0, fs, 2) + tone(460.9375, fs, 2)
    assert emg_mean_median_frequency(x, fs)[0] == pytest.approx(125.0, abs=2.0)
    assert emg_mean_median_frequency(x, fs, high_hz=480.0)[0] == pytest.approx(293, abs=2.0)


def test_band_edges_inclusive():
    fs = 1024.0                                    # bins every 4 Hz exactly
    x = tone(20.0, fs, 2)
    mnf, mdf = emg_mean_median_frequency(x, fs, low_hz=20.0, high_hz=20.0 + 1e-9)
    assert mnf == pytest.approx(20.0) and mdf == pytest.approx(20.0)
    mnf, mdf = emg_mean_median_frequency(x, fs, low_hz=16.0, high_hz=20.0)
    assert mdf == pytest.approx(20.0)
    assert emg_mean_median_frequency(tone(448.0, fs, 2), fs, high_hz=448.0)[1] == pytest.approx(448.0)


def test_fatigue_shift():
    fs = 2000.0
    rng = np.random.default_rng(1)
    noise = rng.normal(size=8000)
    fresh = sosfilt(butter(4, [60, 250], btype="bandpass", fs=fs, output="sos"), noise)
    tired = sosfilt(butter(4, [30, 130], btype="bandpass", fs=fs, output="sos"), noise)
    m1, d1 = emg_mean_median_frequency(fresh, fs)
    m2, d2 = emg_mean_median_frequency(tired, fs)
    assert m2 < m1 - 40 and d2 < d1 - 40
    assert (m1, d1) == pytest.approx(oracle(fresh, fs), rel=1e-9)
    assert (m2, d2) == pytest.approx(oracle(tired, fs), rel=1e-9)


def test_no_power_or_empty_band():
    mnf, mdf = emg_mean_median_frequency(np.zeros(500), 1000.0)
    assert math.isnan(mnf) and math.isnan(mdf)
    x = tone(125.0, 1000.0, 1)
    mnf, mdf = emg_mean_median_frequency(x, 1000.0, low_hz=600.0, high_hz=700.0)
    assert math.isnan(mnf) and math.isnan(mdf)


def test_short_signal_and_custom_segment():
    rng = np.random.default_rng(2)
    x = rng.normal(size=100)
    assert emg_mean_median_frequency(x, 1000.0) == pytest.approx(oracle(x, 1000.0), rel=1e-9)
    y = rng.normal(size=3000)
    for nperseg in (64, 512):
        got = emg_mean_median_frequency(y, 1000.0, nperseg=nperseg)
        assert got == pytest.approx(oracle(y, 1000.0, nperseg), rel=1e-9)
    assert emg_mean_median_frequency(x[:2], 1.0, low_hz=0.0, high_hz=1.0)[1] == \
        pytest.approx(oracle(x[:2], 1.0, 256, 0.0, 1.0)[1])


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(64, 3000),
       lo=st.sampled_from([0.0, 20.0, 35.5]), hi=st.sampled_from([300.0, 450.0, 499.0]))
def test_matches_definition(seed, n, lo, hi):
    rng = np.random.default_rng(seed)
    x = np.cumsum(rng.normal(size=n)) * 0.1 + rng.normal(size=n)
    got = emg_mean_median_frequency(x, 1000.0, low_hz=lo, high_hz=hi)
    assert got == pytest.approx(oracle(x, 1000.0, 256, lo, hi), rel=1e-9)


@pytest.mark.parametrize("kwargs", [
    dict(emg=np.zeros((2, 500)), fs=1000.0),
    dict(emg=np.zeros(1), fs=1000.0),
    dict(emg=np.zeros(500), fs=0.0),
    dict(emg=np.zeros(500), fs=-1000.0),
    dict(emg=np.zeros(500), fs=1000.0, low_hz=-1.0),
    dict(emg=np.zeros(500), fs=1000.0, low_hz=100.0, high_hz=100.0),
    dict(emg=np.zeros(500), fs=1000.0, low_hz=200.0, high_hz=100.0),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        emg_mean_median_frequency(**kwargs)
