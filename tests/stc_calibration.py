"""The STC calibration set (tests/data/stc_calibration): graded answers to decomposition items.

Each YAML file names an item and lists variants with an expected grade (1-5); a variant is
written out (`text`) or built from the item's reference, the file's paraphrase or another item's
reference (see the README beside the files). `load_calibration` returns every variant as text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data" / "stc_calibration"
ITEMS = Path(__file__).resolve().parents[1] / "iotbench" / "items"
CONTENT_FREE_STEP = "  - Do it."


@dataclass(frozen=True)
class Variant:
    item_id: str
    name: str
    grade: int
    text: str


def blocks(text: str) -> list[str]:
    """The blank-line-separated sub-tasks of a decomposition, trimmed."""
    parts = [part.strip("\n") for part in text.strip().split("\n\n")]
    return [part for part in parts if part.strip()]


def _reference(item_id: str) -> str:
    return (ITEMS / item_id / "reference.md").read_text(encoding="utf-8")


def _build(spec: Mapping[str, Any], item_id: str, written: Mapping[str, str]) -> str:
    source = str(spec["source"])
    if source == "reference":
        text = _reference(item_id)
    elif source in written:
        text = written[source]
    else:
        text = _reference(source)
    parts = blocks(text)
    if "keep" in spec:
        parts = [parts[index - 1] for index in spec["keep"]]
    if spec.get("headers_only"):
        parts = [part.split("\n")[0] + "\n" + CONTENT_FREE_STEP for part in parts]
    if "pad" in spec:
        padding = []
        for entry in spec["pad"]:
            other, _, number = str(entry).partition("#")
            padding.append(blocks(_reference(other))[int(number) - 1])
        mixed = []
        for index, part in enumerate(parts):
            mixed.append(part)
            if index < len(padding):
                mixed.append(padding[index])
        parts = mixed + padding[len(parts) :]
    return "\n\n".join(parts) + "\n"


def load_file(path: Path) -> list[Variant]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    item_id = str(data["item"])
    written = {str(v["name"]): str(v["text"]) for v in data["variants"] if "text" in v}
    out = []
    for spec in data["variants"]:
        name = str(spec["name"])
        text = written[name] if name in written else _build(spec, item_id, written)
        out.append(Variant(item_id, name, int(spec["grade"]), text))
    return out


def load_calibration() -> list[Variant]:
    """Every variant of every calibration file, in file order."""
    return [v for path in sorted(DATA.glob("*.yaml")) for v in load_file(path)]
