import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import ppg_quality


def pulses(fs, seconds, rate_hz=1.25, width=0.08):
    t = np.arange(int(round(seconds * fs))) / fs
    phase = (t * rate_hz) % 1.0
    return np.exp(-((phase - 0.3) / width) ** 2)


def tone(fs, seconds, f, amp=1.0):
    t = np.arange(int(round(seconds * fs))) / fs
    return amp * np.sin(2 * np.pi * f * t)


def oracle(x, fs, window_s=8.0, lo=0.5, hi=4.0):
    w = int(round(window_s * fs))
    sk, br = [], []
    f = np.fft.rfftfreq(w, 1 / fs)
    for k in range(len(x) // w):
        d = x[k * w:(k + 1) * w] - x[k * w:(k + 1) * w].mean()
        v = np.mean(d ** 2)
        sk.append(np.mean(d ** 3) / v ** 1.5 if v > 0 else 0.0)
        p = np.abs(np.fft.rfft(d)) ** 2
        br.append(p[(f >= lo) & (f <= hi)].sum() / p[f > 0].sum() if p[f > 0].sum() > 0 else 0.0)
    return np.array(sk), np.array(br)


def test_output_structure_and_window_count():
    fs = 25.0
    x = pulses(fs, 8 * 3 + 7.96)            # 3 full windows + 199 samples
    q = ppg_quality(x, fs)
    assert set(q) == {"skewness", "band_ratio", "good"}
    assert q["skewness"].shape == (3,) and q["band_ratio"].shape == (3,) and q["good"].shape == (3,)
    assert q["skewness"].dtype == np.float64 and q["band_ratio"].dtype == np.float64
    assert q["good"].dtype == np.bool_
    assert ppg_quality(x[:400], fs)["good"].shape == (2,)
    assert ppg_quality(x[:399], fs)["good"].shape == (1,)


def test_clean_inverted_and_noisy_windows():
    fs = 50.0
    clean = pulses(fs, 8)
    inverted = -pulses(fs, 8)
    rng = np.random.default_rng(0)
    noisy = 0.05 * pulses(fs, 8) + tone(fs, 8, 11.0) + 0.5 * rng.normal(size=400)
    q = ppg_quality(np.r_[clean, inverted, noisy], fs)
    assert q["skewness"][0] > 0.5 and q["skewness"][1] < -0.5
    assert q["band_ratio"][0] > 0.9 and q["band_ratio"][2] < 0.3
    assert q["good"].tolist() == [True, False, False]
    sk, br = oracle(np.r_[clean, inverted, noisy], fs)
    assert np.allclose(q["skewness"], sk) and np.allclose(q["band_ratio"], br)


def test_band_edges_are_inclusive_bins():
    fs = 32.0     # 8-s windows: bins every 0.125 Hz, so 0.5 and 4.0 Hz are exact bins
    for f, want in [(0.5, 1.0), (4.0, 1.0), (0.375, 0.0), (4.125, 0.0), (2.0, 1.0)]:
        q = ppg_quality(tone(fs, 8, f), fs)
        assert q["band_ratio"][0] == pytest.approx(want, abs=1e-9), f
    q = ppg_quality(tone(fs, 8, 1.0), fs, low_hz=1.125, high_hz=2.0)
    assert q["band_ratio"][0] == pytest.approx(0.0, abs=1e-9)
    q = ppg_quality(tone(fs, 8, 2.125), fs, low_hz=1.125, high_hz=2.0)
    assert q["band_ratio"][0] == pytest.approx(0.0, abs=1e-9)
    q = ppg_quality(tone(fs, 8, 4.375), fs, high_hz=4.5)
    assert q["band_ratio"][0] == pytest.approx(1.0, abs=1e-9)


def test_mixed_power_ratio():
    fs = 32.0
    x = tone(fs, 8, 1.5, 2.0) + tone(fs, 8, 6.0, 1.0)     # powers 4 : 1
    q = ppg_quality(x, fs)
    assert q["band_ratio"][0] == pytest.approx(0.8, abs=1e-9)
    assert q["good"][0] == bool(q["skewness"][0] > 0)


def test_thresholds():
    fs = 50.0
    square = np.tile(np.r_[np.ones(25), np.zeros(25)], 8)     # skewness exactly 0
    q = ppg_quality(square, fs)
    assert q["skewness"][0] == pytest.approx(0.0, abs=1e-12)
    assert q["band_ratio"][0] > 0.5
    assert not q["good"][0]                                   # strict: 0 > 0 is false
    assert ppg_quality(square, fs, skew_min=-0.01)["good"][0]
    x = pulses(fs, 8)
    sk = oracle(x, fs)[0][0]
    assert not ppg_quality(x, fs, skew_min=sk + 0.01)["good"][0]
    assert ppg_quality(x, fs, skew_min=sk - 0.01)["good"][0]
    pure = tone(32.0, 8, 1.0)                                 # band ratio 1.0
    assert ppg_quality(pure, 32.0, skew_min=-1.0, band_ratio_min=1.0)["good"][0]
    mixed = tone(32.0, 8, 1.0) + tone(32.0, 8, 10.0)          # band ratio 0.5
    assert ppg_quality(mixed, 32.0, skew_min=-1.0)["good"][0]
    assert not ppg_quality(mixed, 32.0, skew_min=-1.0, band_ratio_min=0.51)["good"][0]


def test_constant_window_and_custom_length():
    fs = 20.0
    x = np.r_[np.full(100, 3.0), pulses(fs, 5)]
    q = ppg_quality(x, fs, window_s=5.0)
    assert q["skewness"][0] == 0.0 and q["band_ratio"][0] == 0.0 and not q["good"][0]
    assert q["good"][1]
    q = ppg_quality(np.array([0.0, 1.0, 0.0, 1.0]), 1.0, window_s=2.0, skew_min=-1.0,
                    band_ratio_min=0.0, low_hz=0.5, high_hz=0.5)
    assert q["band_ratio"].tolist() == pytest.approx([1.0, 1.0])


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(64, 700), fs=st.sampled_from([16.0, 25.0, 30.0]))
def test_matches_definition(seed, n, fs):
    rng = np.random.default_rng(seed)
    x = np.cumsum(rng.normal(size=n)) + rng.normal(size=n)
    q = ppg_quality(x, fs, window_s=2.0)
    sk, br = oracle(x, fs, window_s=2.0)
    assert np.allclose(q["skewness"], sk, atol=1e-9)
    assert np.allclose(q["band_ratio"], br, atol=1e-9)
    assert np.array_equal(q["good"], (sk > 0) & (br >= 0.5))


@pytest.mark.parametrize("kwargs", [
    dict(ppg=np.zeros((2, 400)), fs=25.0),
    dict(ppg=np.zeros(400), fs=0.0),
    dict(ppg=np.zeros(400), fs=-25.0, window_s=-8.0),
    dict(ppg=np.zeros(400), fs=-0.5, window_s=-8.0),
    dict(ppg=np.zeros(199), fs=25.0),
    dict(ppg=np.zeros(10), fs=1.0, window_s=1.0),
    dict(ppg=np.zeros(400), fs=25.0, window_s=0.0),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        ppg_quality(**kwargs)
