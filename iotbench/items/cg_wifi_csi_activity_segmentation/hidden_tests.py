import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import segment_activity


def naive_mv(x, window):
    x = np.asarray(x, float)
    if x.ndim == 1:
        x = x[:, None]
    h = window // 2
    T = len(x)
    return np.array([np.mean(np.var(x[max(0, t - h):min(T, t + h + 1)], axis=0)) for t in range(T)])


def naive_segments(mv, thr, min_length, max_gap):
    runs, t = [], 0
    while t < len(mv):
        if mv[t] > thr:
            s = t
            while t < len(mv) and mv[t] > thr:
                t += 1
            runs.append([s, t])
        else:
            t += 1
    merged = []
    for s, e in runs:
        if merged and s - merged[-1][1] <= max_gap:
            merged[-1][1] = e
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged if e - s >= min_length]


def bursts(seed=0, S=6):
    rng = np.random.default_rng(seed)
    x = 20 + 0.05 * rng.normal(size=(1000, S))
    x[200:350] += 2.0 * rng.normal(size=(150, S))
    x[600:800] += 2.0 * rng.normal(size=(200, S))
    return x


def test_two_bursts_default_parameters():
    x = bursts()
    segments, mv = segment_activity(x, threshold=0.5)
    assert mv.shape == (1000,) and mv.dtype == np.float64
    np.testing.assert_allclose(mv, naive_mv(x, 51), rtol=1e-7, atol=1e-9)
    assert len(segments) == 2
    (s1, e1), (s2, e2) = segments
    assert abs(s1 - 200) <= 25 and abs(e1 - 350) <= 25
    assert abs(s2 - 600) <= 25 and abs(e2 - 800) <= 25
    assert segments == naive_segments(naive_mv(x, 51), 0.5, 50, 25)
    assert all(isinstance(v, int) for seg in segments for v in seg)


def test_known_moving_variance_small_window():
    x = np.array([0.0, 0.0, 3.0, 0.0, 0.0, 0.0])
    _, mv = segment_activity(x, threshold=0.0, window=3, min_length=1, max_gap=0)
    # windows: [0,0] [0,0,3] [0,3,0] [3,0,0] [0,0,0] [0,0]
    np.testing.assert_allclose(mv, [0.0, 2.0, 2.0, 2.0, 0.0, 0.0], atol=1e-12)


def test_threshold_is_strict_and_runs_end_exclusive():
    x = np.array([0.0, 0.0, 3.0, 0.0, 0.0, 0.0])
    seg, _ = segment_activity(x, threshold=0.0, window=3, min_length=1, max_gap=0)
    assert seg == [(1, 4)]
    seg, _ = segment_activity(x, threshold=2.0, window=3, min_length=1, max_gap=0)
    assert seg == []


def test_merging_and_min_length():
    # pulses produce active runs [1,4) and [7,10) with a gap of 3 samples
    x = np.zeros(14)
    x[2] = 3.0
    x[8] = 3.0
    seg, _ = segment_activity(x, 0.5, window=3, min_length=1, max_gap=2)
    assert seg == [(1, 4), (7, 10)]
    seg, _ = segment_activity(x, 0.5, window=3, min_length=1, max_gap=3)
    assert seg == [(1, 10)]
    seg, _ = segment_activity(x, 0.5, window=3, min_length=4, max_gap=2)
    assert seg == []
    seg, _ = segment_activity(x, 0.5, window=3, min_length=3, max_gap=2)
    assert seg == [(1, 4), (7, 10)]
    seg, _ = segment_activity(x, 0.5, window=3, min_length=9, max_gap=3)
    assert seg == [(1, 10)]
    seg, _ = segment_activity(x, 0.5, window=3, min_length=10, max_gap=3)
    assert seg == []


def alternating_blocks(blocks, T=120):
    x = np.zeros(T)
    for a, b in blocks:
        x[a:b] = (-1.0) ** np.arange(b - a)
    return x


def test_default_min_length_and_max_gap():
    # with window 3 an alternating block [a, b) gives the active run [a-1, b+1)
    x = alternating_blocks([(10, 58)])                    # run [9, 59): length exactly 50
    seg, _ = segment_activity(x, 0.1, window=3)
    assert seg == [(9, 59)]
    x = alternating_blocks([(10, 57)])                    # length 49 -> dropped
    seg, _ = segment_activity(x, 0.1, window=3)
    assert seg == []
    x = alternating_blocks([(10, 38), (65, 93)])          # runs [9,39) and [64,94): gap 25
    seg, _ = segment_activity(x, 0.1, window=3)
    assert seg == [(9, 94)]
    x = alternating_blocks([(10, 38), (66, 94)])          # gap 26 -> not merged, both too short
    seg, _ = segment_activity(x, 0.1, window=3)
    assert seg == []


def test_activity_touching_both_ends():
    x = np.array([5.0, -5.0, 5.0, -5.0, 5.0])
    seg, mv = segment_activity(x, 1.0, window=3, min_length=1)
    assert seg == [(0, 5)]
    np.testing.assert_allclose(mv, [25.0, 200 / 9, 200 / 9, 200 / 9, 25.0], rtol=1e-9)
    x = np.array([4.0, 0.0, 0.0, 0.0, 0.0, 0.0])
    seg, _ = segment_activity(x, 1.0, window=3, min_length=1)
    assert seg == [(0, 2)]


def test_large_offset_precision():
    rng = np.random.default_rng(7)
    x = 1e6 + 0.01 * rng.normal(size=300)
    _, mv = segment_activity(x, 1.0, window=11)
    np.testing.assert_allclose(mv, naive_mv(x, 11), rtol=1e-4, atol=1e-8)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), T=st.integers(1, 120), S=st.integers(1, 3),
       half=st.integers(1, 6), thr=st.floats(0, 2), min_length=st.integers(1, 12),
       max_gap=st.integers(0, 10))
def test_property_matches_naive(seed, T, S, half, thr, min_length, max_gap):
    rng = np.random.default_rng(seed)
    level = np.repeat(rng.uniform(0, 2, size=T // 10 + 1), 10)[:T]
    x = rng.normal(size=(T, S)) * level[:, None]
    window = 2 * half + 1
    seg, mv = segment_activity(x, thr, window=window, min_length=min_length, max_gap=max_gap)
    exp_mv = naive_mv(x, window)
    np.testing.assert_allclose(mv, exp_mv, rtol=1e-7, atol=1e-9)
    # decide activity from the naive moving variance, skipping values too close to the threshold
    if np.all(np.abs(exp_mv - thr) > 1e-6):
        assert seg == naive_segments(exp_mv, thr, min_length, max_gap)


@pytest.mark.parametrize("args,kwargs", [
    ((np.array([]), 1.0), {}),
    ((np.ones((3, 3, 3)), 1.0), {}),
    ((np.ones(100), 1.0), {"window": 4}),
    ((np.ones(100), 1.0), {"window": 1}),
    ((np.ones(100), -1.0), {}),
    ((np.ones(100), 1.0), {"min_length": 0}),
    ((np.ones(100), 1.0), {"max_gap": -1}),
])
def test_invalid_input_raises(args, kwargs):
    with pytest.raises(ValueError):
        segment_activity(*args, **kwargs)
