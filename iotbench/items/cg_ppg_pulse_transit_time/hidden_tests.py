import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import pulse_transit_times


def oracle(r_peaks, x, fs, mn=0.1, mx=0.4):
    x = np.asarray(x, dtype=float)
    n = len(x)
    out = []
    for r in r_peaks:
        lo, hi = r + round(mn * fs), min(r + round(mx * fs), n - 2)
        if lo > hi:
            out.append(math.nan)
            continue
        best = max(range(lo, hi + 1), key=lambda i: (x[i + 1] - x[i], -i))
        out.append((best - r) / fs)
    return out


def beats(fs, n_beats, rr_s, delay_s):
    n = int(n_beats * rr_s * fs) + 10
    x = np.zeros(n)
    peaks = []
    for b in range(n_beats):
        r = int(b * rr_s * fs)
        peaks.append(r)
        foot = r + int(round(delay_s * fs))
        seg = np.arange(n - foot)
        x[foot:] += 1.0 / (1.0 + np.exp(-(seg - 5) / 1.5)) * np.exp(-seg / (0.4 * fs))
    return np.array(peaks), x


def test_synthetic_upstrokes():
    fs = 250.0
    peaks, x = beats(fs, 5, 0.8, 0.2)
    ptt, mean = pulse_transit_times(peaks, x, fs)
    assert ptt.dtype == np.float64 and ptt.shape == (5,)
    # the steepest point of each upstroke is 5 samples after the foot (sigmoid centre)
    assert np.allclose(ptt, oracle(peaks, x, fs))
    assert np.allclose(ptt, 0.2 + 4.5 / fs, atol=1.01 / fs)
    assert mean == pytest.approx(float(np.mean(ptt)))


def test_search_range_is_inclusive():
    fs = 10.0
    x = np.zeros(20)
    x[5] = 1.0                     # d[4] = +1 at exactly lo = 3 + 1 -> (4 - 3) / 10
    ptt, _ = pulse_transit_times([3], x, fs, min_delay_s=0.1, max_delay_s=0.3)
    assert ptt.tolist() == [pytest.approx(0.1)]
    x = np.zeros(20)
    x[7] = 1.0                     # d[6] at hi = 3 + 3
    ptt, _ = pulse_transit_times([3], x, fs, min_delay_s=0.1, max_delay_s=0.3)
    assert ptt.tolist() == [pytest.approx(0.3)]
    x = np.zeros(20)
    x[8] = 1.0                     # d[7] just outside: all d in range are 0 or -1 -> first (lo)
    ptt, _ = pulse_transit_times([3], x, fs, min_delay_s=0.1, max_delay_s=0.3)
    assert ptt.tolist() == [pytest.approx(0.1)]


def test_default_delays():
    fs = 100.0                     # defaults: lo = r + 10, hi = r + 40
    x = np.zeros(80)
    x[11:] += 2.0                  # d[10] = 2 at the first admissible sample
    x[21:] += 1.0                  # d[20] = 1
    x[9:] += 5.0                   # d[8] = 5 is too early
    ptt, _ = pulse_transit_times([0], x, fs)
    assert ptt.tolist() == [pytest.approx(0.1)]
    x = np.zeros(80)
    x[31:] += 1.0                  # d[30] = 1
    x[41:] += 2.0                  # d[40] = 2 at the last admissible sample
    x[43:] += 3.0                  # d[42] = 3 is too late
    ptt, _ = pulse_transit_times([0], x, fs)
    assert ptt.tolist() == [pytest.approx(0.4)]


def test_two_sample_signal():
    ptt, mean = pulse_transit_times([0], [0.0, 1.0], 10.0, min_delay_s=0.0)
    assert ptt.tolist() == [0.0] and mean == 0.0


def test_first_maximum_on_ties_and_forward_difference():
    x = np.array([0, 0, 0, 1, 2, 3, 3, 3, 3, 3], dtype=float)   # d = 0 0 1 1 1 0 ...
    ptt, _ = pulse_transit_times([0], x, 1.0, min_delay_s=0.0, max_delay_s=8.0)
    assert ptt.tolist() == [2.0]
    x = np.array([0, 0, 5, 5, 5, 5], dtype=float)                # d[1] = 5
    ptt, _ = pulse_transit_times([0], x, 1.0, min_delay_s=0.0, max_delay_s=4.0)
    assert ptt.tolist() == [1.0]


def test_nan_beats_near_the_end_and_rounding():
    fs = 20.0
    x = np.sin(np.arange(40) / 3.0)
    # round(0.125 * 20) = round(2.5) = 2, round(0.325 * 20) = round(6.5) = 6
    ptt, mean = pulse_transit_times([0, 10, 36, 37, 38, 39], x, fs, min_delay_s=0.125,
                                    max_delay_s=0.325)
    want = oracle([0, 10, 36, 37, 38, 39], x, fs, 0.125, 0.325)
    # r = 36: lo = 38 = n - 2 -> one candidate; r = 37: lo = 39 > 38 -> NaN
    assert np.isnan(ptt[3]) and np.isnan(ptt[4]) and np.isnan(ptt[5])
    assert not np.isnan(ptt[2]) and ptt[2] == pytest.approx(0.1)
    assert np.allclose(ptt[:3], want[:3])
    assert mean == pytest.approx(np.mean(want[:3]))


def test_all_nan_and_empty():
    ptt, mean = pulse_transit_times([8, 9], np.arange(10.0), 10.0)
    assert np.all(np.isnan(ptt)) and math.isnan(mean)
    ptt, mean = pulse_transit_times([], np.arange(10.0), 10.0)
    assert ptt.shape == (0,) and math.isnan(mean)


def test_peak_at_index_zero_and_last_index():
    x = np.r_[np.zeros(3), np.ones(7)]
    ptt, _ = pulse_transit_times([0, 9], x, 10.0)      # r = 9 is valid but has no range
    assert ptt[0] == pytest.approx(0.2) and np.isnan(ptt[1])


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(30, 300), fs=st.sampled_from([50.0, 100.0, 125.0]),
       mn=st.floats(0.0, 0.2), span=st.floats(0.0, 0.4), k=st.integers(0, 6))
def test_matches_definition(seed, n, fs, mn, span, k):
    rng = np.random.default_rng(seed)
    x = np.round(rng.normal(size=n), 1)            # rounding makes ties in the differences
    peaks = np.sort(rng.choice(n, size=min(k, n), replace=False))
    ptt, mean = pulse_transit_times(peaks, x, fs, min_delay_s=mn, max_delay_s=mn + span)
    want = oracle(peaks.tolist(), x, fs, mn, mn + span)
    assert np.allclose(ptt, want, equal_nan=True)
    fin = [w for w in want if not math.isnan(w)]
    if fin:
        assert mean == pytest.approx(np.mean(fin))
    else:
        assert math.isnan(mean)


@pytest.mark.parametrize("kwargs", [
    dict(r_peaks=[1], ppg=np.zeros((2, 10)), fs=10.0),
    dict(r_peaks=[0], ppg=[1.0], fs=10.0),
    dict(r_peaks=[1], ppg=np.zeros(10), fs=0.0),
    dict(r_peaks=[1], ppg=np.zeros(10), fs=10.0, min_delay_s=-0.1),
    dict(r_peaks=[1], ppg=np.zeros(10), fs=10.0, min_delay_s=0.3, max_delay_s=0.2),
    dict(r_peaks=[[1, 2]], ppg=np.zeros(10), fs=10.0),
    dict(r_peaks=[3, 3], ppg=np.zeros(10), fs=10.0),
    dict(r_peaks=[5, 2], ppg=np.zeros(10), fs=10.0),
    dict(r_peaks=[-1, 2], ppg=np.zeros(10), fs=10.0),
    dict(r_peaks=[2, 10], ppg=np.zeros(10), fs=10.0),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        pulse_transit_times(**kwargs)
