import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import refine_r_peaks


def gaussian_train(n, centres, width, amps):
    t = np.arange(n)
    x = np.zeros(n)
    for c, a in zip(centres, amps):
        x += a * np.exp(-0.5 * ((t - c) / width) ** 2)
    return x


def test_refines_synthetic_beats():
    fs = 360.0
    centres = [200, 560, 905, 1270, 1620]
    x = gaussian_train(1800, centres, 4.0, [1.0, 1.1, 0.9, 1.3, 1.0]) + 0.1
    approx = [190, 575, 900, 1260, 1633]   # within 18 samples (= 0.05 s)
    out = refine_r_peaks(x, fs, approx)
    assert isinstance(out, np.ndarray) and out.dtype == np.int64
    assert out.tolist() == centres


def test_window_is_inclusive_and_exact():
    fs = 100.0      # h = round(0.05 * 100) = 5
    x = np.zeros(200)
    x[105] = 1.0    # exactly h after p = 100: found
    x[94] = 2.0     # h + 1 before p: outside
    assert refine_r_peaks(x, fs, [100]).tolist() == [105]
    x = np.zeros(200)
    x[106] = 1.0    # outside: the window is all zeros -> earliest index p - h
    assert refine_r_peaks(x, fs, [100]).tolist() == [95]
    x = np.zeros(200)
    x[95] = 1.0
    x[94] = 3.0
    assert refine_r_peaks(x, fs, [100]).tolist() == [95]


def test_custom_search_width_and_rounding():
    x = np.zeros(300)
    x[120] = 1.0
    assert refine_r_peaks(x, 100.0, [100], search_s=0.2).tolist() == [120]
    assert refine_r_peaks(x, 100.0, [100], search_s=0.19).tolist() == [81]
    # round(0.126 * 100) = 13 reaches 113 but not 114
    y = np.zeros(300)
    y[113] = 1.0
    assert refine_r_peaks(y, 100.0, [100], search_s=0.126).tolist() == [113]
    assert refine_r_peaks(y, 100.0, [100], search_s=0.124).tolist() == [88]
    # search_s = 0 keeps the positions
    assert refine_r_peaks(y, 100.0, [7, 3, 7], search_s=0.0).tolist() == [3, 7]


def test_ties_take_earliest():
    x = np.zeros(100)
    x[[48, 52]] = 1.0
    assert refine_r_peaks(x, 100.0, [50]).tolist() == [48]
    assert refine_r_peaks(-x, 100.0, [50], polarity="negative").tolist() == [48]


def test_clipping_at_the_edges():
    x = np.zeros(50)
    x[0] = 1.0
    x[49] = 2.0
    assert refine_r_peaks(x, 100.0, [3, 46]).tolist() == [0, 49]
    assert refine_r_peaks(x, 100.0, [0, 49]).tolist() == [0, 49]
    z = np.zeros(50)
    assert refine_r_peaks(z, 100.0, [2, 48]).tolist() == [0, 43]


def test_polarities():
    x = np.zeros(400)
    x[100], x[104] = 1.0, -2.0
    x[300], x[297] = -0.5, 0.4
    approx = [102, 301]
    assert refine_r_peaks(x, 100.0, approx).tolist() == [100, 297]
    assert refine_r_peaks(x, 100.0, approx, polarity="negative").tolist() == [104, 300]
    assert refine_r_peaks(x, 100.0, approx, polarity="absolute").tolist() == [104, 300]
    assert refine_r_peaks(x, 100.0, approx, polarity="positive").tolist() == [100, 297]


def test_duplicates_merged_sorted_and_empty():
    x = gaussian_train(1000, [500], 3.0, [1.0])
    out = refine_r_peaks(x, 250.0, [510, 495, 503, 500])
    assert out.tolist() == [500]
    empty = refine_r_peaks(x, 250.0, [])
    assert empty.dtype == np.int64 and empty.size == 0
    assert refine_r_peaks(x, 250.0, np.array([800, 500, 100])).tolist() == [100 - 12, 500, 800 - 12]


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(20, 300),
       search=st.sampled_from([0.0, 0.02, 0.05, 0.1]), k=st.integers(1, 8))
def test_properties(seed, n, search, k):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    approx = rng.integers(0, n, size=k)
    out = refine_r_peaks(x, 100.0, approx, search_s=search)
    h = int(round(search * 100.0))
    assert np.all(np.diff(out) > 0)
    assert 1 <= out.size <= k
    for p in approx:
        lo, hi = max(0, p - h), min(n, p + h + 1)
        assert lo + int(np.argmax(x[lo:hi])) in out


@pytest.mark.parametrize("kwargs", [
    dict(signal=np.array([]), fs=100.0, approx_peaks=[]),
    dict(signal=np.zeros((2, 50)), fs=100.0, approx_peaks=[3]),
    dict(signal=np.zeros(50), fs=100.0, approx_peaks=[50]),
    dict(signal=np.zeros(50), fs=100.0, approx_peaks=[-1]),
    dict(signal=np.zeros(50), fs=100.0, approx_peaks=[3], search_s=-0.01),
    dict(signal=np.zeros(50), fs=100.0, approx_peaks=[3], polarity="max"),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        refine_r_peaks(**kwargs)
