import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import hrv_time_domain

KEYS = {"mean_rr_ms", "sdnn_ms", "rmssd_ms", "pnn50", "mean_hr_bpm"}


def test_known_answers():
    # fs = 1000 Hz: RR = 800, 900, 840, 1000, 950 ms
    peaks = np.cumsum([100, 800, 900, 840, 1000, 950])
    m = hrv_time_domain(peaks, 1000.0)
    assert set(m) == KEYS
    rr = np.array([800, 900, 840, 1000, 950.0])
    assert m["mean_rr_ms"] == pytest.approx(898.0)
    assert m["sdnn_ms"] == pytest.approx(np.std(rr, ddof=1))
    assert m["sdnn_ms"] == pytest.approx(80.746517, rel=1e-6)
    # successive differences 100, -60, 160, -50: 3 of 4 exceed 50 ms (|-50| does not)
    assert m["rmssd_ms"] == pytest.approx(np.sqrt((100**2 + 60**2 + 160**2 + 50**2) / 4))
    assert m["pnn50"] == pytest.approx(75.0)
    assert m["mean_hr_bpm"] == pytest.approx(60000.0 / 898.0)
    for v in m.values():
        assert isinstance(v, float)


def test_sampling_rate_scaling():
    peaks = [0, 200, 420, 600]   # at 250 Hz: RR = 800, 880, 720 ms
    m = hrv_time_domain(peaks, 250.0)
    assert m["mean_rr_ms"] == pytest.approx(800.0)
    assert m["mean_hr_bpm"] == pytest.approx(75.0)
    assert m["sdnn_ms"] == pytest.approx(80.0)
    assert m["rmssd_ms"] == pytest.approx(np.sqrt((80**2 + 160**2) / 2))
    assert m["pnn50"] == pytest.approx(100.0)


def test_pnn50_threshold_is_strict():
    # RR = 1000, 1050, 1000, 1051, 1000 -> differences 50, -50, 51, -51
    peaks = np.cumsum([0, 1000, 1050, 1000, 1051, 1000])
    m = hrv_time_domain(peaks, 1000.0)
    assert m["pnn50"] == pytest.approx(50.0)
    m = hrv_time_domain([0, 1000, 2049, 3049], 1000.0)   # differences 49, -49
    assert m["pnn50"] == 0.0


def test_minimum_three_peaks():
    m = hrv_time_domain([10, 510, 1110], 500.0)   # RR = 1000, 1200
    assert m["sdnn_ms"] == pytest.approx(np.std([1000, 1200], ddof=1))
    assert m["rmssd_ms"] == pytest.approx(200.0)
    assert m["pnn50"] == pytest.approx(100.0)


def test_extreme_but_valid_values():
    m = hrv_time_domain([0, 1, 2, 4], 1.0)        # fs = 1 Hz: RR = 1000, 1000, 2000 ms
    assert m["mean_rr_ms"] == pytest.approx(4000 / 3)
    m = hrv_time_domain([0, 1, 3], 0.5)           # fs = 0.5 Hz: RR = 2000, 4000 ms
    assert m["mean_hr_bpm"] == pytest.approx(20.0)
    m = hrv_time_domain([0, 2, 4, 7], 4000.0)     # RR = 0.5, 0.5, 0.75 ms
    assert m["mean_rr_ms"] == pytest.approx(1.75 / 3)
    assert m["pnn50"] == 0.0


@settings(max_examples=25, deadline=None, derandomize=True)
@given(rr=st.lists(st.integers(300, 2000), min_size=2, max_size=40),
       fs=st.sampled_from([128.0, 250.0, 360.0, 1000.0]))
def test_matches_definitions(rr, fs):
    peaks = np.concatenate([[0], np.cumsum(rr)])
    m = hrv_time_domain(peaks, fs)
    rr_ms = np.diff(peaks) / fs * 1000
    d = np.diff(rr_ms)
    assert m["mean_rr_ms"] == pytest.approx(rr_ms.mean())
    assert m["sdnn_ms"] == pytest.approx(rr_ms.std(ddof=1), abs=1e-9)
    assert m["rmssd_ms"] == pytest.approx(np.sqrt(np.mean(d ** 2)), abs=1e-9)
    assert m["pnn50"] == pytest.approx(100 * np.mean(np.abs(d) > 50))
    assert m["mean_hr_bpm"] == pytest.approx(60000 / rr_ms.mean())


@pytest.mark.parametrize("peaks, fs", [
    ([], 250.0), ([5], 250.0), ([5, 300], 250.0),
    ([0, 100, 100, 300], 250.0), ([0, 200, 150, 400], 250.0),
    ([0, 250, 500], 0.0), ([0, 250, 500], -250.0),
])
def test_invalid_input_raises(peaks, fs):
    with pytest.raises(ValueError):
        hrv_time_domain(peaks, fs)
