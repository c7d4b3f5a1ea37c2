import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import energy_vad


def naive(x, fs, frame_ms, hop_ms, thr, hang):
    fl = int(round(fs * frame_ms / 1000))
    hop = int(round(fs * hop_ms / 1000))
    e = []
    s = 0
    while s + fl <= len(x):
        e.append(10 * np.log10(np.mean(x[s:s + fl] ** 2) + 1e-12))
        s += hop
    e = np.array(e)
    raw = e > thr
    out = np.array([raw[max(0, i - hang):i + 1].any() for i in range(len(e))], dtype=bool)
    return out, e


def test_speech_burst_with_default_parameters():
    fs = 16000
    rng = np.random.default_rng(0)
    x = 1e-4 * rng.normal(size=fs)                       # -80 dB background
    x[4000:8000] += 0.1 * np.sin(2 * np.pi * 300 * np.arange(4000) / fs)   # -23 dB tone
    speech, e = energy_vad(x, fs)
    assert speech.dtype == np.bool_ and e.dtype == np.float64
    assert speech.shape == e.shape == (1 + (fs - 320) // 160,)
    es, ee = naive(x, fs, 20, 10, -40, 5)
    np.testing.assert_allclose(e, ee, rtol=1e-9)
    np.testing.assert_array_equal(speech, es)
    idx = np.flatnonzero(speech)
    # first raw frame is the first frame overlapping the tone; hangover adds 5 frames at the end
    assert idx[0] == (4000 - 320) // 160 + 1
    last_raw = np.flatnonzero(ee > -40)[-1]
    assert idx[-1] == last_raw + 5
    assert np.all(np.diff(idx) == 1)


def test_energy_values_and_floor():
    x = np.r_[np.full(10, 0.1), np.zeros(10), np.full(10, 1.0)]
    speech, e = energy_vad(x, 1000.0, frame_ms=10, hop_ms=10, threshold_db=-30, hangover_frames=0)
    np.testing.assert_allclose(e, [-20.0, -120.0, 0.0], atol=1e-6)
    assert speech.tolist() == [True, False, True]


def test_hangover_does_not_chain_or_go_backwards():
    # frame energies via constant-amplitude frames of 1 sample
    amps = np.array([0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0], dtype=float)
    speech, _ = energy_vad(amps, 1000.0, frame_ms=1, hop_ms=1, threshold_db=-10, hangover_frames=2)
    assert speech.astype(int).tolist() == [0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0]
    speech, _ = energy_vad(amps, 1000.0, frame_ms=1, hop_ms=1, threshold_db=-10, hangover_frames=0)
    assert speech.astype(int).tolist() == amps.astype(int).tolist()
    # hangover longer than the recording
    speech, _ = energy_vad(np.array([1.0, 0, 0]), 1000.0, frame_ms=1, hop_ms=1, threshold_db=-10,
                           hangover_frames=10)
    assert speech.tolist() == [True, True, True]


def test_default_threshold_is_minus_40_db():
    a = 10 ** (-42 / 20)                       # frames at -42 dB: below the default threshold
    speech, e = energy_vad(np.full(1600, a), 8000)
    np.testing.assert_allclose(e, -42.0, atol=1e-6)
    assert not speech.any()
    speech, _ = energy_vad(np.full(1600, 10 ** (-38 / 20)), 8000)
    assert speech.all()


def test_threshold_is_strict():
    x = np.full(10, 0.1)                    # exactly -20 dB (plus 1e-12 floor -> a hair above)
    _, e = energy_vad(x, 1000.0, frame_ms=10, hop_ms=10, hangover_frames=0)
    speech, _ = energy_vad(x, 1000.0, frame_ms=10, hop_ms=10, threshold_db=float(e[0]), hangover_frames=0)
    assert speech.tolist() == [False]
    speech, _ = energy_vad(x, 1000.0, frame_ms=10, hop_ms=10, threshold_db=float(e[0]) - 1e-9,
                           hangover_frames=0)
    assert speech.tolist() == [True]


def test_short_signal_and_rounding_of_frame_length():
    speech, e = energy_vad(np.ones(100), 16000)
    assert speech.shape == (0,) and e.shape == (0,)
    # 8 kHz * 12.5 ms = 100 samples; 8 kHz * 6.3 ms = 50.4 -> 50 samples
    speech, e = energy_vad(np.ones(400), 8000, frame_ms=12.5, hop_ms=6.3)
    assert e.shape == (1 + (400 - 100) // 50,)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(0, 400), frame_ms=st.sampled_from([2.0, 3.0, 5.0]),
       hop_ms=st.sampled_from([1.0, 2.0, 5.0]), thr=st.floats(-60, 0), hang=st.integers(0, 8))
def test_property_matches_naive(seed, n, frame_ms, hop_ms, thr, hang):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n) * np.repeat(10.0 ** rng.uniform(-4, 0, size=n // 20 + 1), 20)[:n]
    speech, e = energy_vad(x, 1000.0, frame_ms=frame_ms, hop_ms=hop_ms, threshold_db=thr, hangover_frames=hang)
    es, ee = naive(x, 1000.0, frame_ms, hop_ms, thr, hang)
    np.testing.assert_allclose(e, ee, rtol=1e-9, atol=1e-9)
    if np.all(np.abs(ee - thr) > 1e-6):
        np.testing.assert_array_equal(speech, es)


@pytest.mark.parametrize("args,kwargs", [
    ((np.ones((10, 2)), 1000.0), {}),
    ((np.ones(100), 0.0), {}),
    ((np.ones(100), -8000.0), {}),
    ((np.ones(100), 1000.0), {"frame_ms": 0.2}),
    ((np.ones(100), 1000.0), {"hop_ms": 0.4}),
    ((np.ones(100), 1000.0), {"hangover_frames": -1}),
])
def test_invalid_input_raises(args, kwargs):
    with pytest.raises(ValueError):
        energy_vad(*args, **kwargs)
