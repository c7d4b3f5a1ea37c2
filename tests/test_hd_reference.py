"""Score the heartbeat-detection reference and generic solutions on the standard records.

Both programs are loaded by file path, as the harness loads model-written code, so the test also
checks that the reference runs standalone (no imports from this project).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from harness.metrics.beats import BeatMatch, match_beats
from iotbench.data.ecg import EcgRecord, standard_records, synthesize_record

ITEM_DIR = Path(__file__).resolve().parents[1] / "iotbench" / "items" / "hd_synthetic_ecg"


def load_program(filename: str) -> ModuleType:
    """Import one solution file under a private module name."""
    path = ITEM_DIR / filename
    spec = importlib.util.spec_from_file_location(f"hd_{path.stem}_under_test", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def records() -> list[EcgRecord]:
    return standard_records()


def score(module: ModuleType, records: list[EcgRecord]) -> list[BeatMatch]:
    results = []
    for record in records:
        detected = np.asarray(module.detect_r_peaks(record.signal.copy(), record.fs))
        results.append(match_beats(record.r_peaks, detected, record.fs))
    return results


def test_reference_is_standalone() -> None:
    source = (ITEM_DIR / "reference.py").read_text()
    for line in source.splitlines():
        if line.startswith(("import ", "from ")):
            top = line.split()[1].split(".")[0]
            assert top in {"numpy", "scipy", "__future__"}, line


def test_reference_scores(records: list[EcgRecord]) -> None:
    matches = score(load_program("reference.py"), records)
    pooled = sum(matches, BeatMatch(0, 0, 0))
    assert pooled.f1 >= 0.97, pooled
    for record, match in zip(records, matches, strict=True):
        assert match.f1 >= 0.93, (record.name, match)


def test_reference_handles_inverted_lead_and_high_rate() -> None:
    detector = load_program("reference.py").detect_r_peaks
    record = synthesize_record(77, 1000.0, 20.0, "inv", profile="wander")
    inverted = detector(-record.signal, record.fs)
    assert match_beats(record.r_peaks, inverted, record.fs).f1 >= 0.95


def test_reference_output_type() -> None:
    detector = load_program("reference.py").detect_r_peaks
    record = synthesize_record(5, 250.0, 10.0, "o")
    peaks = detector(record.signal, record.fs)
    assert peaks.ndim == 1
    assert np.issubdtype(peaks.dtype, np.integer)
    assert np.all(np.diff(peaks) > 0)
    assert detector(np.zeros(10), 250.0).size == 0  # too short to hold a beat


def test_generic_solution_is_imprecise(records: list[EcgRecord]) -> None:
    pooled = sum(score(load_program("generic.py"), records), BeatMatch(0, 0, 0))
    assert pooled.precision <= 0.70, pooled
