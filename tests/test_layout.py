"""The layout's rules, checked on the source: what the sandbox worker may import."""

from __future__ import annotations

import ast
from pathlib import Path

from harness.sandbox import pool

PROJECT = ("harness", "iotbench", "baselines", "gpiot_models")


def imports(path: Path) -> list[tuple[str, int]]:
    """(module, level) of every import statement in a file; level > 0 for relative imports."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, 0) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.module or "", node.level))
    return found


def test_the_worker_folder_imports_nothing_from_the_project() -> None:
    modules = sorted(pool.WORKER_DIR.glob("*.py"))
    assert {m.name for m in modules} >= {"runner.py", "session.py", "child.py", "wire.py"}
    for module in modules:
        for name, level in imports(module):
            where = f"{module.name} imports {'.' * level}{name}"
            assert level <= 1, f"{where}: only modules of the worker folder itself"
            assert level == 1 or name.split(".")[0] not in PROJECT, where


def test_the_sandbox_gets_the_whole_worker_folder_and_nothing_else(tmp_path: Path) -> None:
    pool.copy_worker(str(tmp_path))
    copied = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    names = sorted(p.name for p in pool.WORKER_DIR.glob("*.py"))
    assert copied == [pool.WORKER_PACKAGE] + [f"{pool.WORKER_PACKAGE}/{n}" for n in names]
