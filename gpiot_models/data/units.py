"""Doctest statements as parsed units: what each reads, binds and may change in place.

The program builder (programs.py) works on these: which statements build a function's inputs
(a backward slice over bindings and in-place changes), which are plotting (dropped, along with
everything made from a plotting object), which are displays (bare expressions the doc shows).
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Sequence
from dataclasses import dataclass

from gpiot_models.data.docstrings import ExampleBlock

IMPLICIT_IMPORTS = {
    "np": "import numpy as np",
    "pd": "import pandas as pd",
    "torch": "import torch",
    "nn": "from torch import nn",
    "F": "import torch.nn.functional as F",
    "scipy": "import scipy",
}
# methods called for their effect (they return None): a call to one is a statement, not a value
IN_PLACE_METHODS = frozenset(
    {
        "backward",
        "sort",
        "append",
        "extend",
        "update",
        "step",
        "zero_grad",
        "shuffle",
        "seed",
        "manual_seed",
        "insert",
        "clear",
        "fill_",
        "zero_",
        "add_",
        "mul_",
        "copy_",
        "normal_",
        "uniform_",
    }
)
PLOT_MODULES = ("matplotlib", "mpl_toolkits", "seaborn", "pylab")
BUILTINS = frozenset(dir(builtins))
RESERVED = frozenset({"main", "__gpiot_probe__"})


@dataclass(frozen=True)
class Unit:
    """One doctest statement, parsed."""

    source: str
    tree: ast.Module
    want: str
    loads: tuple[str, ...]  # names read, in source order, that the unit does not bind itself
    stores: frozenset[str]  # names the unit binds at its top level
    touches: frozenset[str] = frozenset()  # stores plus objects it may change (x[0] = ..., x.f())

    @property
    def is_import(self) -> bool:
        return all(isinstance(node, ast.Import | ast.ImportFrom) for node in self.tree.body)

    @property
    def display(self) -> ast.expr | None:
        """The expression when the unit is a bare expression whose value the doc shows."""
        if len(self.tree.body) != 1 or not isinstance(self.tree.body[0], ast.Expr):
            return None
        value = self.tree.body[0].value
        if (
            isinstance(value, ast.Constant)
            or (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Name)
                and value.func.id == "print"
            )
            or (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Attribute)
                and value.func.attr in IN_PLACE_METHODS
            )
        ):
            return None
        return value

    def uses(self, names: frozenset[str]) -> bool:
        for node in ast.walk(self.tree):
            if (isinstance(node, ast.Name) and node.id in names) or (
                isinstance(node, ast.Attribute) and node.attr in names
            ):
                return True
        return False

    def body(self) -> str:
        """Source for a function body (multi-line strings re-rendered: indenting stays safe)."""
        for node in ast.walk(self.tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and (node.end_lineno or 0) > node.lineno
            ):
                return ast.unparse(self.tree)
        return self.source


class _Scanner(ast.NodeVisitor):
    """Names a statement reads and binds; bindings inside nested scopes stay inside."""

    def __init__(self) -> None:
        self.loads: list[tuple[int, int, str]] = []
        self.stores: set[str] = set()
        self.inner: set[str] = set()
        self.depth = 0

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self.loads.append((node.lineno, node.col_offset, node.id))
        else:
            (self.stores if self.depth == 0 else self.inner).add(node.id)

    def visit_alias(self, node: ast.alias) -> None:
        self.stores.add((node.asname or node.name).split(".")[0])

    def visit_arg(self, node: ast.arg) -> None:
        self.inner.add(node.arg)

    def _scope(self, node: ast.AST, name: str | None = None) -> None:
        if name is not None:
            (self.stores if self.depth == 0 else self.inner).add(name)
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._scope(node, node.name)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._scope(node, node.name)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._scope(node, node.name)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._scope(node)

    def visit_ListComp(self, node: ast.ListComp) -> None:
        self._scope(node)

    def visit_SetComp(self, node: ast.SetComp) -> None:
        self._scope(node)

    def visit_DictComp(self, node: ast.DictComp) -> None:
        self._scope(node)

    def visit_GeneratorExp(self, node: ast.GeneratorExp) -> None:
        self._scope(node)


def make_unit(source: str, want: str = "") -> Unit | None:
    """Parse one statement; None when it is not valid Python 3."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    scanner = _Scanner()
    scanner.visit(tree)
    loads = [name for _, _, name in sorted(scanner.loads) if name not in scanner.inner]
    return Unit(
        source,
        tree,
        want,
        tuple(dict.fromkeys(loads)),
        frozenset(scanner.stores),
        frozenset(scanner.stores | _mutated(tree)),
    )


def _root(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _mutated(tree: ast.Module) -> set[str]:
    """Objects a statement may change in place: item/attribute targets, method-call receivers."""
    out: set[str] = set()
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        elif (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Attribute)
        ):
            targets = [node.value.func]
        for target in targets:
            if isinstance(target, ast.Attribute | ast.Subscript):
                root = _root(target)
                if root is not None:
                    out.add(root)
    return out


def needed_for(units: Sequence[Unit], names: Sequence[str]) -> list[Unit]:
    """The units that build (or change) `names`, and what those depend on: a backward slice."""
    wanted = set(names)
    kept: list[Unit] = []
    for unit in reversed(units):
        if unit.touches & wanted:
            kept.append(unit)
            wanted |= set(unit.loads)
    return kept[::-1]


def block_units(block: ExampleBlock) -> list[Unit] | None:
    """The statements of a block that can run (None: one is not Python 3)."""
    units = []
    for statement in block.statements:
        if statement.skip or statement.raises:
            continue
        unit = make_unit(statement.source, statement.want)
        if unit is None:
            return None
        units.append(unit)
    return units


def drop_plotting(units: Sequence[Unit], tainted: set[str]) -> list[Unit]:
    """Remove plotting imports and every statement that touches what they (transitively) made."""
    kept = []
    for unit in units:
        plot_import = unit.is_import and any(
            (alias.name if isinstance(node, ast.Import) else (node.module or "")).startswith(
                PLOT_MODULES
            )
            for node in unit.tree.body
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        )
        if plot_import or tainted.intersection(unit.loads):
            tainted.update(unit.stores)
            continue
        kept.append(unit)
    return kept
