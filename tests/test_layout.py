"""The layout's rules, checked on the source: which way imports point, no import circles, and
what the sandbox worker may import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

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


# --- the import graph of the four packages -----------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIRS = [ROOT / name for name in PROJECT]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    """Every module of the four packages (item folders are data, not modules)."""
    found = {}
    for folder in PACKAGE_DIRS:
        for path in folder.rglob("*.py"):
            if "items" not in path.relative_to(ROOT).parts[1:2]:
                found[module_name(path)] = path
    return found


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Ids of import nodes under ``if TYPE_CHECKING:``: they never run, so they form no circle."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(inner) for stmt in node.body for inner in ast.walk(stmt)}
    return skipped


def edges(modules: dict[str, Path], *, with_type_checking: bool) -> dict[str, set[str]]:
    """module -> the project modules it imports (at the top, in functions, anywhere)."""
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        skipped = set() if with_type_checking else _type_checking_only(tree)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                    for alias in node.names
                ]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import circle as [a, b, ..., a], or [] when there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return []


def test_the_graph_sees_the_packages() -> None:
    graph = edges(project_modules(), with_type_checking=True)
    assert "harness.results" in graph["iotbench.session"]
    assert "harness.sandbox.worker.wire" in graph["harness.sandbox.worker.child"]  # relative
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_no_import_circles() -> None:
    cycle = find_cycle(edges(project_modules(), with_type_checking=False))
    assert not cycle, "import circle: " + " -> ".join(cycle)


@pytest.mark.parametrize(
    ("lower", "higher"),
    [
        ("harness", ("iotbench", "baselines", "gpiot_models")),
        ("iotbench", ("baselines", "gpiot_models")),
        ("baselines", ("gpiot_models",)),
    ],
)
def test_dependencies_point_one_way(lower: str, higher: tuple[str, ...]) -> None:
    """iotbench -> harness <- baselines <- gpiot_models, type-only imports included."""
    graph = edges(project_modules(), with_type_checking=True)
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in graph.items()
        if module.split(".")[0] == lower
        for target in targets
        if target.split(".")[0] in higher
    )
    assert not wrong, wrong
