import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import emg_td_features


def oracle(x, fs, window_s=0.2, step_s=0.1, thr=0.01):
    x = np.asarray(x, dtype=float)
    w, s = round(window_s * fs), round(step_s * fs)
    rows = []
    for st_ in range(0, len(x) - w + 1, s):
        v = x[st_:st_ + w]
        mav = np.mean(np.abs(v))
        wl = sum(abs(v[i] - v[i - 1]) for i in range(1, w))
        zc = sum(1 for i in range(w - 1) if v[i] * v[i + 1] < 0 and abs(v[i] - v[i + 1]) >= thr)
        ssc = sum(1 for i in range(1, w - 1)
                  if (v[i] - v[i - 1]) * (v[i] - v[i + 1]) > 0
                  and (abs(v[i] - v[i - 1]) >= thr or abs(v[i] - v[i + 1]) >= thr))
        rows.append([mav, wl, zc, ssc])
    return np.array(rows)


def test_hand_computed_window():
    x = np.array([0.5, -0.5, 0.2, 0.3, -0.1, -0.105])
    f = emg_td_features(x, 10.0, window_s=0.6, step_s=0.6)
    assert f.shape == (1, 4) and f.dtype == np.float64
    assert f[0, 0] == pytest.approx(1.705 / 6)
    assert f[0, 1] == pytest.approx(2.205)
    assert f[0, 2] == 3.0          # (0.5,-0.5), (-0.5,0.2), (0.3,-0.1)
    assert f[0, 3] == 2.0          # at -0.5 and at 0.3


def test_zero_crossing_threshold_and_exact_zero():
    f = emg_td_features([0.004, -0.004], 10.0, window_s=0.2, step_s=0.2)      # diff 0.008
    assert f[0, 2] == 0.0
    f = emg_td_features([0.004, -0.004], 10.0, window_s=0.2, step_s=0.2, threshold=0.008)
    assert f[0, 2] == 1.0
    f = emg_td_features([0.25, -0.25], 10.0, window_s=0.2, step_s=0.2, threshold=0.5)
    assert f[0, 2] == 1.0          # equal to the threshold counts
    f = emg_td_features([0.5, 0.0, -0.5], 10.0, window_s=0.3, step_s=0.3)
    assert f[0, 2] == 0.0          # passing through an exact 0 is not a crossing


def test_default_threshold_and_list_input():
    f = emg_td_features([0.00525, -0.00525, 0.0045, -0.0045], 10.0, window_s=0.2, step_s=0.2)
    # diffs 0.0105 (counts against the default 0.01) and 0.009 (does not)
    assert f.tolist() == [pytest.approx([0.00525, 0.0105, 1.0, 0.0]),
                          pytest.approx([0.0045, 0.009, 0.0, 0.0])]


def test_slope_sign_change_threshold_rules():
    f = emg_td_features([0.0, 0.25, 0.0], 10.0, window_s=0.3, step_s=0.3, threshold=0.25)
    assert f[0, 3] == 1.0
    f = emg_td_features([0.0, 0.25, 0.0], 10.0, window_s=0.3, step_s=0.3, threshold=0.3)
    assert f[0, 3] == 0.0
    # only one side above the threshold is enough
    f = emg_td_features([0.0, 0.5, 0.45], 10.0, window_s=0.3, step_s=0.3, threshold=0.1)
    assert f[0, 3] == 1.0
    f = emg_td_features([0.45, 0.5, 0.0], 10.0, window_s=0.3, step_s=0.3, threshold=0.1)
    assert f[0, 3] == 1.0
    # a plateau (one side 0) is not a slope sign change
    f = emg_td_features([0.0, 0.5, 0.5, 0.0], 10.0, window_s=0.4, step_s=0.4, threshold=0.0)
    assert f[0, 3] == 0.0
    # the first and last samples of a window are never SSC points
    f = emg_td_features([1.0, 0.0, 0.0, 1.0], 10.0, window_s=0.4, step_s=0.4, threshold=0.0)
    assert f[0, 3] == 0.0


def test_no_mean_removal():
    x = np.array([2.0, 2.5, 2.0, 2.5])
    f = emg_td_features(x, 10.0, window_s=0.4, step_s=0.4)
    assert f[0].tolist() == pytest.approx([2.25, 1.5, 0.0, 2.0])


def test_default_windows_on_a_burst():
    fs = 1000.0
    rng = np.random.default_rng(4)
    x = 0.002 * rng.normal(size=1000)
    x[400:700] += 0.5 * np.sin(2 * np.pi * 90 * np.arange(300) / fs)
    f = emg_td_features(x, fs)
    # w = 200, s = 100 -> (1000 - 200) // 100 + 1 = 9 windows
    assert f.shape == (9, 4)
    assert np.allclose(f, oracle(x, fs), rtol=1e-9)
    assert f[5, 0] > 10 * f[0, 0]                 # the burst raises MAV
    assert f[0, 2] == 0.0 and f[5, 2] > 20        # noise below threshold makes no crossings


def test_window_rounding_and_counts():
    rng = np.random.default_rng(9)
    x = rng.normal(size=50)
    # w = round(2.5) = 2, s = round(1.5) = 2 at fs = 10 -> 25 windows
    f = emg_td_features(x, 10.0, window_s=0.25, step_s=0.15)
    assert f.shape == (25, 4)
    assert np.allclose(f, oracle(x, 10.0, 0.25, 0.15))
    f = emg_td_features(x, 10.0, window_s=0.1, step_s=0.1)      # w = 1: only MAV non-zero
    assert f.shape == (50, 4) and np.allclose(f[:, 0], np.abs(x)) and np.all(f[:, 1:] == 0)
    f = emg_td_features(x, 10.0, window_s=5.0, step_s=0.1)      # exactly one window
    assert f.shape == (1, 4)
    f = emg_td_features(x[:49], 10.0, window_s=3.0, step_s=1.0)   # 30 of 49: windows at 0, 10
    assert f.shape == (2, 4)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(20, 300), fs=st.sampled_from([100.0, 200.0]),
       win=st.sampled_from([0.1, 0.15, 0.2]), step=st.sampled_from([0.05, 0.1]),
       thr=st.sampled_from([0.0, 0.05, 0.3]))
def test_matches_definition(seed, n, fs, win, step, thr):
    x = np.round(np.random.default_rng(seed).normal(size=n), 2)
    if n < round(win * fs):
        with pytest.raises(ValueError):
            emg_td_features(x, fs, win, step, thr)
        return
    f = emg_td_features(x, fs, win, step, thr)
    assert np.allclose(f, oracle(x, fs, win, step, thr), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("kwargs", [
    dict(emg=np.zeros((2, 100)), fs=100.0),
    dict(emg=np.ones((1, 100)), fs=100.0),
    dict(emg=np.zeros(100), fs=0.0),
    dict(emg=np.zeros(100), fs=-100.0, window_s=-0.2, step_s=-0.1),
    dict(emg=np.zeros(100), fs=100.0, window_s=0.004),
    dict(emg=np.zeros(100), fs=100.0, step_s=0.004),
    dict(emg=np.zeros(100), fs=100.0, step_s=0.0),
    dict(emg=np.zeros(19), fs=100.0),
    dict(emg=np.zeros(100), fs=100.0, threshold=-0.01),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        emg_td_features(**kwargs)
