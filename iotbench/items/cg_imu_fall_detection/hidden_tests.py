import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import detect_falls


def as_acc(m):
    """Put a magnitude series on the z axis."""
    m = np.asarray(m, dtype=float)
    return np.c_[np.zeros_like(m), np.zeros_like(m), m]


def oracle(m, fs, impact_g=2.5, wait_s=1.0, still_s=2.0, still_std_g=0.05):
    wait, still = int(round(wait_s * fs)), int(round(still_s * fs))
    out, i = [], 0
    while i < len(m):
        if m[i] >= impact_g and (i == 0 or m[i - 1] < impact_g):
            e = i + wait + still
            if e <= len(m) and np.std(m[i + wait:e]) < still_std_g:
                out.append(i)
                i = e
                continue
        i += 1
    return out


def realistic(fs, seed=0, fall=True):
    rng = np.random.default_rng(seed)
    t = np.arange(int(10 * fs)) / fs
    m = 1 + 0.3 * np.sin(2 * np.pi * 2 * t) + 0.05 * rng.normal(size=t.size)   # walking
    i = int(5 * fs)
    m[i] = 3.4                                                                  # impact
    m[i + 1:i + 25] = rng.uniform(0.5, 2.0, size=24)                            # tumbling
    if fall:
        m[i + 25:] = 1 + 0.01 * rng.normal(size=t.size - i - 25)                # lying still
    return m, i


def test_realistic_fall_and_non_fall():
    fs = 50.0
    m, i = realistic(fs)
    # spread the magnitude over three axes
    acc = np.c_[m * 0.6, m * 0.0, m * 0.8]
    out = detect_falls(acc, fs)
    assert isinstance(out, np.ndarray) and out.dtype == np.int64
    assert out.tolist() == [i]
    m2, _ = realistic(fs, fall=False)
    out = detect_falls(as_acc(m2), fs)
    assert out.size == 0 and out.dtype == np.int64


def test_impact_threshold_inclusive():
    fs = 10.0
    m = np.ones(60)
    m[10] = 2.5
    assert detect_falls(as_acc(m), fs).tolist() == [10]
    m[10] = 2.49
    assert detect_falls(as_acc(m), fs).tolist() == []
    m[10] = 2.7
    assert detect_falls(as_acc(m), fs, impact_g=2.8).tolist() == []
    assert detect_falls(as_acc(m), fs, impact_g=2.6).tolist() == [10]


def test_only_impact_starts_are_examined():
    fs = 10.0
    m = np.ones(60)
    m[10:13] = 3.0            # one impact lasting 3 samples
    m[20] = 1.5               # movement in the window of sample 10 (20 ... 39) only
    assert detect_falls(as_acc(m), fs).tolist() == []
    m[20] = 1.0
    m[40] = 1.5               # outside the window of 10, inside those of 11 and 12
    assert detect_falls(as_acc(m), fs).tolist() == [10]


def test_settling_window_boundaries():
    fs = 10.0                 # wait = 10, still = 20: window of impact 5 is 15 ... 34
    base = np.ones(50)
    base[5] = 3.0
    for pos, want in [(14, [5]), (15, []), (34, []), (35, [5])]:
        m = base.copy()
        m[pos] = 1.4
        assert detect_falls(as_acc(m), fs).tolist() == want, pos
    m = base.copy()
    m[15] = 1.4
    assert detect_falls(as_acc(m), fs, wait_s=1.1).tolist() == [5]       # window 16 ... 35
    m = base.copy()
    m[34] = 1.4
    assert detect_falls(as_acc(m), fs, still_s=1.9).tolist() == [5]      # window 15 ... 33


def test_window_must_fit_in_signal():
    fs = 10.0
    m = np.ones(35)
    m[5] = 3.0
    assert detect_falls(as_acc(m), fs).tolist() == [5]       # 5 + 10 + 20 = 35 = n
    assert detect_falls(as_acc(m[:34]), fs).tolist() == []


def test_stillness_threshold():
    fs = 10.0
    m = np.ones(40)
    m[2] = 3.0
    win = np.arange(12, 32)
    for delta, want in [(0.049, [2]), (0.052, []), (0.03, [2])]:
        mm = m.copy()
        mm[win] = 1 + delta * np.where(win % 2 == 0, 1, -1)   # std exactly delta
        assert detect_falls(as_acc(mm), fs).tolist() == want, delta
    mm = m.copy()
    mm[win] = 1 + 0.08 * np.where(win % 2 == 0, 1, -1)
    assert detect_falls(as_acc(mm), fs, still_std_g=0.09).tolist() == [2]
    assert detect_falls(as_acc(mm), fs, still_std_g=0.07).tolist() == []


def test_scan_resumes_at_window_end():
    fs = 10.0
    m = np.ones(80)
    m[0] = 3.0                # impact at the very first sample: window 10 ... 29
    m[30] = 3.0               # next impact exactly at the resume point: window 40 ... 59
    assert detect_falls(as_acc(m), fs).tolist() == [0, 30]
    m[29] = 1.0
    m[31] = 3.0
    assert detect_falls(as_acc(m), fs).tolist() == [0, 30]
    m2 = np.ones(80)
    m2[5] = 3.0
    m2[20] = 3.0              # inside the first window: the first impact is not a fall
    assert detect_falls(as_acc(m2), fs).tolist() == [20]


def test_zero_wait_and_short_windows():
    fs = 1.0
    m = np.array([1, 3, 1, 1, 1, 3, 1, 2, 1], dtype=float)
    # wait 0, still 2: impact 1 -> window [3, 1]: std 1 -> no; impact 5 -> [3, 1] no
    assert detect_falls(as_acc(m), fs, wait_s=0.0, still_s=2.0).tolist() == []
    # wait 1, still 2: impact 1 -> window m[2:4] = [1, 1] -> fall; resume at 4;
    # impact 5 -> window m[6:8] = [1, 2] -> no
    assert detect_falls(as_acc(m), fs, wait_s=1.0, still_s=2.0).tolist() == [1]


def test_threshold_equalities():
    fs = 10.0
    m = np.ones(60)
    m[5] = 3.0
    # a perfectly still window has std 0, which is not strictly below a threshold of 0
    assert detect_falls(as_acc(m), fs, still_std_g=0.0).tolist() == []
    assert detect_falls(as_acc(m), fs, still_std_g=1e-9).tolist() == [5]
    # a sample exactly at the threshold before the peak makes the impact start one sample earlier
    m = np.ones(60)
    m[9], m[10] = 2.5, 3.0
    m[19] = 1.5               # only in the window of sample 9 (19 ... 38)
    assert detect_falls(as_acc(m), fs).tolist() == []


def test_first_and_last_samples():
    fs = 10.0
    m = np.ones(40)
    m[0], m[-1] = 3.0, 3.0    # impact at sample 0 although the last sample is also high
    assert detect_falls(as_acc(m), fs).tolist() == [0]
    m = np.ones(40)
    m[-1] = 3.0               # an impact at the very end: its window does not fit
    assert detect_falls(as_acc(m), fs).tolist() == []


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(10, 300), p=st.floats(0.0, 0.1),
       noise=st.sampled_from([0.0, 0.01, 0.04, 0.2]))
def test_matches_definition(seed, n, p, noise):
    rng = np.random.default_rng(seed)
    m = 1 + noise * rng.normal(size=n)
    hits = rng.random(n) < p
    m[hits] = rng.uniform(2.0, 4.0, size=hits.sum())
    got = detect_falls(as_acc(np.abs(m)), 10.0)
    assert got.tolist() == oracle(np.abs(m), 10.0)


@pytest.mark.parametrize("kwargs", [
    dict(acc=np.ones((50, 2)), fs=10.0),
    dict(acc=np.ones(50), fs=10.0),
    dict(acc=np.ones((50, 3)), fs=0.0),
    dict(acc=np.ones((50, 3)), fs=-10.0),
    dict(acc=np.ones((50, 3)), fs=-10.0, wait_s=-1.0, still_s=-2.0),
    dict(acc=np.ones((50, 3)), fs=-0.5, wait_s=-2.0, still_s=-4.0),
    dict(acc=np.ones((50, 3)), fs=10.0, wait_s=-0.1),
    dict(acc=np.ones((50, 3)), fs=10.0, still_s=0.1),
    dict(acc=np.ones((50, 3)), fs=10.0, still_s=0.0),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        detect_falls(**kwargs)
