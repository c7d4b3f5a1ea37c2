"""What `gpiot train` says about each role: before the run (is every role trained?) and after.

Before: per source, how many rows fit ``--max-len``, how many were cut (prompt side or answer
side) or dropped, and how many batches the run will draw from it. The run is refused when a role
would use less than ``--min-role-share`` of its rows or would draw no batch at all, so a recipe
cannot silently train one path only. After: per role, the loss over the first and last steps
that drew it and how many of its LoRA ``B`` matrices (zero at initialisation) moved.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from gpiot_models.training.data import DataError, LengthReport

NAMES = {"td": "td (TDD)", "cg": "cg (CGD)"}
WINDOW = 20  # steps averaged at the start and the end of the loss curve


def expected_batches(steps: int, grad_accum: int, td_share: float) -> dict[str, float]:
    """Micro-batches each source is expected to supply over the run."""
    draws = steps * grad_accum
    return {"td": draws * td_share, "cg": draws * (1.0 - td_share)}


def plan_lines(
    reports: Mapping[str, LengthReport], batches: Mapping[str, float], batch_size: int, max_len: int
) -> list[str]:
    """One line per source: rows, what --max-len did to them, batches and epochs."""
    lines = []
    for source, report in reports.items():
        epochs = batches[source] * batch_size / max(report.used, 1)
        lines.append(
            f"gpiot train: {NAMES[source]}: {report.rows:,d} rows; {report.used:,d} used "
            f"({report.fit:,d} whole, {report.prompt_cut:,d} with the prompt cut, "
            f"{report.answer_cut:,d} with the answer cut to --max-len {max_len}), "
            f"{report.dropped:,d} dropped; about {batches[source]:,.0f} batches "
            f"({epochs:.2f} epochs)"
        )
    return lines


def check_roles(
    reports: Mapping[str, LengthReport], batches: Mapping[str, float], min_share: float
) -> None:
    """Raise DataError when a role would use under `min_share` of its rows or get no batch."""
    problems = []
    for source, report in reports.items():
        share = report.used / max(report.rows, 1)
        if share < min_share or report.used == 0:
            problems.append(
                f"{NAMES[source]} would use {report.used:,d} of {report.rows:,d} rows "
                f"({100 * share:.1f} %, under --min-role-share {min_share:g})"
            )
        elif min_share > 0 and batches[source] < 1:
            problems.append(f"{NAMES[source]} would get no batch (see --td-share and --steps)")
    if problems:
        raise DataError(
            "gpiot train: refusing to start: "
            + "; ".join(problems)
            + " (raise --max-len, use --too-long truncate, or lower --min-role-share)"
        )


def loss_trend(records: Sequence[Mapping[str, Any]], source: str) -> tuple[float, float] | None:
    """Mean loss of a source over its first and its last WINDOW steps (None: never drawn)."""
    values = [float(r[f"loss_{source}"]) for r in records if f"loss_{source}" in r]
    if not values:
        return None
    width = min(WINDOW, max(1, len(values) // 2))
    return sum(values[:width]) / width, sum(values[-width:]) / width


def moved_b(named: Sequence[tuple[str, Any]], role: str) -> tuple[int, int]:
    """(B matrices of `role`'s own path that are non-zero, all of them) among `named` tensors."""
    mine = [
        tensor
        for name, tensor in named
        if _b_of(name, role)  # PECT: blocks.N.q.td.B; peft: ...lora_B.td.weight
    ]
    return sum(1 for tensor in mine if bool((tensor != 0).any())), len(mine)


def _b_of(name: str, role: str) -> bool:
    parts = name.split(".")
    return (parts[-1] == "B" and role in parts[-2:]) or (
        "lora_B" in parts and parts[parts.index("lora_B") + 1] == role
    )


def read_log(out: Path) -> list[dict[str, Any]]:
    """Every step's record in OUT/train_log.jsonl (a resumed run's earlier steps too)."""
    log = out / "train_log.jsonl"
    if not log.is_file():
        return []
    lines = log.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def summary_lines(
    records: Sequence[Mapping[str, Any]], named: Sequence[tuple[str, Any]]
) -> list[str]:
    """Per role after the run: its loss trend and how many of its own B matrices moved."""
    lines = []
    for source in ("td", "cg"):
        trend = loss_trend(records, source)
        moved, total = moved_b(named, source)
        drawn = sum(f"loss_{source}" in r for r in records)
        loss = (
            f"loss {trend[0]:.3f} -> {trend[1]:.3f} (mean of its first and last "
            f"{min(WINDOW, max(1, drawn // 2))} of {drawn} steps)"
            if trend
            else "never drawn"
        )
        lines.append(
            f"gpiot train: {NAMES[source]}: {loss}; {moved}/{total} LoRA B matrices non-zero"
        )
    return lines
