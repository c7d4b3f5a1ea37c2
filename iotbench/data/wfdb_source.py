"""Real ECG for heartbeat detection: MIT-BIH or any WFDB directory with beat annotations.

Chosen on the command line with ``--iot-data hd=wfdb:DIR`` or, with options,
``--iot-data hd=wfdb:DIR:records=100,101;channel=0;seconds=600;annotator=atr``:

* ``records``: comma-separated record names (default: every ``NAME.hea`` in DIR that has a
  ``NAME.<annotator>`` beside it, sorted);
* ``channel``: signal index or name such as ``MLII`` (default 0, the MLII lead in most MIT-BIH
  records);
* ``seconds``: score only the first N seconds of each record (default: all of it);
* ``annotator``: annotation file extension (default ``atr``, the reference annotations).

Only beat annotations count as true beats (`BEAT_SYMBOLS`); rhythm changes, noise and artefact
marks and the other non-beat codes are dropped.  The annotations stay in the harness: the
program receives the signal (physical units, usually mV) and the sampling rate only.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from iotbench.data.ecg import EcgRecord

SCHEME = "wfdb"
_TO_MV = {"uV": 1e-3, "V": 1e3}  # signals reach the program in mV, as the prompt promises
USAGE = "expected wfdb:DIR or wfdb:DIR:records=100,101;channel=0;seconds=600;annotator=atr"

BEAT_SYMBOLS: frozenset[str] = frozenset("NLRBAaJSVrFejnE/fQ?")
"""The MIT-BIH beat annotation codes; every other code is a non-beat annotation.

N normal; L, R left / right bundle branch block; B bundle branch block (unspecified);
A atrial premature; a aberrated atrial premature; J nodal (junctional) premature;
S supraventricular premature; V premature ventricular contraction; r R-on-T PVC;
F fusion of ventricular and normal; e atrial escape; j nodal escape; n supraventricular escape;
E ventricular escape; / paced; f fusion of paced and normal; Q unclassifiable;
? beat not classified during learning.  Not beats, for example: + rhythm change, ~ signal
quality change, | isolated QRS-like artefact, x non-conducted P wave, ! ventricular flutter
wave, [ ] flutter onset / end, " comment.
"""


class DataSourceError(ValueError):
    """A data source that cannot be used; the message is one line naming the spec or file."""


@dataclass(frozen=True)
class WfdbSource:
    """A parsed ``wfdb:`` spec; `records` is None for every annotated record in the folder."""

    directory: Path
    records: tuple[str, ...] | None = None
    channel: int | str = 0
    seconds: float | None = None
    annotator: str = "atr"


def _option(key: str, value: str, options: dict[str, object]) -> None:
    """Parse one ``key=value`` option into `options`."""
    if key == "records":
        names = tuple(name.strip() for name in value.split(",") if name.strip())
        if not names:
            raise DataSourceError("records= needs at least one record name")
        options["records"] = names
    elif key == "channel":
        if not value:
            raise DataSourceError("channel= needs an index or a signal name")
        options["channel"] = int(value) if value.isdigit() else value
    elif key == "seconds":
        try:
            seconds = float(value)
        except ValueError:
            seconds = float("nan")
        if not np.isfinite(seconds) or seconds <= 0:
            raise DataSourceError(f"seconds= must be a positive number, got {value!r}")
        options["seconds"] = seconds
    elif key == "annotator":
        if not value.isalnum():
            raise DataSourceError("annotator= must be a file extension like atr")
        options["annotator"] = value
    else:
        raise DataSourceError(f"unknown option {key!r}; {USAGE}")


def parse_source(spec: str) -> WfdbSource:
    """Parse ``wfdb:DIR[:key=value;...]`` and check that DIR holds the records to score."""
    scheme, colon, rest = spec.partition(":")
    if scheme != SCHEME or not colon or not rest:
        raise DataSourceError(USAGE)
    directory, options_text = rest, ""
    head, sep, tail = rest.rpartition(":")
    if sep and "=" in tail:
        directory, options_text = head, tail
    options: dict[str, object] = {}
    for part in filter(None, (p.strip() for p in options_text.split(";"))):
        key, eq, value = part.partition("=")
        if not eq:
            raise DataSourceError(f"option {part!r} is not key=value; {USAGE}")
        _option(key.strip(), value.strip(), options)
    path = Path(directory).expanduser()
    if not path.is_dir():
        raise DataSourceError(f"{str(path)!r} is not an existing directory")
    source = WfdbSource(path, **options)  # type: ignore[arg-type]
    record_names(source)  # an empty folder fails when the option is read, not mid-run
    return source


def record_names(source: WfdbSource) -> list[str]:
    """The records to score: checked to have a header and an annotation file."""
    folder, ext = source.directory, source.annotator
    if source.records is None:
        names = sorted(
            p.stem for p in folder.glob("*.hea") if (folder / f"{p.stem}.{ext}").is_file()
        )
        if not names:
            raise DataSourceError(
                f"{folder}: no WFDB records with annotations (looked for "
                f"NAME.hea beside NAME.{ext})"
            )
        return names
    for name in source.records:
        for needed in (f"{name}.hea", f"{name}.{ext}"):
            if not (folder / needed).is_file():
                raise DataSourceError(f"{folder}: record {name!r} has no {needed}")
    return list(source.records)


def _channel_index(source: WfdbSource, header_path: Path, names: list[str]) -> int:
    channel = source.channel
    if isinstance(channel, int):
        if channel >= len(names):
            raise DataSourceError(f"{header_path}: no channel {channel} (it has {len(names)})")
        return channel
    if channel not in names:
        raise DataSourceError(
            f"{header_path}: no channel {channel!r} (it has {', '.join(map(str, names))})"
        )
    return names.index(channel)


def _fill_gaps(x: np.ndarray) -> np.ndarray:
    """Replace invalid (NaN) samples by linear interpolation between their valid neighbours."""
    bad = ~np.isfinite(x)
    if not bad.any():
        return x
    if bad.all():
        return np.zeros_like(x)
    index = np.arange(x.size)
    x[bad] = np.interp(index[bad], index[~bad], x[~bad])
    return x


def load_record(source: WfdbSource, name: str) -> EcgRecord:
    """One record's chosen channel in physical units and its beat annotations."""
    base = source.directory / name
    header_path = base.with_suffix(".hea")
    # wfdb 4.x trips pandas deprecation warnings on every call: noise, not the user's business.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return _read(source, name, base, header_path)


def _read(source: WfdbSource, name: str, base: Path, header_path: Path) -> EcgRecord:
    import wfdb  # the optional "data" extra; imported only when real data is asked for

    try:
        header = wfdb.rdheader(str(base))
        channel = _channel_index(source, header_path, list(header.sig_name or []))
        fs = float(header.fs)
        length = int(header.sig_len)
        if source.seconds is not None:
            length = min(length, round(source.seconds * fs))
        if length < 1:
            raise DataSourceError(f"{header_path}: the record holds no samples")
        record = wfdb.rdrecord(str(base), channels=[channel], sampto=length, physical=True)
        annotation = wfdb.rdann(str(base), source.annotator, sampto=length)
    except DataSourceError:
        raise
    except Exception as exc:  # noqa: BLE001 - wfdb raises many types for unreadable files
        raise DataSourceError(
            f"{base}: cannot read WFDB record ({type(exc).__name__}: {exc})".replace("\n", " ")
        ) from None
    units = str((header.units or ["mV"] * (channel + 1))[channel]).replace("μ", "u")
    scale = _TO_MV.get(units, 1.0)
    signal = _fill_gaps(np.asarray(record.p_signal[:, 0], dtype=np.float64) * scale)
    samples = np.asarray(annotation.sample, dtype=np.int64)
    symbols = np.asarray(annotation.symbol, dtype=str)
    keep = np.isin(symbols, sorted(BEAT_SYMBOLS)) & (samples >= 0) & (samples < signal.size)
    order = np.argsort(samples[keep], kind="stable")
    r_peaks, labels = samples[keep][order], symbols[keep][order]
    for array in (signal, r_peaks, labels):
        array.setflags(write=False)
    return EcgRecord(name=name, signal=signal, fs=fs, r_peaks=r_peaks, labels=labels)


def load_records(spec: str) -> list[EcgRecord]:
    """Parse a ``wfdb:`` spec and load every record it selects; errors start with the spec."""
    try:
        source = parse_source(spec)
        return [load_record(source, name) for name in record_names(source)]
    except DataSourceError as exc:
        raise DataSourceError(f"{spec}: {exc}") from None
