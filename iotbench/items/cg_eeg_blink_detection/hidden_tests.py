import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import detect_blinks


def oracle(x, fs, thr=100.0, gap_s=0.2, dur_s=0.5):
    x = np.asarray(x, dtype=float) - np.median(x)
    ev, i = [], 0
    while i < len(x):
        if x[i] > thr:
            j = i
            while j < len(x) and x[j] > thr:
                j += 1
            if ev and i - ev[-1][1] < int(round(gap_s * fs)):
                ev[-1][1] = j
            else:
                ev.append([i, j])
            i = j
        else:
            i += 1
    return [s + int(np.argmax(x[s:e])) for s, e in ev if e - s <= int(round(dur_s * fs))]


def eeg_with_blinks(fs, seconds, centres, amp=250.0, width=0.05, offset=30.0):
    t = np.arange(int(seconds * fs)) / fs
    x = offset + 15 * np.sin(2 * np.pi * 10 * t) + 8 * np.sin(2 * np.pi * 3.3 * t)
    for c in centres:
        x += amp * np.exp(-0.5 * ((t - c) / width) ** 2)
    return x


def test_realistic_blinks():
    fs = 256.0
    centres = [1.0, 2.5, 4.25, 7.0]
    x = eeg_with_blinks(fs, 9, centres)
    got = detect_blinks(x, fs)
    assert got.dtype == np.int64
    assert np.allclose(got, np.array(centres) * fs, atol=3)
    assert got.tolist() == oracle(x, fs)


def test_median_not_mean_is_removed():
    fs = 100.0
    x = np.zeros(1000)
    x[100:110] = 150.0
    x[500:900] = 95.0          # long moderate plateau raises the mean, not the median
    assert detect_blinks(x, fs).tolist() == [100]
    assert detect_blinks(x + 1000.0, fs).tolist() == [100]


def test_threshold_is_strict():
    fs = 100.0
    x = np.zeros(300)
    x[50:55] = 100.0
    x[150:155] = [100.0, 100.5, 101.0, 100.5, 100.0]
    assert detect_blinks(x, fs).tolist() == [152]
    assert detect_blinks(x, fs, threshold_uv=99.0).tolist() == [50, 152]
    assert detect_blinks(x, fs, threshold_uv=101.0).tolist() == []


def test_merging_gap():
    fs = 100.0                 # default gap: 20 samples
    x = np.zeros(400)
    x[100:110] = 200.0
    x[129:134] = 300.0         # gap 19 -> merged: one blink at the larger peak 129
    x[200:205] = 150.0
    x[225:230] = 250.0         # gap 20 -> separate
    assert detect_blinks(x, fs).tolist() == [129, 200, 225]
    assert detect_blinks(x, fs, min_gap_s=0.21).tolist() == [129, 225]
    assert detect_blinks(x, fs, min_gap_s=0.0).tolist() == [100, 129, 200, 225]


def test_duration_limit():
    fs = 100.0                 # default: at most 50 samples
    x = np.zeros(600)
    x[100:150] = 200.0         # exactly 50 samples: kept, earliest maximum
    x[300:351] = 200.0         # 51 samples: rejected
    x[400:405] = 120.0
    x[420:450] = 180.0         # merged 400 ... 450 = 50 samples: kept, peak at 420
    assert detect_blinks(x, fs).tolist() == [100, 420]
    assert detect_blinks(x, fs, max_duration_s=0.6).tolist() == [100, 300, 420]
    assert detect_blinks(x, fs, max_duration_s=0.45).tolist() == []


def test_ties_edges_and_empty():
    fs = 50.0
    x = np.zeros(100)
    x[0:3] = [180.0, 200.0, 200.0]       # event touching the start, tie -> earliest
    x[97:100] = 300.0                    # event touching the end
    assert detect_blinks(x, fs).tolist() == [1, 97]
    none = detect_blinks(np.zeros(50), fs)
    assert none.size == 0 and none.dtype == np.int64
    assert detect_blinks(np.array([500.0]), 1.0).size == 0     # median of one sample is itself
    assert detect_blinks(np.array([0.0, 0.0, 500.0]), 1.0, max_duration_s=1.0).tolist() == [2]


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 600), thr=st.floats(20, 150),
       gap=st.sampled_from([0.0, 0.05, 0.2]), dur=st.sampled_from([0.1, 0.5, 2.0]))
def test_matches_definition(seed, n, thr, gap, dur):
    rng = np.random.default_rng(seed)
    x = np.cumsum(rng.normal(0, 10, size=n))
    for _ in range(rng.integers(0, 5)):
        c = int(rng.integers(0, n))
        x[c:c + int(rng.integers(1, 40))] += rng.uniform(50, 300)
    got = detect_blinks(x, 100.0, threshold_uv=thr, min_gap_s=gap, max_duration_s=dur)
    assert got.tolist() == oracle(x, 100.0, thr, gap, dur)


@pytest.mark.parametrize("kwargs", [
    dict(fp1=np.array([]), fs=100.0),
    dict(fp1=np.zeros((2, 100)), fs=100.0),
    dict(fp1=np.zeros(100), fs=0.0),
    dict(fp1=np.zeros(100), fs=-100.0),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        detect_blinks(**kwargs)
