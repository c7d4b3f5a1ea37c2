"""A progress bar for long benchmark runs: which item, which phase, how many done.

pytest captures what tests print (down to file descriptor 2), so the caller passes `uncaptured`, a
context manager that lifts the capture while the bar draws (pytest's capture manager has one). It
is on when stderr is a terminal (or when asked), off in pytest-xdist workers and in files.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import IO, Any


class Progress:
    """One bar over a run's items; `phase` says what the current item is doing."""

    def __init__(
        self,
        total: int,
        *,
        enabled: bool,
        stream: IO[str] | None = None,
        uncaptured: Callable[[], AbstractContextManager[Any]] = nullcontext,
        unit: str = "item",
        desc: str = "iotbench",
    ) -> None:
        self.enabled = enabled and total > 0
        self._uncaptured = uncaptured
        self._bar: Any = None
        if self.enabled:
            from tqdm import tqdm

            with self._uncaptured():
                self._bar = tqdm(
                    total=total,
                    unit=unit,
                    file=stream or sys.__stderr__,
                    dynamic_ncols=True,
                    leave=True,
                    desc=desc,
                )

    def phase(self, item_id: str, what: str) -> None:
        """Show that `item_id` is now `what` (e.g. "generating 20", "scoring 3")."""
        if self._bar is not None:
            with self._uncaptured():
                self._bar.set_postfix_str(f"{item_id}: {what}", refresh=True)

    def advance(self) -> None:
        if self._bar is not None:
            with self._uncaptured():
                self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            with self._uncaptured():
                self._bar.close()
            self._bar = None


MODES = ("auto", "on", "off")  # what `--progress` accepts, in `pytest iotbench` and `iotbench`


def wanted(mode: str, stream: IO[str] | None) -> bool:
    """`--progress` auto/on/off: auto means on when `stream` is a terminal."""
    if mode == "on":
        return True
    if mode == "off" or stream is None:
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
