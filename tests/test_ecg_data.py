"""Tests for iotbench.data.ecg: determinism, annotation quality and the standard set."""

from __future__ import annotations

import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iotbench.data.ecg import (
    GENERATOR_VERSION,
    PROFILES,
    EcgRecord,
    clean_waveform,
    standard_records,
    synthesize_record,
)

seeds = st.integers(min_value=0, max_value=2**32 - 1)
rates = st.sampled_from([250.0, 360.0, 500.0, 1000.0])
profiles = st.sampled_from(PROFILES)


@pytest.fixture(scope="module")
def standard() -> list[EcgRecord]:
    return standard_records()


@pytest.mark.parametrize("profile", PROFILES)
def test_same_arguments_give_identical_arrays(profile: str) -> None:
    a = synthesize_record(7, 360.0, 10.0, "a", profile=profile)  # type: ignore[arg-type]
    b = synthesize_record(7, 360.0, 10.0, "a", profile=profile)  # type: ignore[arg-type]
    assert a.signal.dtype == np.float64
    assert a.r_peaks.dtype == np.int64
    assert a.signal.tobytes() == b.signal.tobytes()
    assert np.array_equal(a.r_peaks, b.r_peaks)


def test_different_seeds_differ() -> None:
    a = synthesize_record(1, 360.0, 10.0, "a")
    b = synthesize_record(2, 360.0, 10.0, "b")
    assert not np.array_equal(a.signal, b.signal)
    assert not np.array_equal(a.r_peaks, b.r_peaks)


def test_rhythm_does_not_depend_on_profile_or_rate() -> None:
    # Same seed: same beat times (to within a sample) whatever the noise or sampling rate.
    ideal = synthesize_record(11, 500.0, 20.0, "x", profile="ideal")
    noisy = synthesize_record(11, 500.0, 20.0, "x", profile="noisy")
    slow = synthesize_record(11, 250.0, 20.0, "x", profile="ideal")
    assert np.array_equal(ideal.r_peaks, noisy.r_peaks)
    assert slow.r_peaks.size == ideal.r_peaks.size
    assert np.max(np.abs(slow.r_peaks / 250.0 - ideal.r_peaks / 500.0)) <= 1 / 250.0


def test_record_is_read_only() -> None:
    record = synthesize_record(3, 250.0, 5.0, "ro")
    with pytest.raises(ValueError, match="read-only"):
        record.signal[0] = 1.0


@settings(max_examples=30, deadline=None)
@given(seed=seeds, fs=rates, duration=st.floats(4.0, 12.0), profile=profiles)
def test_r_peaks_sorted_in_range_and_plausible(
    seed: int, fs: float, duration: float, profile: str
) -> None:
    record = synthesize_record(seed, fs, duration, "h", profile=profile)  # type: ignore[arg-type]
    peaks = record.r_peaks
    assert record.signal.ndim == 1
    assert record.signal.size == round(duration * fs)
    assert np.all(np.isfinite(record.signal))
    assert peaks.size >= 1
    assert np.all(np.diff(peaks) > 0)
    assert peaks[0] >= 0
    assert peaks[-1] < record.signal.size
    rr = np.diff(peaks) / fs
    assert np.all((rr >= 0.3) & (rr <= 2.0))


@settings(max_examples=30, deadline=None)
@given(seed=seeds, fs=rates, profile=profiles)
def test_r_peak_is_local_maximum_of_clean_waveform(seed: int, fs: float, profile: str) -> None:
    clean = clean_waveform(seed, fs, 8.0, profile=profile)  # type: ignore[arg-type]
    record = synthesize_record(seed, fs, 8.0, "h", profile=profile)  # type: ignore[arg-type]
    reach = round(0.05 * fs)  # +/- 50 ms covers the whole R wave
    for peak in record.r_peaks:
        lo, hi = max(0, peak - reach), min(clean.size, peak + reach + 1)
        assert clean[peak] == np.max(clean[lo:hi])
        assert clean[peak] > 0.5  # an R wave, not a bump of the baseline


def test_ideal_profile_is_the_clean_waveform() -> None:
    record = synthesize_record(5, 360.0, 6.0, "i", profile="ideal")
    assert np.array_equal(record.signal, clean_waveform(5, 360.0, 6.0, profile="ideal"))


def test_tall_t_profile_has_tall_t_waves() -> None:
    fs = 500.0
    clean = clean_waveform(21, fs, 20.0, profile="tall_t")
    record = synthesize_record(21, fs, 20.0, "t", profile="tall_t")
    for peak in record.r_peaks:
        t_window = clean[peak + int(0.12 * fs) : peak + int(0.3 * fs)]
        assert 0.55 <= np.max(t_window) / clean[peak] <= 0.95


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seed": -1}, "seed"),
        ({"fs": 0.0}, "fs"),
        ({"duration_s": -1.0}, "duration"),
        ({"profile": "bogus"}, "profile"),
    ],
)
def test_invalid_arguments(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"seed": 1, "fs": 360.0, "duration_s": 5.0, "name": "x"}
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=message):
        synthesize_record(**arguments)  # type: ignore[arg-type]


def test_standard_records_layout(standard: list[EcgRecord]) -> None:
    assert GENERATOR_VERSION == 1
    assert [r.name for r in standard] == [f"rec{i:02d}" for i in range(1, 9)]
    assert {r.fs for r in standard} == {250.0, 360.0, 500.0}
    for record in standard:
        assert record.signal.shape == (int(60 * record.fs),)
        assert record.signal.dtype == np.float64
        rr = np.diff(record.r_peaks) / record.fs
        assert 45 <= record.r_peaks.size <= 115
        assert np.all((rr >= 0.3) & (rr <= 2.0))


def test_standard_records_are_stable_and_fast() -> None:
    start = time.perf_counter()
    first = standard_records()
    elapsed = time.perf_counter() - start
    second = standard_records()
    for a, b in zip(first, second, strict=True):
        assert a.signal.tobytes() == b.signal.tobytes()
        assert np.array_equal(a.r_peaks, b.r_peaks)
    assert elapsed < 0.5 * 4  # target is 0.5 s; slack for slow or busy CI machines
