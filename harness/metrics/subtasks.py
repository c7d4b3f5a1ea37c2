"""Sub-task lists: the paper's strict format, the plan format FCR accepts, and lenient splitting.

A decomposition is a list of sub-tasks separated by blank lines, each a header line followed by
implementation steps. `parse_subtasks` accepts only the paper's ``- Sub-Task N [Name]`` headers
(reported as ``format_strict``); `parse_plan` accepts any common header style (FCR, the paper's
"correctly separate each decomposed task with a blank line"); `split_plan` never fails and cuts
any text into (title, steps) pieces for the coverage score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_HEADER = re.compile(
    r"^(?:[-*+]\s*|#{1,6}\s*)?sub[-\s]?task\s*(?P<number>\d+)\s*"
    r"(?:\[(?P<bracketed>[^\]]*)\](?P<rest>.*)|[:.)\-–—]\s*(?P<plain>.*))$",
    re.IGNORECASE,
)
# "Step 2: Name", "Task 3 [Name]", "Phase 1 - Name", ... (the lenient form of the line above).
_KEYWORD = re.compile(
    r"^(?:[-*+]\s*|#{1,6}\s*)?(?P<word>sub[-\s]?task|task|step|phase|stage|part|module|milestone)"
    r"\s*(?P<number>\d+)\s*(?:\[(?P<bracketed>[^\]]*)\](?P<rest>.*)|[:.)\-–—]\s*(?P<plain>.*))$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^(?P<number>\d+)[.)]\s+(?P<plain>\S.*)$")
_HEADING = re.compile(r"^#{1,6}\s+(?P<plain>\S.*)$")
_BOLD = re.compile(r"^(?:[-*+]\s+)?\*\*(?P<bold>[^*]+?)\*\*(?P<rest>.*)$")
_BULLET = re.compile(r"^[-*+•]\s+(?P<plain>\S.*)$")
_STEP = re.compile(r"^(?:[-*+•]|\d+[.)]|[a-z][.)])\s+(?P<text>\S.*)$")
_BLANK_RUN = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")


class SubTaskFormatError(ValueError):
    """A decomposition that does not follow the sub-task format; says which block and why."""


@dataclass(frozen=True)
class SubTask:
    number: int
    title: str
    steps: tuple[str, ...]

    @property
    def text(self) -> str:
        """Title and steps as one passage, e.g. to hand one sub-task to a later stage."""
        return "\n".join((self.title, *self.steps))


def _match_header(line: str) -> re.Match[str] | None:
    return _HEADER.match(line.strip().replace("**", "").strip())


def blocks(text: str) -> list[str]:
    """The blank-line-separated blocks of a text (lines of whitespace count as blank)."""
    return [block for block in _BLANK_RUN.split(text.strip().replace("\r\n", "\n")) if block]


def _bracketed_title(match: re.Match[str]) -> str:
    if match["bracketed"] is not None:
        parts = (match["bracketed"].strip(), match["rest"].strip(" \t:-–—"))
        return " ".join(part for part in parts if part)
    return str(match["plain"]).strip()


def _parse_block(block: str, index: int) -> SubTask:
    lines = block.split("\n")
    header = _match_header(lines[0])
    if header is None:
        raise SubTaskFormatError(
            f"block {index}: first line {lines[0].strip()[:60]!r} is not '- Sub-Task N [Name]'"
        )
    title = _bracketed_title(header)
    if not title:
        raise SubTaskFormatError(f"block {index}: sub-task header has no task name")
    steps: list[str] = []
    for line in lines[1:]:
        if _match_header(line):
            raise SubTaskFormatError(
                f"block {index}: {line.strip()[:40]!r} starts a new sub-task without a blank line"
            )
        step = _STEP.match(line.strip())
        if step is not None:
            steps.append(step["text"].strip())
        elif line[:1].isspace() and steps:
            steps[-1] = f"{steps[-1]} {line.strip()}"
        else:
            raise SubTaskFormatError(
                f"block {index}: line {line.strip()[:60]!r} is neither a '- step' bullet "
                "nor an indented continuation of one"
            )
    if not steps:
        raise SubTaskFormatError(f"block {index}: sub-task {title[:40]!r} has no steps")
    return SubTask(int(header["number"]), title, tuple(steps))


def parse_subtasks(text: str) -> list[SubTask]:
    """Parse a decomposition in the paper's strict form; raise SubTaskFormatError on a problem.

    What parses: after trimming, the text is one or more blocks separated by blank lines (lines
    holding at most whitespace). A block's first line is a header: an optional bullet (``-``,
    ``*``, ``+``) or Markdown ``#``, then ``Sub-Task`` (any case; ``Subtask``/``Sub Task`` too),
    a number and the task name, either in brackets (``[Load data]``, text after the bracket is
    appended to the name) or after ``:``, ``.``, ``)`` or a dash; ``**`` bold markers are ignored.
    Every further line is a step (``-``/``*``/``+``/``1.``/``1)`` then text) or an indented
    continuation of the previous step. Each sub-task has at least one step. A header inside a
    block (two sub-tasks without a blank line between them) fails. Numbers are kept, not checked.
    """
    parts = blocks(text)
    if not parts:
        raise SubTaskFormatError("the decomposition is empty")
    return [_parse_block(block, index) for index, block in enumerate(parts, start=1)]


@dataclass(frozen=True)
class _Header:
    style: str  # keyword, numbered, heading, bold or bullet
    number: int | None
    title: str


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _header(line: str, next_line: str | None = None) -> _Header | None:
    """The header a line opens, in any accepted style, or None.

    A bullet line counts as a header only when the next line is indented deeper (a nested list).
    """
    stripped = line.strip()
    keyword = _KEYWORD.match(stripped.replace("**", "").strip())
    if keyword is not None:
        return _Header("keyword", int(keyword["number"]), _bracketed_title(keyword))
    bold = _BOLD.match(stripped)
    if bold is not None and not stripped.startswith("#"):
        inner = _NUMBERED.match(bold["bold"].strip())
        name = inner["plain"] if inner is not None else bold["bold"]
        rest = bold["rest"].strip(" \t:-–—")
        return _Header("bold", None, " ".join(p for p in (name.strip(" :"), rest) if p))
    heading = _HEADING.match(stripped)
    if heading is not None:
        text = heading["plain"].replace("**", "").strip()
        inner = _NUMBERED.match(text)
        return _Header("heading", None, (inner["plain"] if inner is not None else text).strip())
    numbered = _NUMBERED.match(stripped.replace("**", ""))
    if numbered is not None and _indent(line) == 0:
        return _Header("numbered", int(numbered["number"]), numbered["plain"].strip())
    bullet = _BULLET.match(stripped)
    if bullet is not None and next_line is not None and _indent(next_line) > _indent(line):
        return _Header("bullet", None, bullet["plain"].replace("**", "").strip())
    return None


def _opens_sibling(first: _Header, first_line: str, line: str, next_line: str | None) -> bool:
    """Whether `line`, inside a block opened by `first_line`, starts a sub-task of the same kind."""
    if _indent(line) > _indent(first_line):
        return False
    other = _header(line, next_line)
    if other is None:
        return False
    if first.style == "bullet":
        return other.style == "bullet" or _BULLET.match(line.strip()) is not None
    if first.style == "bold":  # "- **Tool:** wfdb" under "**Load data**" is a step
        return _bulleted(line) == _bulleted(first_line) and other.style == "bold"
    return other.style == first.style


def _bulleted(line: str) -> bool:
    return _BULLET.match(line.strip()) is not None


def _chunks(block: str) -> list[list[str]]:
    """A block cut before its first header and before every line that opens a sibling of it.

    The first chunk holds the lines before the first header (prose) when there are any.
    """
    lines = block.split("\n")

    def following(index: int) -> str | None:
        return lines[index + 1] if index + 1 < len(lines) else None

    start = next((i for i, line in enumerate(lines) if _header(line, following(i))), None)
    if start is None:
        return [lines]
    first = _header(lines[start], following(start))
    assert first is not None
    chunks: list[list[str]] = [lines[:start]] if start else []
    chunks.append([lines[start]])
    for index in range(start + 1, len(lines)):
        if _opens_sibling(first, lines[start], lines[index], following(index)):
            chunks.append([lines[index]])
        else:
            chunks[-1].append(lines[index])
    return chunks


def _steps(lines: Sequence[str]) -> list[str]:
    """Step texts: bullets and numbered lines start a step, other lines continue the last one."""
    steps: list[str] = []
    for line in lines:
        text = line.strip()
        if not text:
            continue
        step = _STEP.match(text)
        if step is not None or not steps:
            steps.append((step["text"] if step is not None else text).replace("**", "").strip())
        else:
            steps[-1] = f"{steps[-1]} {text.replace('**', '')}"
    return steps


def parse_plan(text: str) -> list[SubTask]:
    """Parse a decomposition in any common header style; raise SubTaskFormatError on a problem.

    Blocks are separated by blank lines. A block's first line is a header: ``Sub-Task 1 [..]``,
    ``Step 1:``, ``Task 1 -`` (and phase, stage, part, module, milestone), ``1. Name`` (not
    indented), ``## Name``, ``**Name**`` (optionally bulleted), or ``- Name`` with its steps
    indented below it. The other lines are steps: bullets, numbered lines, or text lines (a line
    that is not a bullet continues the step before it). Each sub-task has at least one step.
    Fails: prose before or after the list (a block without a header, or a header without
    steps), and a second header of the block's own style inside a block (sub-tasks run together
    without a blank line).
    """
    parts = blocks(text)
    if not parts:
        raise SubTaskFormatError("the decomposition is empty")
    out = []
    for index, block in enumerate(parts, start=1):
        chunks = _chunks(block)
        lines = chunks[0]
        header = _header(lines[0], lines[1] if len(lines) > 1 else None)
        if header is None:
            raise SubTaskFormatError(
                f"block {index}: first line {lines[0].strip()[:60]!r} is not a sub-task header"
            )
        if len(chunks) > 1:
            raise SubTaskFormatError(
                f"block {index}: {chunks[1][0].strip()[:40]!r} starts a new sub-task without "
                "a blank line"
            )
        if not header.title:
            raise SubTaskFormatError(f"block {index}: sub-task header has no task name")
        steps = _steps(lines[1:])
        if not steps:
            raise SubTaskFormatError(f"block {index}: sub-task {header.title[:40]!r} has no steps")
        number = header.number if header.number is not None else index
        out.append(SubTask(number, header.title, tuple(steps)))
    return out


def split_plan(text: str) -> list[SubTask]:
    """Any text cut into sub-tasks, leniently (never fails): for coverage, not format.

    Blocks at blank lines, each cut again before a header of its own first header's style;
    a piece that opens with a header gets its title, any other piece has title "" and all its
    lines as steps. Numbers are positions.
    """
    out: list[SubTask] = []
    for block in blocks(text):
        for lines in _chunks(block):
            header = _header(lines[0], lines[1] if len(lines) > 1 else None)
            if header is None:
                out.append(SubTask(len(out) + 1, "", tuple(_steps(lines))))
            else:
                out.append(SubTask(len(out) + 1, header.title, tuple(_steps(lines[1:]))))
    return out


def format_correct(text: str) -> bool:
    """FCR per output: the text parses as a plan (`parse_plan`, any common header style)."""
    try:
        parse_plan(text)
    except SubTaskFormatError:
        return False
    return True


def format_strict(text: str) -> bool:
    """The text is in the paper's strict ``- Sub-Task N [Name]`` form (`parse_subtasks`)."""
    try:
        parse_subtasks(text)
    except SubTaskFormatError:
        return False
    return True


def format_correctness_rate(outputs: Sequence[str]) -> float:
    """FCR: the share of outputs whose format is correct (paper §6.4.1), in [0, 1]."""
    if not outputs:
        raise ValueError("FCR needs at least one output")
    return sum(format_correct(output) for output in outputs) / len(outputs)


def segment_subtasks(text: str) -> list[str]:
    """Cut a decomposition into passages at blank lines and before ``Sub-Task`` headers.

    Kept for callers that hand passages on (GPIoT's pipeline); coverage uses `split_plan`.
    """
    segments: list[list[str]] = []
    for block in blocks(text):
        current: list[str] = []
        for line in block.split("\n"):
            if _match_header(line) and current:
                segments.append(current)
                current = []
            current.append(line.strip())
        segments.append(current)
    return [joined for lines in segments if (joined := "\n".join(lines).strip())]
