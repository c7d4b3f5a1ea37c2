"""What the harness does to every raw completion before it is scored, whatever its source.

A completion comes from a model, a samples file, `replay:` or the generation cache; each is
normalised on read, the same way: code points that cannot be written as UTF-8 (lone surrogates,
e.g. from a JSON escape ``\\ud800``) are replaced by U+FFFD, and the sample's reason says so.
A completion larger than the run's limit (`--max-completion-kb`, default 256 KB) is not
extracted, parsed or analysed at all: it is scored as an empty answer with status
`syntax_error` and a reason naming its size. See docs/execution.md, "Limits outside the sandbox".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

DEFAULT_MAX_COMPLETION_KB = 256
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Prepared:
    """A completion as it is scored: `text`, what normalising changed (`note`), and whether it
    is over the size limit (then `text` is empty and `note` says why)."""

    text: str
    note: str = ""
    too_large: bool = False


def normalise(text: str) -> tuple[str, str]:
    """`text` with every code point UTF-8 cannot encode replaced by U+FFFD, and a note of how
    many were replaced ("" when none)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        fixed, count = _SURROGATE.subn("\ufffd", text)
        return fixed, f"{count} invalid code point(s) (lone surrogates) replaced by U+FFFD"
    return text, ""


def prepare(text: str, max_bytes: int) -> Prepared:
    """Normalise `text` and check its size (UTF-8 bytes) against `max_bytes`."""
    fixed, note = normalise(text)
    size = len(fixed.encode("utf-8"))
    if size > max_bytes:
        reason = (
            f"completion of {size / 1024:.0f} KB is over the limit of {max_bytes / 1024:.0f} KB "
            "(--max-completion-kb); not extracted or analysed"
        )
        return Prepared("", "; ".join(filter(None, (note, reason))), too_large=True)
    return Prepared(fixed, note)


def json_line(record: dict[str, Any]) -> str:
    """One JSON line, readable (non-ASCII kept) when it can be written as UTF-8, escaped when
    a string holds a lone surrogate: the raw text survives the round trip either way."""
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(record)
    return line
