import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import frame_rms


def naive(x, fl, hop):
    out, s = [], 0
    while s + fl <= len(x):
        out.append(np.sqrt(np.mean(np.asarray(x[s:s + fl], float) ** 2)))
        s += hop
    return np.array(out)


def test_sine_rms_default_framing():
    sr = 16000
    t = np.arange(2048 + 20 * 512) / sr
    x = 0.5 * np.sin(2 * np.pi * 250 * t)        # period of 64 samples: whole periods per frame
    r = frame_rms(x)
    assert r.shape == (21,) and r.dtype == np.float64
    np.testing.assert_allclose(r, 0.5 / np.sqrt(2), rtol=1e-9)
    np.testing.assert_allclose(r, naive(x, 2048, 512), rtol=1e-12)


def test_known_values_small_frames():
    x = np.array([3.0, -4.0, 0.0, 0.0, 1.0, 1.0, 2.0])
    np.testing.assert_allclose(frame_rms(x, frame_length=2, hop_length=2), [np.sqrt(12.5), 0.0, 1.0])
    np.testing.assert_allclose(frame_rms(x, frame_length=3, hop_length=1),
                               naive(x, 3, 1))
    assert frame_rms(x, frame_length=7, hop_length=100).shape == (1,)
    assert frame_rms(x, frame_length=1, hop_length=1).tolist() == [3.0, 4.0, 0.0, 0.0, 1.0, 1.0, 2.0]


def test_decibels_and_silence_floor():
    x = np.r_[np.full(4, 0.1), np.zeros(4), np.full(4, 1.0)]
    db = frame_rms(x, frame_length=4, hop_length=4, to_db=True)
    np.testing.assert_allclose(db, [-20.0, -200.0, 0.0], atol=1e-9)
    lin = frame_rms(x, frame_length=4, hop_length=4)
    np.testing.assert_allclose(lin, [0.1, 0.0, 1.0], atol=1e-12)


def test_short_signal_gives_no_frames():
    r = frame_rms(np.ones(100))
    assert r.shape == (0,)
    r = frame_rms(np.ones(2047), to_db=True)
    assert r.shape == (0,)
    assert frame_rms(np.ones(2048)).tolist() == [1.0]


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(0, 200), fl=st.integers(1, 40), hop=st.integers(1, 40))
def test_property_matches_naive(seed, n, fl, hop):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    r = frame_rms(x, frame_length=fl, hop_length=hop)
    exp = naive(x, fl, hop)
    assert r.shape == exp.shape
    np.testing.assert_allclose(r, exp, rtol=1e-12, atol=1e-15)
    d = frame_rms(x, frame_length=fl, hop_length=hop, to_db=True)
    np.testing.assert_allclose(d, 20 * np.log10(np.maximum(exp, 1e-10)), rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize("args,kwargs", [
    ((np.ones((10, 2)),), {}), ((np.ones(10),), {"frame_length": 0}), ((np.ones(10),), {"hop_length": 0}),
])
def test_invalid_input_raises(args, kwargs):
    with pytest.raises(ValueError):
        frame_rms(*args, **kwargs)
