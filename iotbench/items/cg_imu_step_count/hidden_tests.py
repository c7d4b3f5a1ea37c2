import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import count_steps


def oracle(acc, fs, threshold=1.0, min_interval_s=0.3, smooth_s=0.1):
    m = np.linalg.norm(acc, axis=1)
    d = m - m.mean()
    w = int(round(smooth_s * fs))
    w += (w % 2 == 0)
    s = np.array([sum(d[k] for k in range(i - w // 2, i + w // 2 + 1) if 0 <= k < len(d)) / w
                  for i in range(len(d))])
    g = int(round(min_interval_s * fs))
    out = []
    for i in range(1, len(s) - 1):
        if s[i] > threshold and s[i] > s[i - 1] and s[i] >= s[i + 1]:
            if not out or i - out[-1] >= g:
                out.append(i)
    return out


def walking(fs, seconds, rate_hz, amp, axis=2, quiet_s=1.0):
    t = np.arange(int(round(seconds * fs))) / fs
    env = ((t > quiet_s) & (t < seconds - quiet_s)).astype(float)
    acc = np.zeros((t.size, 3))
    acc[:, 2] = 9.81
    # a phase offset keeps the sine peaks away from exact mid-sample ties
    acc[:, axis] += amp * env * np.sin(2 * np.pi * rate_hz * t + 0.37)
    return acc


def test_counts_walking_bouts():
    fs = 50.0
    acc = walking(fs, 12, 2.0, 3.0)          # 10 s of walking at 2 steps/s
    count, steps = count_steps(acc, fs)
    assert isinstance(count, int) and count == 20
    assert steps.dtype == np.int64 and steps.tolist() == oracle(acc, fs)
    assert np.all(np.diff(steps) >= 15)


def test_horizontal_motion_counts_through_magnitude():
    fs = 100.0
    acc = walking(fs, 8, 1.5, 4.0, axis=0)
    acc[:, 2] = 0.0                           # device lying so that gravity is on x
    acc[:, 0] += 9.81
    count, steps = count_steps(acc, fs)
    assert count == 9
    assert steps.tolist() == oracle(acc, fs)


def test_threshold_and_custom_threshold():
    fs = 50.0
    acc = walking(fs, 12, 2.0, 0.8)
    assert count_steps(acc, fs)[0] == 0
    assert count_steps(acc, fs, threshold=0.5)[0] == 20


def test_refractory_interval_merges_double_bumps():
    fs = 100.0
    t = np.arange(0, 6, 1 / fs)
    dyn = np.zeros_like(t)
    for k in range(1, 6):                     # each step: two bumps 0.2 s apart
        dyn += 3.0 * np.exp(-0.5 * ((t - k) / 0.03) ** 2)
        dyn += 2.5 * np.exp(-0.5 * ((t - k - 0.2) / 0.03) ** 2)
    acc = np.c_[np.zeros_like(t), np.zeros_like(t), 9.81 + dyn]
    assert count_steps(acc, fs)[0] == 5
    assert count_steps(acc, fs, min_interval_s=0.15)[0] == 10
    assert count_steps(acc, fs, min_interval_s=0.25, smooth_s=0.05)[0] == 5


def test_exact_peak_rules_without_smoothing():
    fs = 10.0   # smooth_s = 0 -> w = 0 -> 1 (no smoothing)
    z = np.array([0, 0, 6, 6, 0, 0, 5, 0, 0, 0, 7, 0, 9, 0, 0, 0, 0, 0, 0, 0], dtype=float)
    acc = np.c_[np.zeros(20), np.zeros(20), z]
    # mean of z = 1.65 -> threshold on d = z - 1.65; plateau counted once at its first sample
    count, steps = count_steps(acc, fs, threshold=3.0, min_interval_s=0.0, smooth_s=0.0)
    assert steps.tolist() == [2, 6, 10, 12]
    # gap g = 4 samples: 6 is 4 after 2 (kept), 10 is 4 after 6 (kept), 12 is too close
    assert count_steps(acc, fs, threshold=3.0, min_interval_s=0.4, smooth_s=0.0)[1].tolist() \
        == [2, 6, 10]
    # g = 5: 6 is too close to 2, 10 is 8 after 2
    assert count_steps(acc, fs, threshold=3.0, min_interval_s=0.5, smooth_s=0.0)[1].tolist() \
        == [2, 10]
    # strict threshold: d[6] = 5 - 1.65 = 3.35
    assert 6 not in count_steps(acc, fs, threshold=3.35, min_interval_s=0.0, smooth_s=0.0)[1]
    assert 6 in count_steps(acc, fs, threshold=3.34, min_interval_s=0.0, smooth_s=0.0)[1]


def test_first_and_last_samples_are_never_peaks():
    fs = 10.0
    z = np.array([9, 0, 0, 0, 0, 0, 0, 0, 0, 5], dtype=float)
    acc = np.c_[np.zeros(10), np.zeros(10), z]
    count, steps = count_steps(acc, fs, smooth_s=0.0)
    assert count == 0 and steps.size == 0 and steps.dtype == np.int64
    z = np.array([0, 9, 0, 0, 0, 0, 0, 0, 9, 0], dtype=float)
    acc = np.c_[np.zeros(10), np.zeros(10), z]
    assert count_steps(acc, fs, smooth_s=0.0)[1].tolist() == [1, 8]
    z = np.array([0, 0, 0, 0, 0, 0, 0, 0, 9, 9], dtype=float)   # rising to the very end
    acc = np.c_[np.zeros(10), np.zeros(10), z]
    assert count_steps(acc, fs, threshold=0.0, smooth_s=0.3)[0] == 0   # w = 3


def test_minimal_length_and_slow_sampling():
    acc = np.c_[np.zeros(3), np.zeros(3), [0.0, 9.0, 0.0]]
    count, steps = count_steps(acc, 10.0)     # w = 1, d = [-3, 6, -3]
    assert count == 1 and steps.tolist() == [1]
    z = np.tile([0.0, 0.0, 4.0, 0.0], 5)
    acc = np.c_[np.zeros(20), np.zeros(20), z]
    count, steps = count_steps(acc, 1.0, min_interval_s=3.0)   # fs = 1 Hz, w = 1, g = 3
    assert steps.tolist() == [2, 6, 10, 14, 18]


def test_window_longer_than_signal():
    acc = np.c_[np.zeros(5), np.zeros(5), [0.0, 9.0, 0.0, 4.0, 0.0]]
    count, steps = count_steps(acc, 100.0, threshold=0.0)     # w = 11 > 5 samples
    assert steps.tolist() == oracle(acc, 100.0, threshold=0.0)
    count, steps = count_steps(acc, 40.0, threshold=-1.0)     # w = 5 = n
    assert steps.tolist() == oracle(acc, 40.0, threshold=-1.0)


def test_smoothing_window_rounding():
    fs = 40.0
    rng = np.random.default_rng(2)
    acc = walking(fs, 10, 1.8, 2.5) + 0.6 * rng.normal(size=(400, 3))
    for smooth_s in (0.1, 0.2, 0.15, 0.05):   # w = 4 -> 5, 8 -> 9, 6 -> 7, 2 -> 3
        got = count_steps(acc, fs, smooth_s=smooth_s)[1].tolist()
        assert got == oracle(acc, fs, smooth_s=smooth_s)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), rate=st.floats(0.8, 3.0), amp=st.floats(0.5, 6.0),
       noise=st.floats(0.0, 1.0))
def test_matches_definition(seed, rate, amp, noise):
    fs = 50.0
    rng = np.random.default_rng(seed)
    acc = walking(fs, 8, rate, amp) + noise * rng.normal(size=(400, 3))
    count, steps = count_steps(acc, fs)
    want = oracle(acc, fs)
    assert count == len(want) and steps.tolist() == want


@pytest.mark.parametrize("kwargs", [
    dict(acc=np.zeros((100, 2)), fs=50.0),
    dict(acc=np.zeros(300), fs=50.0),
    dict(acc=np.zeros((2, 3)), fs=50.0),
    dict(acc=np.zeros((100, 3)), fs=0.0),
    dict(acc=np.zeros((100, 3)), fs=-5.0),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        count_steps(**kwargs)
