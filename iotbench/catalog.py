"""The set of IoTBench items: the shipped folders under ``iotbench/items/``, another folder of
item folders (``--items-dir``), or an ``iotbench export`` directory."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from iotbench import export
from iotbench.item import Item, load_item

ITEMS_DIR = Path(__file__).with_name("items")  # the shipped items: data folders only


@lru_cache(maxsize=4)
def load_items(root: Path = ITEMS_DIR) -> tuple[Item, ...]:
    """All items under `root`, sorted by id; `root` may also be an `iotbench export` directory,
    whose item folders are rebuilt (identical content hashes) in a temporary directory."""
    if export.is_export(root):
        root = export.materialise(root)
    folders = sorted(p.parent for p in root.glob("*/item.yaml"))
    return tuple(load_item(folder) for folder in folders)
