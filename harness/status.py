"""The outcome of running one sample: the only statuses a results file may hold."""

from __future__ import annotations

from enum import Enum


class Status(str, Enum):
    """Why a sample scored as it did.

    PASS/FAIL are decided by the item's scorer from the program's output; the others describe a
    program that produced no usable output (HARNESS_ERROR: a fault of ours, not the model's).
    """

    PASS = "pass"
    FAIL = "fail"
    TIMEOUT = "timeout"
    OOM = "oom"
    SYNTAX_ERROR = "syntax_error"
    RUNTIME_ERROR = "runtime_error"
    HARNESS_ERROR = "harness_error"

    def __str__(self) -> str:
        return self.value
