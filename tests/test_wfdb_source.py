"""Tests for iotbench.data.wfdb_source: spec parsing, record loading, beat-code filtering, and
hand-computed scores of a WFDB record written here with wfdb.wrsamp / wfdb.wrann."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import wfdb

from harness.status import Status
from iotbench.catalog import ITEMS_DIR
from iotbench.data.wfdb_source import (
    BEAT_SYMBOLS,
    DataSourceError,
    WfdbSource,
    load_records,
    parse_source,
)
from iotbench.item import load_item
from iotbench.scorers import ScoringContext
from iotbench.scorers.heartbeat import HeartbeatScorer

# wfdb 4.x calls pandas APIs deprecated in pandas 3: not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:wfdb")

FS = 250.0  # at 250 Hz the 150 ms tolerance is 0.150 * 250 = 37.5 samples
# Record "100": nine beats (one a PVC) and five non-beat annotations that must not count.
BEATS = [200, 450, 700, 950, 1100, 1450, 1700, 1950, 2200]
BEAT_CODES = ["N", "N", "N", "N", "V", "N", "N", "N", "N"]
NON_BEATS = [(5, "+"), (1200, "~"), (1300, "|"), (2000, "x"), (2400, '"')]
# Record "101" at 360 Hz: three beats.
BEATS_101 = [100, 500, 900]


def write_record(
    folder: Path, name: str, fs: float, seconds: float, annotations: list[tuple[int, str]]
) -> np.ndarray:
    """Write a two-lead record (MLII, V5) and its .atr; return the MLII signal written (mV)."""
    t = np.arange(round(seconds * fs)) / fs
    signal = np.stack([np.sin(2 * np.pi * 1.2 * t), 0.5 * np.cos(2 * np.pi * t)], axis=1)
    wfdb.wrsamp(
        name,
        fs=fs,
        units=["mV", "mV"],
        sig_name=["MLII", "V5"],
        p_signal=signal,
        fmt=["16", "16"],
        adc_gain=[200.0, 200.0],
        baseline=[0, 0],
        write_dir=str(folder),
    )
    annotations = sorted(annotations)
    samples = np.array([sample for sample, _ in annotations])
    symbols = [symbol for _, symbol in annotations]
    aux = ["(N" if symbol == "+" else "" for symbol in symbols]  # a rhythm change carries one
    wfdb.wrann(name, "atr", samples, symbol=symbols, aux_note=aux, fs=fs, write_dir=str(folder))
    return signal[:, 0]


@pytest.fixture
def mitdb(tmp_path: Path) -> Path:
    write_record(tmp_path, "100", FS, 10.0, [*zip(BEATS, BEAT_CODES, strict=True), *NON_BEATS])
    write_record(tmp_path, "101", 360.0, 3.0, [(s, "N") for s in BEATS_101])
    # A record without annotations is not offered for scoring.
    wfdb.wrsamp(
        "102",
        fs=FS,
        units=["mV"],
        sig_name=["MLII"],
        p_signal=np.zeros((500, 1)),
        fmt=["16"],
        adc_gain=[200.0],
        baseline=[0],
        write_dir=str(tmp_path),
    )
    return tmp_path


def test_beat_symbols_are_the_mitbih_beat_codes() -> None:
    assert frozenset("NLRBAaJSVrFejnE/fQ?") == BEAT_SYMBOLS
    assert not {"+", "~", "|", "x", "!", "[", "]", '"'} & BEAT_SYMBOLS


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("wfdb:{dir}", WfdbSource(Path("{dir}"))),
        (
            "wfdb:{dir}:records=100, 101;channel=1",
            WfdbSource(Path("{dir}"), records=("100", "101"), channel=1),
        ),
        (
            "wfdb:{dir}:channel=V5;seconds=5;annotator=atr",
            WfdbSource(Path("{dir}"), channel="V5", seconds=5.0, annotator="atr"),
        ),
    ],
)
def test_parse_source(spec: str, expected: WfdbSource, mitdb: Path) -> None:
    parsed = parse_source(spec.format(dir=mitdb))
    assert parsed == WfdbSource(
        mitdb, expected.records, expected.channel, expected.seconds, expected.annotator
    )


def test_a_folder_without_annotated_records_fails_when_parsed(tmp_path: Path) -> None:
    """`--iot-data hd=wfdb:DIR` on an empty folder is refused when the option is read."""
    with pytest.raises(DataSourceError, match="no WFDB records with annotations"):
        parse_source(f"wfdb:{tmp_path}")
    with pytest.raises(DataSourceError, match="qrs"):
        parse_source(f"wfdb:{tmp_path}:annotator=qrs")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("csv:{dir}", "expected wfdb:DIR"),
        ("wfdb:", "expected wfdb:DIR"),
        ("wfdb:{dir}/missing", "missing' is not an existing directory"),
        ("wfdb:{dir}:colour=red", "unknown option 'colour'"),
        ("wfdb:{dir}:seconds=-3", "seconds= must be a positive number, got '-3'"),
        ("wfdb:{dir}:records=", "records= needs at least one record name"),
    ],
)
def test_bad_specs_are_one_line(spec: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(DataSourceError) as caught:
        load_records(spec.format(dir=tmp_path))
    text = str(caught.value)
    assert message in text and "\n" not in text
    assert text.startswith(spec.format(dir=tmp_path) + ": ")


def test_loads_beats_only_in_physical_units(mitdb: Path) -> None:
    records = load_records(f"wfdb:{mitdb}")
    assert [r.name for r in records] == ["100", "101"]  # 102 has no .atr
    record = records[0]
    assert record.fs == FS
    assert record.r_peaks.tolist() == BEATS
    assert record.labels.tolist() == BEAT_CODES
    t = np.arange(2500) / FS
    # 200 ADC units per mV: stored values are within half a step (2.5 uV) of what was written.
    assert np.max(np.abs(record.signal - np.sin(2 * np.pi * 1.2 * t))) <= 0.0025 + 1e-9
    assert records[1].r_peaks.tolist() == BEATS_101 and records[1].fs == 360.0


def test_options_choose_records_channel_and_length(mitdb: Path) -> None:
    (record,) = load_records(f"wfdb:{mitdb}:records=100;channel=V5;seconds=4.5")
    assert record.signal.size == round(4.5 * FS)  # 1125 samples
    assert record.signal[0] == pytest.approx(0.5)  # V5 starts at 0.5 cos(0)
    assert record.r_peaks.tolist() == [200, 450, 700, 950, 1100]  # beats before sample 1125
    (by_index,) = load_records(f"wfdb:{mitdb}:records=100;channel=1")
    assert by_index.signal[0] == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("records=100,107", "record '107' has no 107.hea"),
        ("records=102", "record '102' has no 102.atr"),
        ("records=100;channel=II", "100.hea: no channel 'II' (it has MLII, V5)"),
        ("records=100;channel=4", "100.hea: no channel 4 (it has 2)"),
    ],
)
def test_missing_records_and_channels(mitdb: Path, options: str, message: str) -> None:
    with pytest.raises(DataSourceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_records(f"wfdb:{mitdb}:{options}")


def test_folder_without_annotated_records(tmp_path: Path) -> None:
    with pytest.raises(DataSourceError, match=r"no WFDB records with annotations .*NAME\.atr"):
        load_records(f"wfdb:{tmp_path}")


def test_unreadable_record_names_the_file(mitdb: Path) -> None:
    (mitdb / "100.dat").write_bytes(b"\x00")
    with pytest.raises(DataSourceError, match=r"100: cannot read WFDB record"):
        load_records(f"wfdb:{mitdb}:records=100")


# --- scoring real data through the sandbox -----------------------------------------------------

# The program answers from the sampling rate alone (it never sees the annotations).
PROGRAM = """
import numpy as np

def detect_r_peaks(signal, fs):
    if fs == 250.0:
        return np.array([201, 460, 740, 950, 1100, 1205, 1300, 1450, 1450, 1735, 1950, 2000,
                         2237])
    return np.array([], dtype=int)
"""


@pytest.mark.needs_bwrap
def test_scores_a_wfdb_directory_exactly(mitdb: Path) -> None:
    item = load_item(ITEMS_DIR / "hd_synthetic_ecg")
    scorer = HeartbeatScorer(item, ScoringContext(data={"hd": f"wfdb:{mitdb}"}))
    (result,) = scorer.score([(0, PROGRAM)])
    m = result.metrics
    # Record 100, tolerance 37.5 samples, 13 detections (12 distinct):
    #   matched: 200-201, 450-460, 950-950, 1100-1100 (the PVC), 1450-1450, 1700-1735 (35),
    #            1950-1950, 2200-2237 (37)                                        -> tp = 8
    #   700 is 40 samples from 740 (> 37.5)                                       -> fn = 1
    #   740, 1205 (the '~' mark), 1300 (the '|' mark), the second 1450, 2000 (the 'x' mark;
    #   1950 is taken)                                                            -> fp = 5
    #   F1 = 2*8 / (2*8 + 5 + 1) = 16/22
    assert m["f1[100]"] == pytest.approx(16 / 22)
    # Record 101: no detections, 3 beats: tp = 0, fp = 0, fn = 3, F1 = 0.
    assert m["f1[101]"] == 0.0
    # Pooled: tp = 8, fp = 5, fn = 1 + 3 = 4.
    assert m["precision"] == pytest.approx(8 / 13)
    assert m["recall"] == pytest.approx(8 / 12)
    assert m["f1"] == pytest.approx(16 / 25)
    assert m["f1_min_record"] == 0.0
    assert result.status is Status.FAIL and "f1 0.640 < 0.9" in result.reason
    assert m["latency_ms"] >= 0.0 and m["peak_memory_mb"] > 0.0
    assert scorer.limits.wall_seconds == 60.0  # 13 s of data: no more time than the item's


def test_bad_data_spec_fails_before_anything_runs(tmp_path: Path) -> None:
    item = load_item(ITEMS_DIR / "hd_synthetic_ecg")
    with pytest.raises(DataSourceError) as caught:
        HeartbeatScorer(item, ScoringContext(data={"hd": f"wfdb:{tmp_path}/nope"}))
    assert str(caught.value) == (
        f"--iot-data hd=wfdb:{tmp_path}/nope: '{tmp_path}/nope' is not an existing directory"
    )
