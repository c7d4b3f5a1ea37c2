import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import detect_activations


def oracle(env, fs, baseline_s=0.5, k=3.0, min_on_s=0.05, min_off_s=0.05):
    b = int(round(baseline_s * fs))
    thr = env[:b].mean() + k * env[:b].std()
    act = env > thr
    runs, i = [], 0
    while i < len(env):
        if act[i]:
            j = i
            while j < len(env) and act[j]:
                j += 1
            runs.append([i, j])
            i = j
        else:
            i += 1
    gap = int(round(min_off_s * fs))
    merged = []
    for r in runs:
        if merged and r[0] - merged[-1][1] < gap:
            merged[-1][1] = r[1]
        else:
            merged.append(list(r))
    L = int(round(min_on_s * fs))
    return [r for r in merged if r[1] - r[0] >= L]


def test_realistic_bursts():
    fs = 1000.0
    t = np.arange(5000) / fs
    env = 0.05 + 0.005 * np.sin(2 * np.pi * 3 * t)     # smooth resting fluctuation
    env[1000:1600] += 0.5
    env[2500:3300] += 0.3
    env[4000:4020] += 0.4          # 20 ms twitch: too short
    bursts = detect_activations(env, fs)
    assert bursts.dtype == np.int64 and bursts.shape == (2, 2)
    assert bursts.tolist() == [[1000, 1600], [2500, 3300]]


def test_threshold_definition():
    fs = 8.0                                           # default baseline: b = 4 samples
    base = np.array([1.0, 3.0, 1.0, 3.0])              # mean 2, std 1 exactly -> T = 5
    env = np.r_[base, np.full(3, 4.5), np.full(3, 5.0), np.full(3, 5.2), np.zeros(3)]
    got = detect_activations(env, fs, min_on_s=0.0, min_off_s=0.0)
    assert got.tolist() == [[10, 13]]                  # equal to the threshold is not active
    got = detect_activations(env, fs, k=2.0, min_on_s=0.0, min_off_s=0.0)    # T = 4
    assert got.tolist() == [[4, 13]]
    got = detect_activations(env, fs, k=2.6, min_on_s=0.0, min_off_s=0.0)    # T = 4.6
    assert got.tolist() == [[7, 13]]
    # a longer baseline (b = 8) includes the 4.5 plateau and raises the threshold
    got = detect_activations(env, fs, baseline_s=1.0, min_on_s=0.0, min_off_s=0.0)
    assert got.tolist() == oracle(env, fs, 1.0, 3.0, 0.0, 0.0)
    assert got.tolist() == []


def test_merging_and_minimum_duration_order():
    fs = 100.0                    # default gap 5 samples, default min burst 5 samples
    env = np.zeros(200)
    env[:50] = np.tile([0.0, 0.2], 25)
    env[60:63] = 5.0              # 3 samples
    env[67:70] = 5.0              # gap 4 < 5: merged with the previous -> 60..70 (10 samples)
    env[100:104] = 5.0            # 4 samples, gap 5 to the next: not merged, too short
    env[109:112] = 5.0            # 3 samples: too short
    env[150:155] = 5.0            # exactly 5 samples: kept
    got = detect_activations(env, fs)
    assert got.tolist() == [[60, 70], [150, 155]]
    assert detect_activations(env, fs, min_off_s=0.06).tolist() == [[60, 70], [100, 112],
                                                                    [150, 155]]
    assert detect_activations(env, fs, min_on_s=0.06).tolist() == [[60, 70]]
    assert detect_activations(env, fs, min_on_s=0.03, min_off_s=0.0).tolist() == \
        [[60, 63], [67, 70], [100, 104], [109, 112], [150, 155]]


def test_bursts_at_the_end_and_no_bursts():
    fs = 100.0
    env = np.r_[np.tile([0.0, 0.1], 25), np.zeros(30), np.full(20, 3.0)]
    assert detect_activations(env, fs).tolist() == [[80, 100]]
    quiet = np.tile([0.0, 0.1], 50)
    got = detect_activations(quiet, fs)
    assert got.shape == (0, 2) and got.dtype == np.int64


def test_baseline_length_limits():
    env = np.r_[0.0, 0.2, 5.0, 5.0, 5.0]
    got = detect_activations(env, 10.0, baseline_s=0.2, min_on_s=0.0, min_off_s=0.0)   # b = 2
    assert got.tolist() == [[2, 5]]
    got = detect_activations(env, 1.0, baseline_s=5.0)                                  # b = n
    assert got.shape == (0, 2)
    with pytest.raises(ValueError):
        detect_activations(env, 10.0, baseline_s=0.1)     # b = 1
    with pytest.raises(ValueError):
        detect_activations(env, 10.0, baseline_s=0.6)     # b = 6 > n


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(60, 400), k=st.floats(0.5, 4),
       on=st.sampled_from([0.0, 0.02, 0.05, 0.1]), off=st.sampled_from([0.0, 0.03, 0.05, 0.2]))
def test_matches_definition(seed, n, k, on, off):
    fs = 100.0
    rng = np.random.default_rng(seed)
    env = np.abs(rng.normal(size=n)) * 0.1
    for _ in range(rng.integers(0, 6)):
        s = int(rng.integers(50, n))
        env[s:s + int(rng.integers(1, 30))] += rng.uniform(0.1, 1.0)
    got = detect_activations(env, fs, k=k, min_on_s=on, min_off_s=off)
    assert got.tolist() == oracle(env, fs, 0.5, k, on, off)


@pytest.mark.parametrize("kwargs", [
    dict(envelope=np.zeros((2, 100)), fs=100.0),
    dict(envelope=np.zeros(100), fs=0.0),
    dict(envelope=np.zeros(100), fs=-100.0),
    dict(envelope=np.zeros(100), fs=-100.0, baseline_s=-0.5),
    dict(envelope=np.zeros(100), fs=-0.5, baseline_s=-8.0),
    dict(envelope=np.zeros(10), fs=100.0),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        detect_activations(**kwargs)
