import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import detect_onsets


def naive(x, sr, n_fft, hop, delta):
    w = np.array([0.5 - 0.5 * np.cos(2 * np.pi * i / n_fft) for i in range(n_fft)])
    mags = []
    s = 0
    while s + n_fft <= len(x):
        mags.append(np.abs(np.fft.rfft(x[s:s + n_fft] * w)))
        s += hop
    mags = np.array(mags)
    F = len(mags)
    flux = np.zeros(F)
    for t in range(1, F):
        flux[t] = np.sum(np.clip(mags[t] - mags[t - 1], 0, None))
    thr = np.mean(flux) + delta * np.std(flux)
    on = []
    for t in range(F):
        if flux[t] <= thr:
            continue
        if t > 0 and not flux[t] > flux[t - 1]:
            continue
        if t < F - 1 and not flux[t] >= flux[t + 1]:
            continue
        on.append(t * hop / sr)
    return np.array(on), flux


def bursts(sr, times, length_s=2.0, seed=0):
    rng = np.random.default_rng(seed)
    x = 0.001 * rng.normal(size=int(length_s * sr))
    for t0 in times:
        i = int(t0 * sr)
        n = int(0.15 * sr)
        env = np.exp(-np.arange(n) / (0.03 * sr))
        x[i:i + n] += 0.5 * env * np.sin(2 * np.pi * 880 * np.arange(n) / sr + rng.uniform(0, 6))
    return x


def test_detects_three_bursts_default_parameters():
    sr = 16000
    times = [0.3, 0.9, 1.5]
    x = bursts(sr, times)
    onsets, flux = detect_onsets(x, sr)
    assert flux.shape == (1 + (len(x) - 1024) // 512,) and flux.dtype == np.float64
    assert flux[0] == 0.0
    assert len(onsets) == 3
    for o, t in zip(onsets, times):
        assert abs(o - t) <= 1024 / sr
    eo, ef = naive(x, sr, 1024, 512, 1.0)
    np.testing.assert_allclose(flux, ef, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(onsets, eo, rtol=1e-12)


def test_flux_values_known_example():
    # two frames of 4 samples (hop 4): silence then a constant -> only the increase counts
    x = np.r_[np.zeros(4), np.ones(4)]
    _, flux = detect_onsets(x, 4.0, n_fft=4, hop_length=4)
    w = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(4) / 4)
    assert flux[1] == pytest.approx(np.abs(np.fft.rfft(w)).sum())
    # decreasing energy gives zero flux (half-wave rectification)
    _, flux = detect_onsets(x[::-1].copy(), 4.0, n_fft=4, hop_length=4)
    assert flux.tolist() == [0.0, 0.0]


def test_peak_picking_rules_on_constructed_flux():
    # impulses make flux spikes; check times are frame starts and plateaus/neighbours behave
    sr = 1000.0
    x = np.zeros(64)
    x[20] = 1.0
    onsets, flux = detect_onsets(x, sr, n_fft=8, hop_length=4, delta=0.0)
    eo, ef = naive(x, sr, 8, 4, 0.0)
    np.testing.assert_allclose(flux, ef, atol=1e-12)
    np.testing.assert_allclose(onsets, eo)
    assert len(onsets) == 1 and onsets[0] == pytest.approx(4 * int(np.argmax(ef)) / sr)


def test_large_delta_suppresses_everything_and_first_frame_never_onset_when_silent():
    sr = 8000
    x = bursts(sr, [0.5], length_s=1.0, seed=2)
    onsets, _ = detect_onsets(x, sr, n_fft=256, hop_length=128, delta=100.0)
    assert onsets.shape == (0,)
    onsets, _ = detect_onsets(x, sr, n_fft=256, hop_length=128)
    assert len(onsets) >= 1 and abs(onsets[0] - 0.5) <= 256 / sr


def test_last_frame_can_be_an_onset():
    sr = 1000.0
    x = np.zeros(40)
    x[36:] = 1.0                                   # rises in the final frame
    onsets, flux = detect_onsets(x, sr, n_fft=8, hop_length=4, delta=0.5)
    eo, ef = naive(x, sr, 8, 4, 0.5)
    np.testing.assert_allclose(onsets, eo)
    assert onsets[-1] == pytest.approx((len(flux) - 1) * 4 / sr)


def test_silence_and_ties_at_zero_flux():
    # all-zero flux: threshold 0, nothing is strictly above it
    onsets, flux = detect_onsets(np.zeros(4096), 8000)
    assert onsets.shape == (0,) and not flux.any()
    # leading silence with a negative delta: the first frame (flux 0 above a negative
    # threshold, followed by an equal 0) is an onset, the second (equal to the first) is not
    x = np.zeros(64)
    x[40:] = np.sin(np.arange(24))
    onsets, flux = detect_onsets(x, 1000.0, n_fft=8, hop_length=4, delta=-1.0)
    eo, ef = naive(x, 1000.0, 8, 4, -1.0)
    assert ef[0] == ef[1] == 0.0 and ef.mean() - ef.std() < 0
    np.testing.assert_allclose(onsets, eo)
    assert onsets[0] == 0.0 and 0.004 not in onsets.tolist()


def test_default_delta_and_small_sample_rate():
    rng = np.random.default_rng(8)
    for seed in range(40):
        x = rng.normal(size=3000) * np.repeat(rng.uniform(0, 2, size=30), 100)
        # pick a signal whose onsets differ between delta = 1.0 and delta = 1.1
        if len(naive(x, 1000.0, 64, 32, 1.0)[0]) != len(naive(x, 1000.0, 64, 32, 1.1)[0]):
            break
    else:
        pytest.fail("no suitable signal found")
    onsets, _ = detect_onsets(x, 1000.0, n_fft=64, hop_length=32)
    np.testing.assert_allclose(onsets, naive(x, 1000.0, 64, 32, 1.0)[0])
    onsets, _ = detect_onsets(x, 1.0, n_fft=64, hop_length=32)
    np.testing.assert_allclose(onsets, naive(x, 1.0, 64, 32, 1.0)[0])


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n_fft=st.integers(2, 32), hop=st.integers(1, 32),
       extra=st.integers(0, 200), delta=st.floats(-1.0, 2.0))
def test_property_matches_naive(seed, n_fft, hop, extra, delta):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n_fft + extra) * np.repeat(rng.uniform(0, 2, size=(n_fft + extra) // 16 + 1),
                                                   16)[:n_fft + extra]
    onsets, flux = detect_onsets(x, 1000.0, n_fft=n_fft, hop_length=hop, delta=delta)
    eo, ef = naive(x, 1000.0, n_fft, hop, delta)
    np.testing.assert_allclose(flux, ef, rtol=1e-9, atol=1e-9)
    thr = ef.mean() + delta * ef.std()
    gaps = np.abs(np.diff(ef))
    if np.all(np.abs(ef - thr) > 1e-7) and (gaps.size == 0 or np.all(gaps > 1e-7)):
        np.testing.assert_allclose(onsets, eo, rtol=1e-12)


@pytest.mark.parametrize("args,kwargs", [
    ((np.ones((100, 2)), 8000), {}), ((np.ones((2048, 2)), 8000), {}), ((np.ones(100), 8000), {}),
    ((np.ones(1023), 8000), {}), ((np.ones(2048), 0.0), {}), ((np.ones(2048), -8000.0), {}),
    ((np.ones(2048), 8000), {"n_fft": 1}), ((np.ones(2048), 8000), {"hop_length": 0}),
])
def test_invalid_input_raises(args, kwargs):
    with pytest.raises(ValueError):
        detect_onsets(*args, **kwargs)
