"""Assembling the GPIoT pipeline's functions into one program, with the standard library's ast.

`assemble` keeps, from each piece of generated code, its imports (deduplicated, ``__future__``
first) and its top-level definitions and literal constants, in order; every other top-level
statement is dropped, so importing the program runs nothing but definitions. `defines` tells
whether a program defines a function, and `placeholder` is the stand-in for a missing one.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence


def _literal(node: ast.AST) -> bool:
    value = getattr(node, "value", None)
    if value is None:
        return False
    try:
        ast.literal_eval(value)
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
        return False
    return True


def definitions(code: str) -> tuple[list[str], list[str]]:
    """(import statements, definitions) at the top level of `code`; ([], []) if it won't parse."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return [], []
    lines = code.splitlines()
    imports: list[str] = []
    defs: list[str] = []
    spans = [
        (
            min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])]),
            node.end_lineno or node.lineno,
        )
        for node in tree.body
    ]
    for index, node in enumerate(tree.body):
        start, end = spans[index]
        # a statement sharing a line with another (``a; b``) is re-rendered alone
        shared = (index > 0 and start <= spans[index - 1][1]) or (
            index + 1 < len(spans) and spans[index + 1][0] <= end
        )
        text = ast.unparse(node) if shared else "\n".join(lines[start - 1 : end])
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imports.append(text)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) or (
            isinstance(node, (ast.Assign, ast.AnnAssign)) and _literal(node)
        ):
            defs.append(text)
    return imports, defs


def assemble(pieces: Sequence[str]) -> str:
    """One module from code pieces: deduplicated imports (``__future__`` first), then bodies."""
    imports: list[str] = []
    bodies: list[str] = []
    for piece in pieces:
        found, defs = definitions(piece)
        imports += [i for i in found if i not in imports]
        bodies += defs
    future = [i for i in imports if i.startswith("from __future__")]
    head = future + [i for i in imports if i not in future]
    parts = (["\n".join(head)] if head else []) + bodies
    program = "\n\n\n".join(parts) + "\n" if parts else ""
    ast.parse(program)  # pieces that parse alone still parse together; guard the invariant
    return program


def defines(program: str, name: str) -> bool:
    try:
        tree = ast.parse(program)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return any(
        isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name
        for node in tree.body
    )


def placeholder(name: str) -> str:
    return (
        f"def {name}(*args, **kwargs):\n"
        f'    """Placeholder: the code-generation step wrote no `{name}`."""\n'
        f'    raise NotImplementedError("GPIoT pipeline: no {name} was generated")\n'
    )
