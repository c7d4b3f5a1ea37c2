import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import spo2_ratio_of_ratios


def channels(fs, seconds, dc_r, ac_r, dc_i, ac_i, f=1.25):
    t = np.arange(int(round(seconds * fs))) / fs
    p = np.sin(2 * np.pi * f * t)
    return dc_r + ac_r * p, dc_i + ac_i * p


def oracle(red, ir, fs, window_s=4.0, step_s=1.0, a=110.0, b=25.0):
    w, s = int(round(window_s * fs)), int(round(step_s * fs))
    out_s, out_r = [], []
    for st_ in range(0, len(red) - w + 1, s):
        r, i = red[st_:st_ + w], ir[st_:st_ + w]
        R = (r.std() / r.mean()) / (i.std() / i.mean())
        out_r.append(R)
        out_s.append(np.clip(a - b * R, 0, 100))
    return np.array(out_s), np.array(out_r)


def test_known_ratio_and_window_count():
    fs = 100.0
    red, ir = channels(fs, 10, 1000, 10, 2000, 40)
    spo2, ratio = spo2_ratio_of_ratios(red, ir, fs)
    # 1000 samples, windows of 400 every 100 -> 7 windows
    assert spo2.shape == (7,) and ratio.shape == (7,)
    assert spo2.dtype == np.float64 and ratio.dtype == np.float64
    assert np.allclose(ratio, 0.5, atol=1e-9)
    assert np.allclose(spo2, 110 - 25 * 0.5, atol=1e-7)


def test_window_and_step_rounding():
    fs = 30.0
    red, ir = channels(fs, 7, 800, 8, 900, 12)
    # w = round(2.5 * 30) = 75, s = round(0.45 * 30) = round(13.5) = 14 -> (210 - 75) // 14 + 1 = 10
    spo2, ratio = spo2_ratio_of_ratios(red, ir, fs, window_s=2.5, step_s=0.45)
    assert ratio.shape == (10,)
    want_s, want_r = oracle(red, ir, fs, 2.5, 0.45)
    assert np.allclose(ratio, want_r) and np.allclose(spo2, want_s)
    # exactly one window when the signal is exactly one window long
    spo2, ratio = spo2_ratio_of_ratios(red[:120], ir[:120], fs)
    assert ratio.shape == (1,)
    spo2, ratio = spo2_ratio_of_ratios(red[:150], ir[:150], fs)
    assert ratio.shape == (2,)
    # w = 120, s = 30: 179 samples hold windows at 0 and 30 only; 180 samples also one at 60
    assert spo2_ratio_of_ratios(red[:179], ir[:179], fs)[1].shape == (2,)
    assert spo2_ratio_of_ratios(red[:180], ir[:180], fs)[1].shape == (3,)


def test_list_input_and_tiny_windows():
    red = [1000.0, 1010.0, 990.0, 1000.0] * 5
    ir = [2000.0, 2040.0, 1960.0, 2000.0] * 5
    spo2, ratio = spo2_ratio_of_ratios(red, ir, 1.0)    # fs = 1 Hz: w = 4, s = 1
    assert ratio.shape == (17,)
    assert np.allclose(ratio, 0.5)
    # one-sample windows and steps (w = s = 1): the AC part is 0 -> NaN everywhere
    spo2, ratio = spo2_ratio_of_ratios(red, ir, 25.0, window_s=0.04, step_s=0.04)
    assert ratio.shape == (20,) and np.all(np.isnan(ratio)) and np.all(np.isnan(spo2))
    # small but positive DC levels are fine
    spo2, ratio = spo2_ratio_of_ratios(np.array(red) / 2000, np.array(ir) / 4000, 1.0)
    assert np.allclose(ratio, 0.5)


def test_windows_follow_a_change():
    fs = 50.0
    r1, i1 = channels(fs, 8, 1000, 10, 2000, 40, f=1.5)    # R = 0.5
    r2, i2 = channels(fs, 8, 1000, 20, 2000, 40, f=1.5)    # R = 1.0
    spo2, ratio = spo2_ratio_of_ratios(np.r_[r1, r2], np.r_[i1, i2], fs, window_s=2.0, step_s=2.0)
    assert ratio.shape == (8,)
    assert np.allclose(ratio, [0.5] * 4 + [1.0] * 4, atol=1e-6)
    assert np.allclose(spo2, [97.5] * 4 + [85.0] * 4, atol=1e-4)


def test_calibration_and_clipping():
    fs = 50.0
    red, ir = channels(fs, 4, 1000, 2, 1000, 10)      # R = 0.2 -> 110 - 5 = 105 -> 100
    spo2, ratio = spo2_ratio_of_ratios(red, ir, fs)
    assert np.allclose(ratio, 0.2) and np.allclose(spo2, 100.0)
    red, ir = channels(fs, 4, 1000, 50, 1000, 10)     # R = 5 -> -15 -> 0
    spo2, ratio = spo2_ratio_of_ratios(red, ir, fs)
    assert np.allclose(ratio, 5.0) and np.allclose(spo2, 0.0)
    red, ir = channels(fs, 4, 1000, 8, 1000, 10)      # R = 0.8, custom calibration
    spo2, _ = spo2_ratio_of_ratios(red, ir, fs, a=104.0, b=17.0)
    assert np.allclose(spo2, 104 - 17 * 0.8)
    spo2, _ = spo2_ratio_of_ratios(red, ir, fs, a=100.0, b=25.0)
    assert np.allclose(spo2, 80.0)


def test_flat_ir_window_gives_nan():
    fs = 25.0
    red, ir = channels(fs, 8, 1000, 10, 2000, 40)
    ir[100:] = 2000.0        # windows starting at 100 or later see a flat IR channel
    spo2, ratio = spo2_ratio_of_ratios(red, ir, fs)
    assert ratio.shape == (5,)
    assert np.all(np.isfinite(ratio[:4])) and np.isnan(ratio[4]) and np.isnan(spo2[4])
    flat_red = np.full(200, 1000.0)
    spo2, ratio = spo2_ratio_of_ratios(flat_red, ir[:200], fs)   # red flat: R = 0 (not NaN)
    assert np.allclose(ratio[:1], 0.0) and np.allclose(spo2[:1], 100.0)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(100, 600))
def test_matches_definition_on_noisy_channels(seed, n):
    rng = np.random.default_rng(seed)
    red = 5000 + 30 * rng.normal(size=n)
    ir = 7000 + 50 * rng.normal(size=n)
    spo2, ratio = spo2_ratio_of_ratios(red, ir, 25.0)
    want_s, want_r = oracle(red, ir, 25.0)
    assert np.allclose(ratio, want_r, rtol=1e-9)
    assert np.allclose(spo2, want_s, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("kwargs", [
    dict(red=np.ones((2, 200)), ir=np.ones((2, 200)), fs=25.0),
    dict(red=np.ones(200), ir=np.ones(199), fs=25.0),
    dict(red=np.ones(200), ir=np.ones(200), fs=0.0),
    dict(red=np.ones(200), ir=np.ones(200), fs=-25.0, window_s=-4.0, step_s=-1.0),
    dict(red=np.ones(200), ir=np.ones(200), fs=-0.5, window_s=-8.0, step_s=-2.0),
    dict(red=np.ones(200), ir=np.ones(200), fs=25.0, window_s=0.0),
    dict(red=np.ones(200), ir=np.ones(200), fs=25.0, window_s=0.01),
    dict(red=np.ones(200), ir=np.ones(200), fs=25.0, step_s=0.01),
    dict(red=np.tile([1.0, -1.0], 100), ir=np.ones(200), fs=25.0),
    dict(red=np.ones(200), ir=np.tile([2.0, -2.0], 100), fs=25.0),
    dict(red=np.ones(200), ir=np.ones(200), fs=25.0, step_s=0.0),
    dict(red=np.ones(200), ir=np.ones(200), fs=25.0, step_s=-1.0),
    dict(red=np.ones(99), ir=np.ones(99), fs=25.0),
    dict(red=np.ones(200), ir=np.r_[np.ones(150), -np.ones(50) * 10], fs=25.0),
    dict(red=np.r_[np.ones(150), np.zeros(50)] - 0.5, ir=np.ones(200), fs=25.0),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        spo2_ratio_of_ratios(**kwargs)
