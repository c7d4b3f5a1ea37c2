"""Extract the program from a raw completion (markdown fences, prose around code, truncation).

The raw completion is always kept beside the extracted code, so a scoring decision can be audited.
Parsing uses `ast.parse` only: nothing of the completion is executed here.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

_FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_+-]*)[^\n]*\n(.*?)(?:```|\Z)", re.DOTALL)
_CODE_START = re.compile(r"^(import |from \S+ import |def |async def |class |@)", re.MULTILINE)
_NON_PYTHON_TAGS = {"bash", "sh", "shell", "console", "text", "json", "yaml", "output", "txt"}
_DEFINITION_NODES = (
    ast.Import,
    ast.ImportFrom,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Assign,
    ast.AnnAssign,
)


@dataclass(frozen=True)
class ExtractedCode:
    code: str
    method: str  # how it was found: "fence", "fences", "whole", "trimmed", "none"


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _defines(code: str, entry_point: str) -> bool:
    return re.search(rf"^\s*(async\s+)?def\s+{re.escape(entry_point)}\s*\(", code, re.M) is not None


def _only_definitions(code: str) -> bool:
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return all(isinstance(node, _DEFINITION_NODES) for node in tree.body)


def _from_fences(text: str, entry_point: str) -> ExtractedCode | None:
    blocks = [body for tag, body in _FENCE.findall(text) if tag.lower() not in _NON_PYTHON_TAGS]
    if not blocks:
        return None
    defining = [i for i, block in enumerate(blocks) if _defines(block, entry_point)]
    if not defining:
        return ExtractedCode(blocks[0].strip("\n") + "\n", "fence")
    chosen = defining[-1]
    helpers = [b for b in blocks[:chosen] if _only_definitions(b) and not _defines(b, entry_point)]
    if helpers:
        code = "\n\n".join(b.strip("\n") for b in [*helpers, blocks[chosen]]) + "\n"
        return ExtractedCode(code, "fences")
    return ExtractedCode(blocks[chosen].strip("\n") + "\n", "fence")


def _trim_prose(text: str) -> ExtractedCode | None:
    start = _CODE_START.search(text)
    if start is None:
        return None
    lines = text[start.start() :].splitlines()
    for end in range(len(lines), 0, -1):
        candidate = "\n".join(lines[:end]).rstrip() + "\n"
        if _parses(candidate):
            return ExtractedCode(candidate, "trimmed")
    return None


def extract_code(completion: str, entry_point: str) -> ExtractedCode:
    """The most plausible program in `completion` that should define `entry_point`."""
    fenced = _from_fences(completion, entry_point)
    if fenced is not None:
        return fenced
    if completion.strip() and _parses(completion):
        return ExtractedCode(completion, "whole")
    trimmed = _trim_prose(completion)
    if trimmed is not None:
        return trimmed
    return ExtractedCode(completion, "none")
