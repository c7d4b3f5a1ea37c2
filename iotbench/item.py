"""One IoTBench item: a readable folder, loaded and checked into an `Item` record.

A folder holds ``item.yaml`` (metadata), ``prompt.md`` (the user message), optionally ``system.md``
(the system message; otherwise the kind's default) and the shipped solutions as ``<name>.py``
(``reference.py`` at least; e.g. ``generic.py`` for what a general code model tends to write);
a decomposition item's reference is ``reference.md``. Code-generation items also hold
``hidden_tests.py`` (never shown to a model) and ``public_tests.py`` (examples a model-based system
may run while it works); neither is a solution. See docs/adding_items.md.
The content hash covers every file of the folder, so any edit is visible in results files.
The set of items (the shipped folders, another folder, an export) is `iotbench.catalog`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

KINDS = ("application", "decomposition", "codegen")
DOMAINS = (
    "ecg",
    "ppg",
    "imu",
    "wifi_csi",
    "audio",
    "radar",
    "ble",
    "environmental",
    "gps",
    "emg",
    "eeg",
    "networking",
    "edge",
    "energy",
    "multimodal",
)
DIFFICULTIES = ("easy", "medium", "hard")
# The leaderboard reports every split on its own and a headline that weighs them equally.
# Code-generation items are either `spec` (the algorithm is specified; oracle tests) or `task`
# (the problem is specified, not the method; outcome tests on realistic data, docs/task_items.md).
SPLITS = ("spec", "task", "applications", "decomposition")
_KIND_SPLITS = {
    "codegen": ("spec", "task"),
    "application": ("applications",),
    "decomposition": ("decomposition",),
}
NOT_SOLUTIONS = frozenset({"hidden_tests.py", "public_tests.py", "conftest.py"})

# The paper's task-decomposition format, with a two-sub-task example (docs/metrics.md, FCR).
DECOMPOSITION_SYSTEM = """\
You are an experienced IoT application developer. Break the problem into sub-tasks with \
concrete implementation steps, in the order they would be carried out. Answer with the list \
only, no text before or after it: each sub-task is a header line followed by its steps, one \
bullet per step, and sub-tasks are separated by one blank line. For example:

- Sub-Task 1 [Collect labelled sensor data]
  - Record the 3-axis accelerometer at 50 Hz from ten volunteers doing each activity.
  - Keep each person's recordings together and split the people into training and test sets.

- Sub-Task 2 [Train and evaluate the activity classifier]
  - Compute mean, variance and dominant frequency over 2 s windows with 50 % overlap.
  - Fit a decision tree and report the per-class F1 score on the test people."""

DEFAULT_SYSTEM = {
    "application": "You are an experienced IoT application developer. Write correct, efficient "
    "Python that follows the requested function contract exactly.",
    "decomposition": DECOMPOSITION_SYSTEM,
    "codegen": "You are a skilled Python programmer for signal processing and machine learning. "
    "Write one Python function that meets the specification, with comments.",
}

_REQUIRED: dict[str, type] = {
    "id": str,
    "kind": str,
    "domain": str,
    "version": int,
    "title": str,
    "scorer": str,
}


class ItemError(ValueError):
    """An item folder that cannot be loaded; the message names the file and field."""


@dataclass(frozen=True)
class Item:
    id: str
    kind: str
    domain: str
    version: int
    title: str
    scorer: str
    system: str
    prompt: str
    path: Path
    content_hash: str
    entry_point: str | None = None
    config: Mapping[str, Any] = field(default_factory=dict)
    split: str = ""  # one of SPLITS; load_item sets it (the kind's default when item.yaml has none)

    @property
    def solutions(self) -> dict[str, str]:
        """Shipped solutions by name, as a model would answer: code fenced, decompositions plain."""
        out = {}
        for path in sorted(self.path.glob("*.py")):
            if path.name not in NOT_SOLUTIONS:
                out[path.stem] = f"```python\n{path.read_text(encoding='utf-8')}```\n"
        reference_md = self.path / "reference.md"
        if reference_md.is_file():
            out["reference"] = reference_md.read_text(encoding="utf-8")
        return out

    def read(self, name: str) -> str:
        """A file of the item folder (e.g. hidden_tests.py); the scorer's business only."""
        return (self.path / name).read_text(encoding="utf-8")


# item.yaml's `calibration:` block (a mapping, to the next top-level key or the end): the record
# of a blind answer documents the item and does not change what is scored, so it is left out of
# the content hash (recording a calibration keeps scores and validation records comparable).
_CALIBRATION_BLOCK = re.compile(rb"^calibration:.*?(?=^\S|\Z)", re.MULTILINE | re.DOTALL)


def _hash_folder(folder: Path) -> str:
    digest = hashlib.sha256()
    files = (p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for file in sorted(files):
        data = file.read_bytes()
        if file == folder / "item.yaml":
            data = _CALIBRATION_BLOCK.sub(b"", data)
        digest.update(file.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(data + b"\0")
    return digest.hexdigest()


def _read_text(path: Path, what: str) -> str:
    """A text file of the item folder; unreadable or not UTF-8: ItemError naming the file."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ItemError(f"{path}: cannot read the {what} ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise ItemError(
            f"{path}: cannot read the {what}: not valid UTF-8 (byte {exc.start})"
        ) from None


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """A YAML error on one line: what is wrong and where (PyYAML's own text spans lines)."""
    problem = getattr(exc, "problem", None)
    mark = getattr(exc, "problem_mark", None)
    if problem is None:
        return " ".join(str(exc).split())
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    return f"{problem}{where}"


def load_item(folder: Path) -> Item:
    """Load and validate one item folder."""
    meta_path = folder / "item.yaml"
    try:
        meta = yaml.safe_load(_read_text(meta_path, "item metadata"))
    except yaml.YAMLError as exc:
        raise ItemError(f"{meta_path}: cannot read item metadata ({_yaml_problem(exc)})") from None
    if not isinstance(meta, dict):
        raise ItemError(f"{meta_path}: expected a mapping of fields")
    for key, kind in _REQUIRED.items():
        if not isinstance(meta.get(key), kind) or isinstance(meta.get(key), bool):
            raise ItemError(f"{meta_path}: field {key!r} must be a {kind.__name__}")
    if meta["id"] != folder.name:
        raise ItemError(
            f"{meta_path}: field 'id' is {meta['id']!r} but the folder is "
            f"{folder.name!r}; they must match"
        )
    if meta["kind"] not in KINDS:
        raise ItemError(f"{meta_path}: field 'kind' must be one of {', '.join(KINDS)}")
    if meta["domain"] not in DOMAINS:
        raise ItemError(
            f"{meta_path}: field 'domain' is {meta['domain']!r}; expected one of "
            f"{', '.join(DOMAINS)}"
        )
    if "difficulty" in meta and meta["difficulty"] not in DIFFICULTIES:
        raise ItemError(f"{meta_path}: field 'difficulty' must be one of {', '.join(DIFFICULTIES)}")
    allowed = _KIND_SPLITS[meta["kind"]]
    split = meta.get("split", allowed[0])
    if split not in allowed:
        raise ItemError(
            f"{meta_path}: field 'split' is {split!r}; a {meta['kind']} item's split is one of "
            f"{', '.join(allowed)}"
        )
    entry_point = meta.get("entry_point")
    if meta["kind"] != "decomposition" and not (
        isinstance(entry_point, str) and entry_point.isidentifier()
    ):
        raise ItemError(
            f"{meta_path}: field 'entry_point' must name the function a {meta['kind']} item's "
            f"program defines, got {entry_point!r}"
        )
    reference = "reference.md" if meta["kind"] == "decomposition" else "reference.py"
    if not (folder / reference).is_file():
        raise ItemError(f"{folder / reference}: missing reference solution")
    if meta["kind"] == "codegen" and not (folder / "hidden_tests.py").is_file():
        raise ItemError(f"{folder / 'hidden_tests.py'}: a codegen item needs hidden tests")
    if not (folder / "prompt.md").is_file():
        raise ItemError(f"{folder / 'prompt.md'}: missing prompt")
    prompt = _read_text(folder / "prompt.md", "prompt").strip()
    system_path = folder / "system.md"
    system = (
        _read_text(system_path, "system message").strip()
        if system_path.is_file()
        else DEFAULT_SYSTEM[meta["kind"]]
    )
    extra = {
        k: v for k, v in meta.items() if k not in _REQUIRED and k not in ("entry_point", "split")
    }
    return Item(
        id=meta["id"],
        kind=meta["kind"],
        domain=meta["domain"],
        version=meta["version"],
        title=meta["title"],
        scorer=meta["scorer"],
        system=system,
        prompt=prompt,
        path=folder,
        content_hash=_hash_folder(folder),
        entry_point=entry_point,
        config=extra,
        split=split,
    )
