import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import ppg_heart_rate


def tones(fs, seconds, comps, offset=0.0):
    t = np.arange(int(round(seconds * fs))) / fs
    return offset + sum(a * np.sin(2 * np.pi * f * t + ph) for f, a, ph in comps)


def test_known_rate_with_harmonics_and_respiration():
    fs = 100.0
    x = tones(fs, 10, [(1.5, 1.0, 0.0), (3.0, 0.5, 0.4), (4.5, 0.2, 1.0), (0.25, 3.0, 0.0)], 500.0)
    bpm = ppg_heart_rate(x, fs)
    assert isinstance(bpm, float)
    assert bpm == pytest.approx(90.0, abs=0.5)


def test_lower_band_edge():
    fs = 25.0
    x = tones(fs, 60, [(38 / 60, 1.0, 0.0), (42 / 60, 0.6, 0.3)])
    assert ppg_heart_rate(x, fs) == pytest.approx(42.0, abs=0.5)
    assert ppg_heart_rate(x, fs, min_bpm=30.0) == pytest.approx(38.0, abs=0.5)


def test_upper_band_edge():
    fs = 25.0
    x = tones(fs, 60, [(210 / 60, 1.0, 0.0), (190 / 60, 0.6, 0.3)])
    assert ppg_heart_rate(x, fs) == pytest.approx(190.0, abs=0.5)
    assert ppg_heart_rate(x, fs, max_bpm=220.0) == pytest.approx(210.0, abs=0.5)


def test_custom_band_excludes_strong_component():
    fs = 64.0
    x = tones(fs, 30, [(1.0, 2.0, 0.0), (2.0, 1.0, 0.0)])
    assert ppg_heart_rate(x, fs) == pytest.approx(60.0, abs=0.5)
    assert ppg_heart_rate(x, fs, min_bpm=80.0, max_bpm=180.0) == pytest.approx(120.0, abs=0.5)


def test_band_edges_are_inclusive():
    fs = 64.0   # nfft = 65536 -> bins are exact multiples of 1/1024 Hz
    x = tones(fs, 10, [(0.5, 1.0, 0.0)])   # 30 bpm, below the band
    # 37.5 bpm = 0.625 Hz is exactly a bin: the main-lobe tail peaks at the band's first bin
    assert ppg_heart_rate(x, fs, min_bpm=37.5) == pytest.approx(37.5, abs=1e-6)
    y = tones(fs, 10, [(3.5, 1.0, 0.0)])   # 210 bpm, above the band
    assert ppg_heart_rate(y, fs, max_bpm=187.5) == pytest.approx(187.5, abs=1e-6)
    # a band of a single bin
    assert ppg_heart_rate(y, fs, min_bpm=120.0, max_bpm=120.0 + 1e-9) == pytest.approx(120.0)


def test_unusual_but_valid_parameters():
    fs = 1.0    # a very slow sampler: a 0.3 Hz "pulse" in a 10-25 bpm band
    x = tones(fs, 60, [(0.3, 1.0, 0.0)])
    assert ppg_heart_rate(x, fs, min_bpm=10.0, max_bpm=25.0) == pytest.approx(18.0, abs=0.5)
    fs = 50.0
    x = tones(fs, 30, [(0.9, 1.0, 0.0)])
    assert ppg_heart_rate(x, fs, min_bpm=1.0) == pytest.approx(54.0, abs=0.5)
    assert ppg_heart_rate(x, fs, min_bpm=0.5, max_bpm=1.0e3) == pytest.approx(54.0, abs=0.5)


def test_short_window_with_large_offset():
    fs = 50.0
    x = tones(fs, 2.5, [(1.6, 1.0, 0.2)], offset=200.0)   # mean must be removed
    assert ppg_heart_rate(x, fs) == pytest.approx(96.0, abs=1.5)


def test_two_second_minimum():
    fs = 30.0
    x = tones(fs, 2.0, [(2.0, 1.0, 0.0)])
    assert len(x) == 60
    assert ppg_heart_rate(x, fs) == pytest.approx(120.0, abs=3.0)
    with pytest.raises(ValueError):
        ppg_heart_rate(x[:59], fs)
    y = tones(fs, 1.5, [(2.0, 1.0, 0.0)])
    with pytest.raises(ValueError):
        ppg_heart_rate(y, fs)


def test_long_signal_uses_its_own_length():
    fs = 2000.0   # 40 s at 2 kHz = 80000 samples > 65536
    x = tones(fs, 40, [(1.9, 1.0, 0.0)])
    assert ppg_heart_rate(x, fs) == pytest.approx(114.0, abs=0.2)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(bpm=st.floats(45, 195), phase=st.floats(0, 6.28), amp=st.floats(0.01, 100),
       fs=st.sampled_from([25.0, 50.0, 64.0, 125.0]))
def test_single_tone_recovered(bpm, phase, amp, fs):
    x = tones(fs, 8, [(bpm / 60, amp, phase)], offset=3 * amp)
    assert ppg_heart_rate(x, fs) == pytest.approx(bpm, abs=0.5)


@pytest.mark.parametrize("kwargs", [
    dict(ppg=np.zeros((2, 500)), fs=50.0),
    dict(ppg=np.ones((500, 1)), fs=50.0),
    dict(ppg=np.ones(500), fs=64.0, min_bpm=120.0, max_bpm=120.0),
    dict(ppg=np.zeros(500), fs=0.0),
    dict(ppg=np.zeros(500), fs=-50.0),
    dict(ppg=np.zeros(500), fs=50.0, min_bpm=0.0),
    dict(ppg=np.zeros(500), fs=50.0, min_bpm=-10.0),
    dict(ppg=np.zeros(500), fs=50.0, min_bpm=120.0, max_bpm=120.0),
    dict(ppg=np.zeros(500), fs=50.0, min_bpm=150.0, max_bpm=100.0),
    dict(ppg=np.zeros(20), fs=1.0),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        ppg_heart_rate(**kwargs)
