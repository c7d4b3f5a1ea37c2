"""Oracle adapters: answer every item with one of the solutions the item ships.

``reference`` returns the item's reference solution (the ceiling every scorer must reach);
``reference:generic`` returns the "what a general code model writes" solution where an item has
one: its ``generic.py``, or for a `task` item its first ``naive*.py`` (what a model without the
domain knowledge writes). ``reference:NAME`` returns the solution file ``NAME.py`` of every item.
"""

from __future__ import annotations

from collections.abc import Sequence

from harness.adapter_options import split_options
from harness.adapters import AdapterError, GenerationRequest


class ReferenceAdapter:
    """Returns `request.solutions[which]` (already formatted as a model would answer), n times."""

    cacheable = False  # answers come from the item folder, which may change without a new prompt
    default_n = 1  # every sample of an oracle is the same program: one says it all

    def __init__(self, which: str = "reference") -> None:
        self.which = which
        self.name = "reference" if which == "reference" else f"reference:{which}"

    @classmethod
    def check_spec(cls, argument: str) -> None:
        """``reference[:NAME]`` takes no options."""
        options = split_options(argument)[1]
        if options:
            raise AdapterError(f"reference adapter takes no options, got {', '.join(options)}")

    @classmethod
    def from_spec(cls, argument: str) -> ReferenceAdapter:
        cls.check_spec(argument)
        return cls(split_options(argument)[0] or "reference")

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[str]]:
        out = []
        for request in requests:
            which = self.which
            if which == "generic" and which not in request.solutions:
                naive = sorted(name for name in request.solutions if name.startswith("naive"))
                which = naive[0] if naive else which
            if which not in request.solutions:
                raise AdapterError(
                    f"item {request.item_id!r} ships no {self.which!r} solution "
                    f"(it has: {', '.join(sorted(request.solutions)) or 'none'})"
                )
            out.append([request.solutions[which]] * request.n)
        return out
