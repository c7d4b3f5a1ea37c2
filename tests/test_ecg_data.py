"""Tests for iotbench.data.ecg: determinism, annotation consistency and the standard set."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iotbench.data.ecg import (
    GENERATOR_VERSION,
    PROFILES,
    STANDARD_RECORDS,
    Conditions,
    EcgRecord,
    clean_waveform,
    standard_records,
    synthesize_record,
)

seeds = st.integers(min_value=0, max_value=2**32 - 1)
rates = st.one_of(st.sampled_from([250.0, 360.0, 500.0]), st.floats(100.0, 1000.0))


@st.composite
def conditions(draw: st.DrawFn) -> Conditions:
    low = draw(st.floats(30.0, 170.0))
    return Conditions(
        heart_rate=(low, draw(st.floats(low, 180.0))),
        pvc_rate=draw(st.sampled_from([0.0, 0.1, 0.3, 0.5])),
        tall_t=draw(st.booleans()),
        inverted=draw(st.booleans()),
        wander=draw(st.floats(0.0, 1.5)),
        mains_mv=draw(st.floats(0.0, 0.2)),
        emg=draw(st.floats(0.0, 0.3)),
        emg_bursts=draw(st.booleans()),
        motion=draw(st.integers(0, 4)),
        gain_steps=draw(st.integers(0, 3)),
    )


@pytest.fixture(scope="module")
def standard() -> list[EcgRecord]:
    return standard_records(0)


def half_height_width(wave: np.ndarray, peak: int) -> int:
    """Samples around `peak` where the wave stays above half of its value at the peak."""
    level = 0.5 * wave[peak]
    lo = hi = peak
    while lo > 0 and wave[lo - 1] >= level:
        lo -= 1
    while hi < wave.size - 1 and wave[hi + 1] >= level:
        hi += 1
    return hi - lo + 1


@pytest.mark.parametrize("profile", list(PROFILES))
def test_same_arguments_give_identical_arrays(profile: str) -> None:
    a = synthesize_record(7, 360.0, 10.0, "a", profile=profile)
    b = synthesize_record(7, 360.0, 10.0, "a", profile=profile)
    assert a.signal.dtype == np.float64
    assert a.r_peaks.dtype == np.int64
    assert a.signal.tobytes() == b.signal.tobytes()
    assert np.array_equal(a.r_peaks, b.r_peaks)
    assert np.array_equal(a.labels, b.labels)


def test_different_seeds_differ() -> None:
    a = synthesize_record(1, 360.0, 10.0, "a")
    b = synthesize_record(2, 360.0, 10.0, "b")
    assert not np.array_equal(a.signal, b.signal)
    assert not np.array_equal(a.r_peaks, b.r_peaks)


def test_rhythm_does_not_depend_on_noise_or_rate() -> None:
    # Same seed: the same beats under any noise, and the same beat times (to within one sample
    # of the slower rate) at another sampling rate.
    ideal = synthesize_record(11, 500.0, 20.0, "x", profile="ideal")
    for profile in ("noisy", "low_snr", replace(PROFILES["ideal"], motion=3, inverted=True)):
        other = synthesize_record(11, 500.0, 20.0, "x", profile=profile)
        assert np.array_equal(ideal.r_peaks, other.r_peaks), profile
    slow = synthesize_record(11, 250.0, 20.0, "x", profile="ideal")
    assert slow.r_peaks.size == ideal.r_peaks.size
    assert np.max(np.abs(slow.r_peaks / 250.0 - ideal.r_peaks / 500.0)) <= 1 / 250.0


def test_pvcs_are_premature_and_keep_the_sinus_rhythm() -> None:
    fs = 360.0
    sinus = synthesize_record(5, fs, 60.0, "s", profile=replace(PROFILES["pvc"], pvc_rate=0.0))
    ectopic = synthesize_record(5, fs, 60.0, "e", profile="pvc")
    pvc = ectopic.labels == "V"
    assert 3 <= pvc.sum() <= 20  # about 15 % of some 60-90 beats
    assert sinus.r_peaks.size == ectopic.r_peaks.size  # a PVC replaces a sinus beat
    # The sinus beats around the PVCs are where they were (full compensatory pause) ...
    assert np.max(np.abs(ectopic.r_peaks[~pvc] - sinus.r_peaks[~pvc])) <= 1
    # ... and each PVC comes early: at most 75 % of the sinus interval after the previous beat.
    index = np.flatnonzero(pvc)
    coupling = ectopic.r_peaks[index] - ectopic.r_peaks[index - 1]
    assert np.all(coupling <= 0.75 * (sinus.r_peaks[index] - sinus.r_peaks[index - 1]))


def test_record_is_read_only() -> None:
    record = synthesize_record(3, 250.0, 5.0, "ro")
    for array in (record.signal, record.r_peaks, record.labels):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = array[1]


@settings(max_examples=40, deadline=None)
@given(seed=seeds, fs=rates, duration=st.floats(4.0, 12.0), cond=conditions())
def test_beats_labels_and_signal_are_consistent(
    seed: int, fs: float, duration: float, cond: Conditions
) -> None:
    record = synthesize_record(seed, fs, duration, "h", profile=cond)
    peaks, labels = record.r_peaks, record.labels
    assert record.signal.shape == (round(duration * fs),)
    assert np.all(np.isfinite(record.signal))
    # Quantised to the 5 uV step of MIT-BIH.
    steps = record.signal / 0.005
    assert np.max(np.abs(steps - np.round(steps))) < 1e-6
    assert peaks.shape == labels.shape
    assert set(labels.tolist()) <= {"N", "V"}
    if cond.pvc_rate == 0.0:
        assert not np.any(labels == "V")
    assert not np.any((labels[1:] == "V") & (labels[:-1] == "V"))  # never two PVCs in a row
    assert peaks.size >= 1
    assert np.all(np.diff(peaks) > 0)
    # Every beat's whole waveform (300 ms before, 600 ms after) fits inside the record.
    assert peaks[0] >= 0.3 * fs - 2 and peaks[-1] <= record.signal.size - 1 - 0.6 * fs + 2
    rr = np.diff(peaks) / fs
    after_pvc = labels[:-1] == "V"  # the compensatory pause spans two sinus intervals
    assert np.all(rr >= 0.25)
    assert np.all(rr[~after_pvc] <= 2.1) and np.all(rr[after_pvc] <= 4.1)


@settings(max_examples=40, deadline=None)
@given(seed=seeds, fs=rates, cond=conditions())
def test_annotation_sits_on_the_main_qrs_deflection(seed: int, fs: float, cond: Conditions) -> None:
    clean = clean_waveform(seed, fs, 10.0, profile=cond)
    record = synthesize_record(seed, fs, 10.0, "h", profile=cond)
    lead = -1.0 if cond.inverted else 1.0
    normal = record.labels == "N"
    # Sinus R waves point the way the lead does; all PVCs of a record share one polarity.
    assert np.all(lead * clean[record.r_peaks[normal]] > 0.1)
    pvc_signs = np.sign(clean[record.r_peaks[~normal]])
    assert np.unique(pvc_signs).size <= 1
    for peak, label in zip(record.r_peaks, record.labels, strict=True):
        polarity = np.sign(clean[peak])
        reach = round((0.02 if label == "N" else 0.04) * fs)
        window = polarity * clean[max(0, peak - reach) : peak + reach + 1]
        assert polarity * clean[peak] == np.max(window)
    # PVCs are wide: their half-height width is at least twice that of the sinus QRS.
    if normal.any() and (~normal).any():
        widths = {
            label: np.median(
                [
                    half_height_width(np.sign(clean[p]) * clean, p)
                    for p in record.r_peaks[record.labels == label]
                ]
            )
            for label in ("N", "V")
        }
        assert widths["V"] >= 2 * widths["N"]


def test_ideal_profile_is_the_quantised_clean_waveform() -> None:
    record = synthesize_record(5, 360.0, 6.0, "i", profile="ideal")
    clean = clean_waveform(5, 360.0, 6.0, profile="ideal")
    assert np.max(np.abs(record.signal - clean)) <= 0.0025 + 1e-12


def test_inverted_lead_is_the_negated_waveform() -> None:
    upright = clean_waveform(9, 500.0, 8.0, profile="pvc")
    inverted = clean_waveform(9, 500.0, 8.0, profile=replace(PROFILES["pvc"], inverted=True))
    assert np.array_equal(inverted, -upright)


def test_tall_t_profile_has_tall_t_waves() -> None:
    fs = 500.0
    clean = clean_waveform(21, fs, 20.0, profile="tall_t")
    record = synthesize_record(21, fs, 20.0, "t", profile="tall_t")
    for peak in record.r_peaks:
        t_window = clean[peak + int(0.12 * fs) : peak + int(0.3 * fs)]
        assert 0.65 <= np.max(t_window) / clean[peak] <= 1.2


def test_gain_steps_change_the_beat_amplitude() -> None:
    steady = synthesize_record(4, 360.0, 60.0, "a", profile="ideal")
    stepped_conditions = replace(PROFILES["ideal"], gain_steps=2)
    stepped = synthesize_record(4, 360.0, 60.0, "b", profile=stepped_conditions)
    assert np.array_equal(steady.r_peaks, stepped.r_peaks)
    ratio = (
        clean_waveform(4, 360.0, 60.0, profile=stepped_conditions)[stepped.r_peaks]
        / clean_waveform(4, 360.0, 60.0, profile="ideal")[steady.r_peaks]
    )
    assert ratio[:5] == pytest.approx(1.0)  # no step in the first 15 % of the record
    assert ratio.max() / ratio.min() >= 1.6


def test_motion_artefacts_are_large_transients() -> None:
    quiet = synthesize_record(8, 360.0, 30.0, "q", profile="ideal")
    moving = synthesize_record(8, 360.0, 30.0, "m", profile=replace(PROFILES["ideal"], motion=3))
    artefact = moving.signal - quiet.signal
    r_height = float(np.median(quiet.signal[quiet.r_peaks]))
    assert np.max(np.abs(artefact)) >= 0.4 * r_height
    assert np.mean(np.abs(artefact) > 0.01) < 0.9  # confined to episodes and their decay


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seed": -1}, "seed"),
        ({"fs": 50.0}, "fs"),
        ({"duration_s": 1.0}, "duration_s"),
        ({"profile": "bogus"}, "unknown profile 'bogus'"),
    ],
)
def test_invalid_arguments(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"seed": 1, "fs": 360.0, "duration_s": 5.0, "name": "x"}
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=message):
        synthesize_record(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"heart_rate": (100.0, 60.0)}, r"Conditions\.heart_rate"),
        ({"pvc_rate": 0.9}, r"Conditions\.pvc_rate"),
        ({"emg": -0.1}, r"Conditions\.emg"),
        ({"motion": 1.5}, r"Conditions\.motion must be an integer"),
    ],
)
def test_invalid_conditions(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Conditions(**kwargs)  # type: ignore[arg-type]


def test_standard_records_layout(standard: list[EcgRecord]) -> None:
    assert GENERATOR_VERSION == 3
    assert STANDARD_RECORDS == len(standard) == 18
    assert [r.name for r in standard] == [f"rec{i:02d}" for i in range(1, 19)]
    assert {r.fs for r in standard} == {250.0, 360.0, 500.0}
    for record in standard:
        assert record.signal.shape == (int(60 * record.fs),)
        rr = np.diff(record.r_peaks) / record.fs
        assert 45 <= record.r_peaks.size <= 150
        assert np.all((rr >= 0.25) & (rr <= 2.1))
    # The difficulties are really there: PVCs, and upright as well as inverted leads.
    assert sum(int(np.sum(r.labels == "V")) for r in standard) >= 20
    polarity = [np.sign(np.median(r.signal[r.r_peaks] - np.median(r.signal))) for r in standard]
    assert polarity.count(-1.0) >= 2 and polarity.count(1.0) >= 8


def test_standard_records_are_stable_per_data_seed(standard: list[EcgRecord]) -> None:
    again = standard_records(0)
    other = standard_records(1)
    for a, b, c in zip(standard, again, other, strict=True):
        assert a.signal.tobytes() == b.signal.tobytes()
        assert np.array_equal(a.r_peaks, b.r_peaks)
        # another run's data seed draws every record anew (same conditions, rate and name)
        assert (a.name, a.fs, a.signal.shape) == (c.name, c.fs, c.signal.shape)
        assert not np.array_equal(a.r_peaks, c.r_peaks)


def test_hard_records_have_their_conditions(standard: list[EcgRecord]) -> None:
    by_name = {r.name: r for r in standard}
    # rec13/rec14: runs of PVCs, i.e. two or more ventricular beats in a row
    for name in ("rec13", "rec14"):
        labels = "".join(by_name[name].labels)
        assert "VV" in labels, name
    # rec16/rec18: low voltage, R waves of a few tenths of a millivolt
    for name in ("rec16", "rec18"):
        record = by_name[name]
        height = np.median(np.abs(record.signal[record.r_peaks] - np.median(record.signal)))
        assert 0.1 <= height <= 0.45, (name, height)


def test_wide_qrs_is_wide() -> None:
    narrow = clean_waveform(3, 500.0, 10.0, profile=replace(PROFILES["ideal"]))
    wide = clean_waveform(3, 500.0, 10.0, profile=replace(PROFILES["ideal"], qrs_scale=2.2))
    peak_n, peak_w = int(np.argmax(narrow)), int(np.argmax(wide))
    ratio = half_height_width(wide, peak_w) / half_height_width(narrow, peak_n)
    assert 1.8 <= ratio <= 2.6, ratio


def test_pvc_runs_follow_the_ventricular_rate() -> None:
    cond = replace(PROFILES["pvc_runs"], pvc_rate=0.3, pvc_run=0.8)
    record = synthesize_record(11, 360.0, 60.0, "runs", profile=cond)
    is_v = record.labels == "V"
    pairs = np.flatnonzero(is_v[:-1] & is_v[1:])
    assert pairs.size >= 5
    rr = (record.r_peaks[pairs + 1] - record.r_peaks[pairs]) / record.fs
    assert np.all((rr > 60 / 200) & (rr < 60 / 130)), rr  # 140-190 per minute, with jitter
