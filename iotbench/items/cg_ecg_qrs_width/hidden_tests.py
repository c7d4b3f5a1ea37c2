import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import qrs_width


def triangle(n, r, height, half, base=0.0):
    x = np.full(n, base, dtype=float)
    k = np.arange(-half, half + 1)
    x[r + k] = base + height * (1 - np.abs(k) / half)
    return x


def test_gaussian_qrs_widths():
    fs = 1000.0
    t = np.arange(3000)
    x = 0.3 + sum(np.exp(-0.5 * ((t - c) / 10.0) ** 2) for c in (500, 1500, 2500))
    w = qrs_width(x, fs, [500, 1500, 2500])
    assert w.dtype == np.float64 and w.shape == (3,)
    assert np.allclose(w, 2 * 10 * math.sqrt(2 * math.log(2)), atol=0.1)      # FWHM
    w = qrs_width(x, fs, [1500], fraction=0.3)
    assert w[0] == pytest.approx(2 * 10 * math.sqrt(2 * math.log(1 / 0.3)), abs=0.1)


def test_exact_triangle_and_baseline():
    fs = 100.0
    x = triangle(100, 50, 10.0, 5)
    assert qrs_width(x, fs, [50])[0] == pytest.approx(50.0)
    # baseline 2 in the PR segment (samples 25..34): level 6 is crossed at +/- 2 samples
    x[25:35] = 2.0
    assert qrs_width(x, fs, [50])[0] == pytest.approx(40.0)
    assert qrs_width(x, fs, [50], fraction=0.25)[0] == pytest.approx(60.0)   # level 4


def test_baseline_window_is_exact():
    fs = 100.0
    x = triangle(100, 50, 10.0, 5)
    x[29], x[30], x[31], x[32] = 100.0, 1.0, 3.0, 100.0
    # window r-20 ... r-19 -> samples 30, 31 -> baseline 2 -> level 6 -> width 40 ms
    w = qrs_width(x, fs, [50], baseline_start_s=0.2, baseline_end_s=0.18)
    assert w[0] == pytest.approx(40.0)
    # default window: samples 25 ... 34 -> median of (0 x 6, 100, 1, 3, 100) = 0 -> 50 ms
    assert qrs_width(x, fs, [50])[0] == pytest.approx(50.0)
    # default window exactly 25 ... 34: median of five 1s and five 3s = 2 -> width 40 ms
    y = triangle(100, 50, 10.0, 5)
    y[25:30], y[30:35] = 1.0, 3.0
    y[24], y[35] = 50.0, 50.0
    assert qrs_width(y, fs, [50])[0] == pytest.approx(40.0)


def test_asymmetric_wave_uses_nearest_crossings():
    fs = 200.0
    x = np.zeros(200)
    x[100] = 8.0
    x[99], x[98], x[97] = 6.0, 2.0, 5.0       # dips below level 4 at 98, then rises above again
    x[101], x[102], x[103] = 7.0, 5.0, 1.0
    w = qrs_width(x, fs, [100])
    # tl = 98 + (4 - 2) / (6 - 2) = 98.5 ; tr = 103 - (4 - 1) / (5 - 1) = 102.25
    assert w[0] == pytest.approx((102.25 - 98.5) / fs * 1000)


def test_one_sample_spike_and_asymmetric_limits():
    fs = 100.0
    x = np.zeros(100)
    x[50] = 10.0                               # crossings at 49.5 and 50.5
    assert qrs_width(x, fs, [50])[0] == pytest.approx(10.0)
    # left crossing needs index 47, right crossing index 52
    y = np.zeros(100)
    y[48:53] = [6.0, 8.0, 10.0, 7.0, 2.0]
    assert qrs_width(y, fs, [50], max_half_s=0.03)[0] == pytest.approx(
        ((52 - 3 / 5) - (47 + 5 / 6)) * 10)
    assert math.isnan(qrs_width(y, fs, [50], max_half_s=0.02)[0])   # left side missing
    z = y[::-1].copy()                          # mirrored: the right side is missing
    assert math.isnan(qrs_width(z, fs, [49], max_half_s=0.02)[0])
    assert qrs_width(z, fs, [49], max_half_s=0.03)[0] == pytest.approx(
        ((52 - 3 / 5) - (47 + 5 / 6)) * 10)


def test_search_limit():
    fs = 100.0
    x = triangle(100, 50, 10.0, 5)            # crossing at +/- 2.5 -> needs indices 47 and 53
    assert qrs_width(x, fs, [50], max_half_s=0.03)[0] == pytest.approx(50.0)
    assert math.isnan(qrs_width(x, fs, [50], max_half_s=0.02)[0])
    wide = triangle(200, 100, 10.0, 40)       # crossing at +/- 20 samples
    assert math.isnan(qrs_width(wide, fs, [100], max_half_s=0.15, baseline_start_s=0.9,
                                baseline_end_s=0.5)[0])
    assert qrs_width(wide, fs, [100], max_half_s=0.21, baseline_start_s=0.9,
                     baseline_end_s=0.5)[0] == pytest.approx(400.0)


def test_nan_near_edges():
    fs = 100.0                                  # baseline window r-25 ... r-16, search +/- 15
    x = np.zeros(80)
    for r in (25, 64):
        x[r - 5:r + 6] = triangle(11, 5, 10.0, 5)
    w = qrs_width(x, fs, [25, 64])
    # r=25: r-25 = 0 fits; r=64: 64+15 = 79 = last index fits
    assert w[0] == pytest.approx(50.0) and w[1] == pytest.approx(50.0)
    assert math.isnan(qrs_width(x[1:], fs, [24])[0])        # baseline window starts at -1
    assert math.isnan(qrs_width(x[:79], fs, [64])[0])       # search range ends at 79 > 78
    # search range starting before 0 while the baseline window fits
    y = triangle(60, 20, 10.0, 5)
    assert math.isnan(qrs_width(y, fs, [20], baseline_start_s=0.2, baseline_end_s=0.1,
                                max_half_s=0.21)[0])
    assert qrs_width(y, fs, [20], baseline_start_s=0.2, baseline_end_s=0.1,
                     max_half_s=0.2)[0] == pytest.approx(50.0)


def test_non_positive_amplitude_is_nan():
    fs = 100.0
    x = -triangle(100, 50, 10.0, 5)
    assert math.isnan(qrs_width(x, fs, [50])[0])
    assert math.isnan(qrs_width(np.zeros(100), fs, [50])[0])
    tiny = triangle(100, 50, 0.5, 5)           # small but positive amplitude
    assert qrs_width(tiny, fs, [50])[0] == pytest.approx(50.0)
    flat_top = np.zeros(100)                   # x[r] equals the baseline, neighbours below
    flat_top[49], flat_top[51] = -1.0, -1.0
    assert math.isnan(qrs_width(flat_top, fs, [50])[0])
    dip = np.zeros(100)                        # slightly negative amplitude
    dip[48:53] = [-2.0, -2.0, -0.5, -2.0, -2.0]
    assert math.isnan(qrs_width(dip, fs, [50])[0])


def test_edge_indices_and_low_rate_are_valid():
    x = triangle(100, 50, 10.0, 5)
    w = qrs_width(x, 100.0, [0, 99, 50])
    assert math.isnan(w[0]) and math.isnan(w[1]) and w[2] == pytest.approx(50.0)
    # fs = 1 Hz with windows given in seconds
    w = qrs_width(x, 1.0, [50], baseline_start_s=25, baseline_end_s=15, max_half_s=15)
    assert w[0] == pytest.approx(5000.0)


def test_baseline_window_before_the_start_is_nan():
    fs = 100.0
    x = np.zeros(60)
    x[2:9] = triangle(7, 3, 10.0, 3)           # peak at 5, crossings at +/- 1.5 samples
    kw = dict(baseline_start_s=0.2, baseline_end_s=0.1, max_half_s=0.04)
    assert math.isnan(qrs_width(x, fs, [5], **kw)[0])      # window 5-20 < 0
    assert qrs_width(x, 1.0, [5], baseline_start_s=5, baseline_end_s=3,
                     max_half_s=4)[0] == pytest.approx(3000.0)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(height=st.floats(0.1, 50), half=st.integers(2, 12), base=st.floats(-5, 5),
       frac=st.floats(0.05, 0.95))
def test_triangle_property(height, half, base, frac):
    fs = 250.0
    x = triangle(300, 150, height, half, base)
    # the level is crossed at +/- (1 - frac) * half samples
    want = 2 * (1 - frac) * half / fs * 1000
    assert qrs_width(x, fs, [150], fraction=frac)[0] == pytest.approx(want, rel=1e-6)


@pytest.mark.parametrize("kwargs", [
    dict(signal=np.array([]), fs=100.0, r_peaks=[]),
    dict(signal=np.zeros((2, 100)), fs=100.0, r_peaks=[50]),
    dict(signal=np.zeros(100), fs=0.0, r_peaks=[50]),
    dict(signal=np.zeros(100), fs=-100.0, r_peaks=[50]),
    dict(signal=np.zeros(100), fs=100.0, r_peaks=[50], fraction=0.0),
    dict(signal=np.zeros(100), fs=100.0, r_peaks=[50], fraction=1.0),
    dict(signal=np.zeros(100), fs=100.0, r_peaks=[100]),
    dict(signal=np.zeros(100), fs=100.0, r_peaks=[-1]),
    dict(signal=np.zeros(100), fs=100.0, r_peaks=[50], baseline_start_s=0.15),
    dict(signal=np.zeros(100), fs=100.0, r_peaks=[50], baseline_start_s=0.1),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        qrs_width(**kwargs)
