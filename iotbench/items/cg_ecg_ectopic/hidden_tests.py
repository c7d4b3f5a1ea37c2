import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import flag_ectopic_beats


def peaks_from(rr_samples):
    return np.concatenate([[0], np.cumsum(rr_samples)]).astype(np.int64)


def oracle(peaks, fs, prematurity=0.8, compensation=1.1, history=5):
    rr = np.diff(np.asarray(peaks, dtype=float)) / fs
    flags = [False] * len(peaks)
    normal, k = [], 0
    while k < len(rr) - 1:
        ref = np.median(normal[-history:]) if normal else np.median(rr)
        if rr[k] < prematurity * ref and rr[k + 1] > compensation * ref:
            flags[k + 1] = True
            k += 2
        else:
            normal.append(rr[k])
            k += 1
    return flags


def test_premature_needs_a_pause():
    fs = 1000.0
    out = flag_ectopic_beats(peaks_from([1000, 1000, 1000, 700, 1000, 1000]), fs)
    assert isinstance(out, np.ndarray) and out.dtype == np.bool_ and out.shape == (7,)
    assert not out.any()
    out = flag_ectopic_beats(peaks_from([1000, 1000, 1000, 1000, 1300, 1000]), fs)
    assert not out.any()
    out = flag_ectopic_beats(peaks_from([1000, 1000, 650, 1350, 1000, 640, 1360, 1000]), fs)
    assert out.tolist() == [False, False, False, True, False, False, True, False, False]


def test_thresholds_are_strict():
    fs = 500.0   # normal RR = 1000 samples = 2.0 s -> limits 1.6 s and 2.2 s exactly
    base = [1000] * 5
    assert not flag_ectopic_beats(peaks_from(base + [800, 1300, 1000]), fs).any()
    assert flag_ectopic_beats(peaks_from(base + [799, 1300, 1000]), fs)[6]
    assert not flag_ectopic_beats(peaks_from(base + [700, 1100, 1000]), fs).any()
    assert flag_ectopic_beats(peaks_from(base + [700, 1101, 1000]), fs)[6]


def test_custom_factors():
    fs = 500.0
    p = peaks_from([1000] * 5 + [900, 1050, 1000])   # 1.8 s then 2.1 s
    assert not flag_ectopic_beats(p, fs).any()
    assert flag_ectopic_beats(p, fs, prematurity=0.95, compensation=1.04)[6]
    assert not flag_ectopic_beats(p, fs, prematurity=0.9, compensation=1.04).any()
    assert not flag_ectopic_beats(p, fs, prematurity=0.95, compensation=1.05).any()


def test_first_and_last_intervals():
    fs = 1000.0
    # first interval premature: reference is the median of all intervals (1000)
    out = flag_ectopic_beats(peaks_from([700, 1300, 1000, 1000, 1000, 1000]), fs)
    assert out.tolist() == [False, True, False, False, False, False, False]
    # the last interval has no follower: never flagged
    out = flag_ectopic_beats(peaks_from([1000, 1000, 1000, 1000, 600]), fs)
    assert not out.any()
    # minimal input: 3 peaks
    assert flag_ectopic_beats([0, 700, 2000], fs).tolist() == [False, True, False]
    assert flag_ectopic_beats([0, 900, 2000], fs).tolist() == [False, False, False]


def test_compensatory_interval_is_not_classified_or_used():
    fs = 1000.0
    # after the PVC (600, 1500) the next interval 500 would look premature against 1000, and
    # the following 1200 would be a pause; it is the interval right after the compensatory one
    rr = [1000, 1000, 1000, 600, 1500, 500, 1200, 1000]
    assert flag_ectopic_beats(peaks_from(rr), fs).tolist() == oracle(peaks_from(rr), fs)
    assert flag_ectopic_beats(peaks_from(rr), fs).tolist() == [False] * 4 + [True, False, True,
                                                                            False, False]
    # a premature interval directly after the pause: 1500 is skipped, not classified
    rr = [1000, 1000, 700, 1500, 1600, 1000, 1000]
    assert flag_ectopic_beats(peaks_from(rr), fs).tolist() == [False] * 3 + [True] + [False] * 4


def test_reference_adapts_with_history():
    fs = 1000.0
    # rate speeds up from 1000 to 600 ms; the reference follows the last 5 normal intervals
    rr = [1000] * 6 + [600] * 5 + [450, 800, 600, 600]
    p = peaks_from(rr)
    assert flag_ectopic_beats(p, fs)[12]
    assert not flag_ectopic_beats(p, fs, history=12)[12]
    # with history 1 only the previous normal interval counts
    rr = [1000, 1000, 1000, 1000, 1000, 700, 760, 1000, 1000]
    assert flag_ectopic_beats(peaks_from(rr), fs, history=1).tolist() == \
        oracle(peaks_from(rr), fs, history=1)


def test_history_window_is_exact():
    fs = 1000.0
    # normal intervals before the candidate: 700, 1000, 700, 1000, 1000, 700, 700
    # last 5 -> median 700: 640 is not premature; last 4 or last 6 -> median 850: it is
    rr = [700, 1000, 700, 1000, 1000, 700, 700, 640, 1150, 1000]
    p = peaks_from(rr)
    assert not flag_ectopic_beats(p, fs).any()
    assert not flag_ectopic_beats(p, fs, history=5).any()
    for h in (4, 6):
        assert np.flatnonzero(flag_ectopic_beats(p, fs, history=h)).tolist() == [8]
    # the sampling rate only scales all intervals alike
    assert not flag_ectopic_beats(p, 1.0).any()
    assert np.flatnonzero(flag_ectopic_beats(p, 0.5, history=4)).tolist() == [8]


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 100_000), n=st.integers(3, 60), h=st.sampled_from([None, 1, 3, 8]))
def test_matches_algorithm_on_random_rhythms(seed, n, h):
    rng = np.random.default_rng(seed)
    rr = rng.integers(800, 1100, size=n)
    for i in range(1, n - 1):
        if rng.random() < 0.2:          # insert PVC-like pairs
            rr[i], rr[i + 1] = rng.integers(450, 800), rng.integers(1050, 1600)
    p = peaks_from(rr)
    if h is None:
        got, want = flag_ectopic_beats(p, 1000.0), oracle(p, 1000.0)
    else:
        got, want = flag_ectopic_beats(p, 1000.0, history=h), oracle(p, 1000.0, history=h)
    assert got.tolist() == want


@pytest.mark.parametrize("kwargs", [
    dict(r_peaks=[0, 1000], fs=1000.0),
    dict(r_peaks=[], fs=1000.0),
    dict(r_peaks=[0, 1000, 1000, 2000], fs=1000.0),
    dict(r_peaks=[0, 1000, 900, 2000], fs=1000.0),
    dict(r_peaks=[0, 1000, 2000], fs=0.0),
    dict(r_peaks=[0, 1000, 2000], fs=-1.0),
    dict(r_peaks=[0, 1000, 2000], fs=1000.0, history=0),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        flag_ectopic_beats(**kwargs)
