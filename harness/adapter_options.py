"""Helpers every adapter shares: spec options, option parsers, the plain prompt, per-sample seeds.

An adapter's spec argument is ``POSITIONAL,key=value,...`` (`split_options`); `parse_options` checks
the keys against one parser per key and turns a bad key or value into a one-line `AdapterError`
with a "did you mean". `plain_prompt` is the text a model without a chat format is given (the
``hf`` and ``openai`` adapters and GPIoT training and inference all render it the same way), and
`derived_seed` gives each sample of an item its own stable seed.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from harness.adapters import AdapterError, GenerationRequest

T = TypeVar("T")
Completion = tuple[str, str]  # (text, finish_reason)


def split_options(argument: str) -> tuple[str, dict[str, str]]:
    """Split ``POSITIONAL,key=value,...`` into the positional part and the options."""
    positional, options = "", {}
    for index, part in enumerate(argument.split(",") if argument else []):
        key, eq, value = part.partition("=")
        if eq:
            options[key.strip()] = value.strip()
        elif index == 0:
            positional = part.strip()
        else:
            raise AdapterError(f"model option {part!r} is not key=value")
    return positional, options


def parse_options(
    adapter: str, options: Mapping[str, str], parsers: Mapping[str, Callable[[str], T]]
) -> dict[str, T]:
    """Parse `key=value` options, one parser per key; unknown keys and bad values: one line."""
    parsed: dict[str, T] = {}
    for key, value in options.items():
        if key not in parsers:
            close = difflib.get_close_matches(key, list(parsers), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise AdapterError(
                f"{adapter}: unknown option {key!r}{hint} (known: {', '.join(parsers)})"
            )
        try:
            parsed[key] = parsers[key](value)
        except ValueError as exc:
            raise AdapterError(
                f"{adapter}: bad value {value!r} for option {key!r}: {exc}"
            ) from None
    return parsed


def choice(*allowed: str) -> Callable[[str], str]:
    """An option parser accepting one of `allowed`."""

    def parse(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"expected one of {', '.join(allowed)}")
        return value

    return parse


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError("expected an integer >= 1")
    return number


def non_negative_int(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError("expected an integer >= 0")
    return number


def positive_float(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise ValueError("expected a number > 0")
    return number


def non_negative_float(value: str) -> float:
    number = float(value)
    if not number >= 0:
        raise ValueError("expected a number >= 0")
    return number


def existing_dir(value: str) -> Path:
    path = Path(value).expanduser()
    if not path.is_dir():
        raise ValueError("expected an existing directory")
    return path


def plain_prompt(request: GenerationRequest) -> str:
    """The text a model without a chat format is given.

    Message contents in order, separated and followed by a blank line, without role labels; a
    request without messages (a raw completion prompt) is used verbatim.
    """
    if not request.messages:
        return request.prompt
    return "\n\n".join(message.content for message in request.messages) + "\n\n"


def truncate_at_stop(text: str, stop: Sequence[str]) -> tuple[str, bool]:
    """Cut `text` before the earliest occurrence of any stop string; report whether one occurred."""
    cut = min((i for s in stop if s and (i := text.find(s)) >= 0), default=-1)
    return (text[:cut], True) if cut >= 0 else (text, False)


def derived_seed(seed: int, item_id: str, index: int) -> int:
    """A stable 31-bit seed for sample `index` of an item (independent of batching and threads)."""
    digest = hashlib.sha256(f"{seed}\x00{item_id}\x00{index}".encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF
