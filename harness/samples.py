"""The samples file: JSON lines, the contract between generation and evaluation.

Each line is one completion: ``{"item_id": str, "sample_idx": int, "completion": str}`` plus
optional ``item_version`` (int) and ``model`` (str). ``completion`` is the raw model text; the
harness extracts the code, after replacing invalid code points (harness.completions). A broken
line is reported as ``FILE:LINE: what is wrong``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from harness.completions import json_line, normalise


class SamplesError(ValueError):
    """A samples file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Sample:
    item_id: str
    sample_idx: int
    completion: str
    item_version: int | None = None
    model: str | None = None

    def to_json(self) -> str:
        return json_line({k: v for k, v in asdict(self).items() if v is not None})


_REQUIRED: dict[str, type] = {"item_id": str, "sample_idx": int, "completion": str}
_OPTIONAL: dict[str, type] = {"item_version": int, "model": str}


def _parse_line(text: str, where: str) -> Sample:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SamplesError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise SamplesError(f"{where}: expected a JSON object, got {type(record).__name__}")
    for key, kind in {**_REQUIRED, **_OPTIONAL}.items():
        if key not in record:
            if key in _REQUIRED:
                raise SamplesError(
                    f"{where}: missing field {key!r} (each line needs "
                    "item_id: str, sample_idx: int, completion: str)"
                )
            continue
        value = record[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise SamplesError(
                f"{where}: field {key!r} must be {kind.__name__}, got {type(value).__name__}"
            )
    for key in ("item_id", "model"):
        if isinstance(record.get(key), str) and normalise(record[key])[1]:
            raise SamplesError(f"{where}: field {key!r} holds a lone surrogate (\\ud800-\\udfff)")
    if record["sample_idx"] < 0:
        raise SamplesError(f"{where}: field 'sample_idx' must be >= 0, got {record['sample_idx']}")
    return Sample(**{k: record[k] for k in (*_REQUIRED, *_OPTIONAL) if k in record})


def read_samples(path: str | os.PathLike[str]) -> list[Sample]:
    """Read and validate a samples file; duplicates of (item_id, sample_idx) are errors."""
    path = Path(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise SamplesError(f"{path}: cannot read samples file ({exc.strerror})") from None
    samples: list[Sample] = []
    first_line: dict[tuple[str, int], int] = {}
    with handle:
        for lineno, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise SamplesError(f"{path}:{lineno}: not valid UTF-8 (byte {exc.start})") from None
            if not text.strip():
                continue
            sample = _parse_line(text, f"{path}:{lineno}")
            key = (sample.item_id, sample.sample_idx)
            if key in first_line:
                raise SamplesError(
                    f"{path}:{lineno}: duplicate sample {key[0]!r} #{key[1]} "
                    f"(first on line {first_line[key]})"
                )
            first_line[key] = lineno
            samples.append(sample)
    if not samples:
        raise SamplesError(f"{path}: no samples in file")
    return samples


def write_samples(path: str | os.PathLike[str], samples: Iterable[Sample]) -> Path:
    """Write a new samples file atomically; an existing file is never overwritten."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path}: samples file exists; refusing to overwrite")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with tmp.open("w", encoding="utf-8") as handle:
        for sample in samples:
            handle.write(sample.to_json() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.link(tmp, path)  # fails if `path` appeared meanwhile: no silent overwrite
    tmp.unlink()
    return path
