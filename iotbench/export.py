"""`iotbench export`: the item set as a Hugging Face dataset, with the hidden part kept apart.

An export directory holds three things:

- ``DIR/`` itself: a ``datasets.DatasetDict`` with one split per item kind (application,
  decomposition, codegen) and only what a model or a participant may see: metadata, the system
  and user prompt, the entry point, ``item.yaml`` as JSON, the public tests, and the public files
  byte for byte. ``datasets.load_from_disk(DIR)`` reads it.
- ``DIR/private/``: a second ``DatasetDict`` with the same splits and everything else of each
  item folder: hidden tests, reference solutions (they are the targets of the similarity and
  BLEU/STC metrics) and any other file. Never publish it.
- ``DIR/iotbench_export.json``: a manifest (format version, counts, every item's content hash).

The harness runs from an export (``pytest iotbench --items-dir DIR``): `materialise` rebuilds the
item folders in a private temporary directory, byte for byte, so every content hash equals the
source folder's and results stay comparable. `datasets` is imported only here, on first use.
"""

from __future__ import annotations

import atexit
import base64
import importlib.util
import json
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import yaml

from harness.registry import LazyRegistry
from iotbench.item import KINDS, Item, ItemError, load_item

if TYPE_CHECKING:
    from collections.abc import Iterator

    from datasets import DatasetDict, Features

FORMAT_VERSION = 1
MANIFEST = "iotbench_export.json"
PRIVATE = "private"
# Files of an item folder a model may see; everything else (hidden tests, solutions, data) is
# private, so a new kind of file is kept out of the public splits unless it is added here.
PUBLIC_FILES = frozenset({"item.yaml", "prompt.md", "system.md", "public_tests.py"})


class ExportError(ValueError):
    """An export that cannot be written; the message names the directory and the problem."""


@dataclass(frozen=True)
class ExportSummary:
    directory: Path
    counts: Mapping[str, int]  # items per split (kind)


def _require_datasets(error: type[ValueError]) -> None:
    if importlib.util.find_spec("datasets") is None:
        raise error(
            "the Hugging Face export needs the `datasets` package (pip install 'iotbench[hf]')"
        )


def is_export(root: Path) -> bool:
    """True when `root` is a directory written by `iotbench export`."""
    return (root / MANIFEST).is_file()


# --- item folders <-> rows -------------------------------------------------------------------
def _folder_files(folder: Path) -> list[tuple[str, bytes]]:
    """Every file of an item folder (the files its content hash covers), by relative path."""
    out = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and "__pycache__" not in relative.parts:
            out.append((relative.as_posix(), path.read_bytes()))
    return out


def _encode(path: str, data: bytes) -> dict[str, str]:
    try:
        return {"path": path, "encoding": "utf-8", "text": data.decode("utf-8")}
    except UnicodeDecodeError:
        return {"path": path, "encoding": "base64", "text": base64.b64encode(data).decode()}


def _decode(entry: Mapping[str, str], where: str) -> tuple[PurePosixPath, bytes]:
    path = PurePosixPath(entry["path"])
    if path.is_absolute() or not path.parts or ".." in path.parts:
        raise ItemError(f"{where}: file path {entry['path']!r} leaves the item folder")
    if entry["encoding"] == "utf-8":
        return path, entry["text"].encode("utf-8")
    if entry["encoding"] == "base64":
        return path, base64.b64decode(entry["text"])
    raise ItemError(f"{where}: file {entry['path']!r} has unknown encoding {entry['encoding']!r}")


def _text(files: Sequence[tuple[str, bytes]], name: str) -> str:
    return next((data.decode("utf-8", "replace") for path, data in files if path == name), "")


def item_rows(item: Item) -> tuple[dict[str, Any], dict[str, Any]]:
    """The public row and the private row of one item."""
    files = _folder_files(item.path)
    public = [(p, d) for p, d in files if p in PUBLIC_FILES]
    private = [(p, d) for p, d in files if p not in PUBLIC_FILES]
    meta = yaml.safe_load(item.read("item.yaml"))
    reference = "reference.md" if item.kind == "decomposition" else "reference.py"
    public_row = {
        "id": item.id,
        "kind": item.kind,
        "domain": item.domain,
        "version": item.version,
        "difficulty": item.config.get("difficulty"),
        "title": item.title,
        "scorer": item.scorer,
        "content_hash": item.content_hash,
        "system": item.system,
        "prompt": item.prompt,
        "entry_point": item.entry_point,
        "config": json.dumps(meta, sort_keys=True, default=str),
        "public_tests": _text(public, "public_tests.py"),
        "files": [_encode(p, d) for p, d in public],
    }
    private_row = {
        "id": item.id,
        "kind": item.kind,
        "version": item.version,
        "content_hash": item.content_hash,
        "hidden_tests": _text(private, "hidden_tests.py"),
        "reference": _text(private, reference),
        "files": [_encode(p, d) for p, d in private],
    }
    return public_row, private_row


def _features() -> tuple[Features, Features]:
    from datasets import Features, List, Value

    string, files = (
        Value("string"),
        List({"path": Value("string"), "encoding": Value("string"), "text": Value("string")}),
    )
    public = Features(
        {
            "id": string,
            "kind": string,
            "domain": string,
            "version": Value("int64"),
            "difficulty": string,
            "title": string,
            "scorer": string,
            "content_hash": string,
            "system": string,
            "prompt": string,
            "entry_point": string,
            "config": string,
            "public_tests": string,
            "files": files,
        }
    )
    private = Features(
        {
            "id": string,
            "kind": string,
            "version": Value("int64"),
            "content_hash": string,
            "hidden_tests": string,
            "reference": string,
            "files": files,
        }
    )
    return public, private


def _dataset_dict(rows: Mapping[str, list[dict[str, Any]]], features: Features) -> DatasetDict:
    from datasets import Dataset, DatasetDict

    return DatasetDict(
        {
            kind: Dataset.from_dict(
                {name: [row[name] for row in rows[kind]] for name in features}, features=features
            )
            for kind in KINDS
        }
    )


@contextmanager
def _quiet_datasets() -> Iterator[None]:
    """Hide the `datasets` progress bars for the duration, then restore what was set."""
    from datasets.utils import (
        are_progress_bars_disabled,
        disable_progress_bars,
        enable_progress_bars,
    )

    was_disabled = are_progress_bars_disabled()
    disable_progress_bars()
    try:
        yield
    finally:
        if not was_disabled:
            enable_progress_bars()


# --- writing ---------------------------------------------------------------------------------
def _check_target(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise ExportError(
            f"{directory}: exists and is not a directory; choose a new or empty directory"
        )
    if directory.is_dir() and any(directory.iterdir()):
        raise ExportError(
            f"{directory}: not empty; the export writes only into a new or empty "
            f"directory (nothing was changed)"
        )


def _package_version() -> str:
    try:
        return version("iotbench")
    except PackageNotFoundError:
        return "0+unknown"


def export_hf(items: Sequence[Item], directory: Path) -> ExportSummary:
    """Write `items` to `directory` as public and private DatasetDicts plus the manifest.

    The output is assembled beside `directory` and moved into place at the end, after it was
    read back and every rebuilt item matched its content hash, so a failure leaves nothing.
    """
    _check_target(directory)
    _require_datasets(ExportError)
    public_rows: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    private_rows: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    for item in items:
        public, private = item_rows(item)
        public_rows[item.kind].append(public)
        private_rows[item.kind].append(private)
    counts = {kind: len(rows) for kind, rows in public_rows.items()}
    manifest = {
        "format": "hf",
        "format_version": FORMAT_VERSION,
        "iotbench_version": _package_version(),
        "private": PRIVATE,
        "splits": counts,
        "items": {item.id: item.content_hash for item in items},
    }
    public_features, private_features = _features()
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
    try:
        shards = dict.fromkeys(KINDS, 1)  # one shard per split, also when a split is empty
        with _quiet_datasets():
            _dataset_dict(public_rows, public_features).save_to_disk(
                str(staging), num_shards=shards
            )
            _dataset_dict(private_rows, private_features).save_to_disk(
                str(staging / PRIVATE), num_shards=shards
            )
        (staging / MANIFEST).write_text(
            json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        with tempfile.TemporaryDirectory() as check:  # read back: every item must rebuild
            materialise(staging, Path(check))
        staging.chmod(0o755)  # mkdtemp made it owner-only; the public part is for sharing
        (staging / PRIVATE).chmod(0o700)  # hidden tests stay unreadable to other local users
        _check_target(directory)
        if directory.is_dir():
            directory.rmdir()
        staging.rename(directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ExportSummary(directory, counts)


Exporter = Callable[[Sequence[Item], Path], ExportSummary]
EXPORT_FORMATS: LazyRegistry[Exporter] = LazyRegistry("export format")
EXPORT_FORMATS.register("hf", export_hf)


# --- reading ---------------------------------------------------------------------------------
def _manifest(root: Path) -> dict[str, Any]:
    path = root / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ItemError(f"{path}: cannot read the export manifest ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != "hf":
        raise ItemError(f"{path}: field 'format' must be 'hf'")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ItemError(
            f"{path}: field 'format_version' is {manifest.get('format_version')!r}; "
            f"this iotbench reads version {FORMAT_VERSION}"
        )
    if not isinstance(manifest.get("items"), dict):
        raise ItemError(f"{path}: field 'items' must map item ids to content hashes")
    return manifest


def _rows(directory: Path) -> Iterable[dict[str, Any]]:
    from datasets import load_from_disk

    if not (directory / "dataset_dict.json").is_file():
        what = "private part (hidden tests, references)" if directory.name == PRIVATE else "dataset"
        raise ItemError(f"{directory}: missing the export's {what}; it is needed to run the items")
    with _quiet_datasets():
        splits = load_from_disk(str(directory))
    for kind in splits:
        yield from splits[kind].to_list()


def materialise(root: Path, into: Path | None = None) -> Path:
    """Rebuild the item folders of the export at `root`; return the directory holding them.

    Without `into`, a fresh private temporary directory is used and removed when the process
    exits. Every rebuilt folder must hash to the content hash the manifest records.
    """
    manifest = _manifest(root)
    _require_datasets(ItemError)
    public = {row["id"]: row for row in _rows(root)}
    private = {row["id"]: row for row in _rows(root / manifest.get("private", PRIVATE))}
    expected: dict[str, str] = manifest["items"]
    for item_id in expected:
        if item_id not in public or item_id not in private:
            part = "public" if item_id not in public else "private"
            raise ItemError(
                f"{root}: item {item_id!r} of the manifest is missing from the {part} dataset"
            )
    if into is None:
        into = Path(tempfile.mkdtemp(prefix="iotbench-items-"))
        atexit.register(shutil.rmtree, into, True)
    for item_id, content_hash in expected.items():
        if PurePosixPath(item_id).name != item_id or item_id in ("", ".", ".."):
            raise ItemError(f"{root / MANIFEST}: item id {item_id!r} is not a folder name")
        folder = into / item_id
        for entry in [*public[item_id]["files"], *private[item_id]["files"]]:
            relative, data = _decode(entry, f"{root}: item {item_id}")
            target = folder.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        rebuilt = load_item(folder).content_hash
        if rebuilt != content_hash:
            raise ItemError(
                f"{root}: item {item_id!r} rebuilds with content hash "
                f"{rebuilt[:12]}…, the manifest says {content_hash[:12]}…; the "
                f"export is damaged or was edited"
            )
    return into
