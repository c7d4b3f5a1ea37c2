"""An AST mutator: small faulty variants of a reference, to measure how much its tests catch.

Each mutant changes one site: an arithmetic or comparison operator swapped, a boolean operator
flipped, a `not` or a unary minus dropped, a number nudged (integers by one: off-by-one; floats
by 10 %), a boolean constant flipped, or one statement of a function body replaced by `pass`.
Docstrings and strings are left alone. A test suite that still passes a mutant did not notice
the change. Mutants are built from our own reference code and run only in the sandbox all the same.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Iterator
from dataclasses import dataclass

_BINOP_SWAPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult,
    ast.Mod: ast.FloorDiv,
    ast.Pow: ast.Mult,
    ast.BitAnd: ast.BitOr,
    ast.BitOr: ast.BitAnd,
    ast.BitXor: ast.BitOr,
    ast.LShift: ast.RShift,
    ast.RShift: ast.LShift,
}
_CMP_SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}


@dataclass(frozen=True)
class Mutant:
    index: int
    line: int
    description: str
    code: str


def _is_docstring(node: ast.AST, parent: ast.AST | None) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


class _Mutator(ast.NodeTransformer):
    """Counts mutation sites; when `target` is set, applies the target-th one only."""

    def __init__(self, target: int | None = None) -> None:
        self.target = target
        self.count = 0
        self.applied: tuple[int, str] | None = None

    def _site(self, node: ast.AST, description: str) -> bool:
        hit = self.count == self.target
        self.count += 1
        if hit:
            self.applied = (getattr(node, "lineno", 0), description)
        return hit

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        swap = _BINOP_SWAPS.get(type(node.op))
        if swap and self._site(node, f"{type(node.op).__name__} -> {swap.__name__}"):
            node.op = swap()
        return node

    def visit_AugAssign(self, node: ast.AugAssign) -> ast.AST:
        self.generic_visit(node)
        swap = _BINOP_SWAPS.get(type(node.op))
        if swap and self._site(node, f"{type(node.op).__name__}= -> {swap.__name__}="):
            node.op = swap()
        return node

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        for position, op in enumerate(node.ops):
            swap = _CMP_SWAPS.get(type(op))
            if swap and self._site(node, f"{type(op).__name__} -> {swap.__name__}"):
                node.ops[position] = swap()
        return node

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.AST:
        self.generic_visit(node)
        swap = ast.Or if isinstance(node.op, ast.And) else ast.And
        if self._site(node, f"{type(node.op).__name__} -> {swap.__name__}"):
            node.op = swap()
        return node

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.Not | ast.USub) and self._site(
            node, f"drop {type(node.op).__name__}"
        ):
            return node.operand
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        value = node.value
        if isinstance(value, bool):
            if self._site(node, f"{value} -> {not value}"):
                return ast.copy_location(ast.Constant(not value), node)
        elif isinstance(value, int):
            if self._site(node, f"{value} -> {value + 1}"):
                return ast.copy_location(ast.Constant(value + 1), node)
        elif isinstance(value, float):
            new = value * 1.1 if value else 0.1
            if self._site(node, f"{value!r} -> {new!r}"):
                return ast.copy_location(ast.Constant(new), node)
        return node

    def _body(self, body: list[ast.stmt]) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for statement in body:
            removable = not (
                _is_docstring(statement, None)
                or isinstance(
                    statement,
                    ast.FunctionDef
                    | ast.ClassDef
                    | ast.Import
                    | ast.ImportFrom
                    | ast.Pass
                    | ast.Global
                    | ast.Nonlocal,
                )
            )
            if removable and self._site(statement, "statement -> pass"):
                out.append(ast.copy_location(ast.Pass(), statement))
            else:
                out.append(self.visit(statement))
        return out

    def _compound(self, node: ast.stmt) -> ast.AST:
        """Visit a statement with nested blocks; statements inside blocks may be dropped."""
        for name, value in ast.iter_fields(node):
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                setattr(node, name, self._body(value))
            elif isinstance(value, list):
                setattr(node, name, [self.visit(v) if isinstance(v, ast.AST) else v for v in value])
            elif isinstance(value, ast.AST):
                setattr(node, name, self.visit(value))
        return node

    def visit_If(self, node: ast.If) -> ast.AST:
        return self._compound(node)

    def visit_For(self, node: ast.For) -> ast.AST:
        return self._compound(node)

    def visit_While(self, node: ast.While) -> ast.AST:
        return self._compound(node)

    def visit_With(self, node: ast.With) -> ast.AST:
        return self._compound(node)

    def visit_Try(self, node: ast.Try) -> ast.AST:
        return self._compound(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        node.decorator_list = [self.visit(d) for d in node.decorator_list]
        node.args = self.visit(node.args)
        body = node.body
        doc = body[:1] if body and _is_docstring(body[0], node) else []
        node.body = doc + self._body(body[len(doc) :])
        return node

    def visit_Expr(self, node: ast.Expr) -> ast.AST:
        if _is_docstring(node, None):
            return node  # strings are data, not logic
        self.generic_visit(node)
        return node


def count_sites(source: str) -> int:
    mutator = _Mutator()
    mutator.visit(ast.parse(source))
    return mutator.count


def mutants(source: str, limit: int | None = None) -> Iterator[Mutant]:
    """Distinct one-site mutants of `source`, spread evenly over the sites when `limit` is set."""
    tree = ast.parse(source)
    baseline = ast.unparse(tree)
    total = count_sites(source)
    sites = list(range(total))
    if limit is not None and total > limit:
        sites = sorted({round(i * (total - 1) / max(limit - 1, 1)) for i in range(limit)})
    seen = {baseline}
    for site in sites:
        mutator = _Mutator(site)
        mutated = ast.fix_missing_locations(mutator.visit(copy.deepcopy(tree)))
        code = ast.unparse(mutated)
        if code in seen or mutator.applied is None:
            continue
        seen.add(code)
        line, description = mutator.applied
        yield Mutant(site, line, description, code + "\n")
