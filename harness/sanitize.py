"""Extract the program from a raw completion (markdown fences, prose around code, truncation).

The raw completion is always kept beside the extracted code, so a scoring decision can be audited.
Parsing uses `ast.parse` only: nothing of the completion is executed here.

The work is linear in the completion's length, whatever it holds: fences are found with plain
string searches, no regular expression can backtrack over a long run of text, and the characters
handed to the parser are counted against a budget of `PARSE_BUDGET` times the completion's length
(plus `PARSE_SLACK`). Trimming prose after the code cuts at the line the parser reports, at most
`MAX_CUTS` times, instead of trying every prefix. `ExtractedCode.parsed_chars` tells how much was
parsed, so tests can check the bound without timing anything.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

_CODE_START = re.compile(r"^(?:import |from \S+ import |def |async def |class |@)", re.MULTILINE)
_FENCE_TAG = re.compile(r"[ \t]*([A-Za-z0-9_+-]*)")
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
PARSE_BUDGET = 6  # characters parsed per character of the completion, at most
PARSE_SLACK = 4096  # ... plus this many (tiny completions with several fences)
MAX_CUTS = 6  # parser-guided cuts when trimming prose after the code


@dataclass(frozen=True)
class ExtractedCode:
    code: str
    method: str  # how it was found: "fence", "fences", "whole", "trimmed", "none"
    parsed_chars: int = field(default=0, compare=False)  # work done: characters parsed


class _Parser:
    """`ast.parse` with a budget of characters; over budget, nothing parses any more."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0

    def tree(self, code: str) -> ast.Module | None:
        """The module, or None when `code` does not parse (or the budget is spent)."""
        result = self._parse(code)
        return result if isinstance(result, ast.Module) else None

    def error_line(self, code: str) -> int | None:
        """None when `code` parses; else the 1-based line to cut before (0: give up)."""
        result = self._parse(code)
        return None if isinstance(result, ast.Module) else result

    def _parse(self, code: str) -> ast.Module | int:
        if self.used + len(code) > self.budget:
            self.used = self.budget
            return 0
        self.used += len(code)
        try:
            return ast.parse(code)
        except SyntaxError as exc:
            if exc.lineno is None and "\0" in code:  # null bytes: cut before the first one
                return code.count("\n", 0, code.index("\0")) + 1
            return exc.lineno or 0
        except (ValueError, RecursionError, MemoryError):
            return 0


def _defines(code: str, entry_point: str) -> bool:
    pattern = rf"^[ \t]*(?:async[ \t]+)?def[ \t]+{re.escape(entry_point)}[ \t]*\("
    return re.search(pattern, code, re.MULTILINE) is not None


def _fenced_blocks(text: str) -> list[tuple[str, str]]:
    """(tag, body) of each ``` fence: the tag starts its opening line, the body runs to the next
    ``` or to the end of the text (a truncated completion). One pass over the text."""
    blocks: list[tuple[str, str]] = []
    position = 0
    while (start := text.find("```", position)) >= 0:
        line_end = text.find("\n", start + 3)
        if line_end < 0:  # no body can follow this or any later opening
            break
        match = _FENCE_TAG.match(text, start + 3, line_end)
        tag = match.group(1) if match else ""
        end = text.find("```", line_end + 1)
        if end < 0:
            blocks.append((tag, text[line_end + 1 :]))
            break
        blocks.append((tag, text[line_end + 1 : end]))
        position = end + 3
    return blocks


def _only_definitions(code: str, parser: _Parser) -> bool:
    tree = parser.tree(code)
    return tree is not None and all(isinstance(node, _DEFINITION_NODES) for node in tree.body)


def _from_fences(text: str, entry_point: str, parser: _Parser) -> ExtractedCode | None:
    blocks = [body for tag, body in _fenced_blocks(text) if tag.lower() not in _NON_PYTHON_TAGS]
    if not blocks:
        return None
    defining = [i for i, block in enumerate(blocks) if _defines(block, entry_point)]
    if not defining:
        return ExtractedCode(blocks[0].strip("\n") + "\n", "fence")
    chosen = defining[-1]
    helpers = [
        b for b in blocks[:chosen] if not _defines(b, entry_point) and _only_definitions(b, parser)
    ]
    if helpers:
        code = "\n\n".join(b.strip("\n") for b in [*helpers, blocks[chosen]]) + "\n"
        return ExtractedCode(code, "fences")
    return ExtractedCode(blocks[chosen].strip("\n") + "\n", "fence")


def _trim_prose(text: str, parser: _Parser, whole_error: int | None) -> ExtractedCode | None:
    """The code from the first line that starts like code, cut before the lines the parser
    rejects. `whole_error` is the error line of the whole text, reused when the code starts it."""
    start = _CODE_START.search(text)
    if start is None:
        return None
    lines = text[start.start() :].split("\n")  # line numbers as the parser counts them
    end = len(lines)
    error = whole_error if start.start() == 0 else None
    for _ in range(MAX_CUTS + 1):
        if error is not None:
            if error <= 0:
                return None
            end = min(end - 1, error - 1)
        while end > 0 and not lines[end - 1].strip():
            end -= 1
        if end <= 0:
            return None
        candidate = "\n".join(lines[:end]).rstrip() + "\n"
        error = parser.error_line(candidate)
        if error is None:
            return ExtractedCode(candidate, "trimmed")
    return None


def extract_code(completion: str, entry_point: str) -> ExtractedCode:
    """The most plausible program in `completion` that should define `entry_point`."""
    parser = _Parser(PARSE_BUDGET * len(completion) + PARSE_SLACK)
    found = _from_fences(completion, entry_point, parser)
    if found is None:
        whole_error = parser.error_line(completion) if completion.strip() else 0
        if whole_error is None:
            found = ExtractedCode(completion, "whole")
        else:
            found = _trim_prose(completion, parser, whole_error) or ExtractedCode(
                completion, "none"
            )
    return ExtractedCode(found.code, found.method, parser.used)
