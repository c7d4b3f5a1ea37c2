import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import beat_templates


def test_segments_are_exact():
    fs = 200.0                          # pre = 50, post = 90 with the defaults
    x = np.arange(1000, dtype=float)
    out = beat_templates(x, fs, [100, 400, 700])
    assert out["beats"].shape == (3, 140)
    assert out["beats"].dtype == np.float64 and out["template"].dtype == np.float64
    assert out["kept"].dtype == np.int64 and out["kept"].tolist() == [100, 400, 700]
    for row, r in zip(out["beats"], [100, 400, 700]):
        assert np.array_equal(row, np.arange(r - 50, r + 90))
    assert np.array_equal(out["template"], np.arange(350, 490))
    assert np.allclose(out["correlation"], 1.0)


def test_edge_beats_skipped_exactly():
    fs = 200.0
    x = np.random.default_rng(1).normal(size=500)
    out = beat_templates(x, fs, [49, 50, 250, 410, 411])
    # 50 - 50 = 0 fits, 49 does not; 410 + 90 = 500 fits, 411 does not
    assert out["kept"].tolist() == [50, 250, 410]
    assert np.array_equal(out["beats"][0], x[0:140])
    assert np.array_equal(out["beats"][2], x[360:500])


def test_custom_window_and_rounding():
    fs = 100.0
    x = np.arange(300, dtype=float)
    out = beat_templates(x, fs, [150], pre_s=0.124, post_s=0.316)   # pre 12, post 32
    assert out["beats"].shape == (1, 44)
    assert out["beats"][0][0] == 138 and out["beats"][0][-1] == 181
    out = beat_templates(x, fs, [0, 150], pre_s=0.0, post_s=0.01)   # pre 0, post 1
    assert out["beats"].tolist() == [[0.0], [150.0]]
    assert out["correlation"].tolist() == [0.0, 0.0]                 # constant beats


def test_median_template_and_inverted_beat():
    fs = 100.0
    beat = np.r_[np.zeros(15), np.hanning(11) * 2.0, -0.3 * np.hanning(9), np.zeros(15)]  # 50
    x = np.r_[beat, beat, -beat, beat, np.zeros(10)]
    out = beat_templates(x, fs, [20, 70, 120, 170], pre_s=0.2, post_s=0.3)
    assert np.allclose(out["template"], beat)           # median of 3 x beat and 1 x -beat
    assert np.allclose(out["correlation"], [1, 1, -1, 1])
    tiny = beat_templates(x * 1e-3, fs, [20, 70, 120, 170], pre_s=0.2, post_s=0.3)
    assert np.allclose(tiny["correlation"], [1, 1, -1, 1])


def test_even_number_of_beats_median_averages():
    fs = 10.0
    x = np.array([0, 1, 0, 0, 3, 0, 0, 5, 0, 0, 9, 0], dtype=float)
    out = beat_templates(x, fs, [1, 4, 7, 10], pre_s=0.1, post_s=0.2)
    assert np.allclose(out["template"], [0, 4, 0])
    assert np.allclose(out["correlation"], 1.0)


def test_scaled_and_noisy_beats():
    fs = 250.0
    t = (np.arange(150) - 50) / fs
    beat = np.exp(-0.5 * (t / 0.012) ** 2) + 0.2 * np.exp(-0.5 * ((t - 0.25) / 0.04) ** 2)
    rng = np.random.default_rng(5)
    x = np.concatenate([beat * a + 3.0 + 0.02 * rng.normal(size=beat.size) for a in (1, 2, 0.5)])
    peaks = [50 + 150 * k for k in range(3)]
    out = beat_templates(x, fs, peaks, pre_s=0.2, post_s=0.4)
    assert np.all(out["correlation"] > 0.95)
    b, tm = out["beats"][1], out["template"]
    want = np.corrcoef(b, tm)[0, 1]
    assert out["correlation"][1] == pytest.approx(want, abs=1e-12)


def test_constant_template_gives_zero():
    fs = 10.0
    x = np.array([0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0])
    out = beat_templates(x, fs, [1, 5, 11], pre_s=0.1, post_s=0.2)
    assert np.allclose(out["template"], 0.0)
    assert out["correlation"].tolist() == [0.0, 0.0, 0.0]


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), k=st.integers(1, 6))
def test_matches_numpy_definitions(seed, k):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=400)
    peaks = np.sort(rng.integers(0, 400, size=k))
    fits = [int(r) for r in peaks if r - 25 >= 0 and r + 45 <= 400]
    if not fits:
        with pytest.raises(ValueError):
            beat_templates(x, 100.0, peaks)
        return
    out = beat_templates(x, 100.0, peaks)
    beats = np.stack([x[r - 25:r + 45] for r in fits])
    tm = np.median(beats, axis=0)
    assert out["kept"].tolist() == fits
    assert np.allclose(out["beats"], beats) and np.allclose(out["template"], tm)
    want = [np.corrcoef(b, tm)[0, 1] for b in beats]
    assert np.allclose(out["correlation"], want, atol=1e-9)


@pytest.mark.parametrize("kwargs", [
    dict(signal=np.array([]), fs=100.0, r_peaks=[0]),
    dict(signal=np.zeros((2, 300)), fs=100.0, r_peaks=[100]),
    dict(signal=np.zeros(300), fs=100.0, r_peaks=[10, 290]),
    dict(signal=np.zeros(300), fs=100.0, r_peaks=[]),
    dict(signal=np.zeros(300), fs=100.0, r_peaks=[100], pre_s=-0.1),
    dict(signal=np.zeros(300), fs=100.0, r_peaks=[100], pre_s=-0.01),
    dict(signal=np.zeros(300), fs=100.0, r_peaks=[100], post_s=0.0),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        beat_templates(**kwargs)
