"""Run each object's example programs in the bubblewrap sandbox; keep only those that ran.

An object's example blocks depend on one another (a later block uses what an earlier one built),
so they run as a chain: block k runs with every earlier block that ran as its context. Chains of
different objects run concurrently (threads that each submit one sandbox job at a time to the
shared warm workers). The probe appended to each program reports the types and shapes of the
example function's inputs and outputs. Finally the object's demo (all blocks that ran, as one
function) must run too.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from gpiot_models.data.programs import PROBE_ENTRY, Program, build_demo, build_program
from gpiot_models.data.units import Unit, block_units
from gpiot_models.data.walk import ApiObject
from harness import sandbox

EXAMPLE_WALL_SECONDS = 10.0  # an example that needs longer is not a good training sample
ALWAYS_PRELOAD = ("numpy", "scipy.signal")
MAX_PRELOAD = 40


@dataclass(frozen=True)
class RanExample:
    """An example program that ran, with what the probe saw."""

    index: int  # block number within the object's Examples section
    program: Program
    inputs: tuple[dict[str, Any], ...]
    outputs: tuple[dict[str, Any], ...]


@dataclass
class Verified:
    """What ran for one object: its example programs and its demo (None: no demo ran)."""

    api: ApiObject
    examples: list[RanExample] = field(default_factory=list)
    demo: str | None = None


@dataclass
class RunStats:
    """Counts for the dataset card: programs tried and how they ended."""

    tried: int = 0
    ran: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    demos_tried: int = 0
    demos_ran: int = 0
    none_outputs: int = 0  # ran, but returned None for an output: kept as context, no record
    no_inputs: int = 0  # ran, but its function takes no input: kept as context, no record
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count_no_value(self) -> None:
        with self.lock:
            self.none_outputs += 1

    def count_no_inputs(self) -> None:
        with self.lock:
            self.no_inputs += 1

    def count(self, status: str, demo: bool = False) -> None:
        with self.lock:
            if demo:
                self.demos_tried += 1
                self.demos_ran += status == "ok"
            else:
                self.tried += 1
                self.ran += status == "ok"
                self.outcomes[status] += 1


def snake(name: str) -> str:
    """``StandardScaler`` -> ``standard_scaler``; already snake names stay."""
    out = []
    for index, char in enumerate(name):
        if (
            char.isupper()
            and index
            and (
                not name[index - 1].isupper()
                or (index + 1 < len(name) and name[index + 1].islower())
            )
        ):
            out.append("_")
        out.append(char.lower())
    return "".join(out).strip("_")


def preload_modules(apis: Sequence[ApiObject]) -> tuple[str, ...]:
    """Modules the examples import most often (importable here): workers import them once."""
    counts: Counter[str] = Counter({name: 1000 for name in ALWAYS_PRELOAD})
    for api in apis:
        counts.update({api.target, api.target.split(".")[0]})
        for block in api.doc.examples:
            for statement in block.statements:
                if "import" not in statement.source:
                    continue
                try:
                    tree = ast.parse(statement.source)
                except (SyntaxError, ValueError):
                    continue
                for node in ast.walk(tree):
                    if isinstance(node, ast.Import):
                        counts.update(alias.name for alias in node.names)
                    elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                        counts[node.module] += 1
    chosen = []
    for name, _ in counts.most_common():
        if name.startswith(("matplotlib", "mpl_toolkits")):
            continue
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if found:
            chosen.append(name)
        if len(chosen) >= MAX_PRELOAD:
            break
    return tuple(chosen)


def _run(code: str, entry_point: str, limits: sandbox.Limits) -> tuple[str, Any]:
    """('ok', first output) or (status, reason)."""
    execution = sandbox.run_batch([sandbox.Job(code, entry_point, [sandbox.Call({})])], limits)[0]
    if execution.status is not None:
        return execution.status.value, execution.reason
    return "ok", execution.outputs[0] if execution.outputs else None


def _decode(value: Any) -> dict[str, Any] | None:
    try:
        seen = json.loads(bytes(value.tobytes()).decode("utf-8"))
    except (AttributeError, ValueError):
        return None
    return seen if isinstance(seen, dict) else None


def _function_name(api: ApiObject, index: int, count: int) -> str:
    base = f"use_{snake(api.name)}"
    return base if count == 1 else f"{base}_{index + 1}"


def verify_one(api: ApiObject, limits: sandbox.Limits, stats: RunStats) -> Verified:
    """Run the chain of one object's example blocks, then its demo."""
    result = Verified(api)
    targets = frozenset({api.name})
    context: list[list[Unit]] = []
    ran_blocks: list[tuple[str, list[Unit]]] = []
    blocks = api.doc.examples
    any_ran = False
    for index, block in enumerate(blocks):
        units = block_units(block)
        if units is None:
            continue
        program = build_program(
            context,
            units,
            targets,
            _function_name(api, index, len(blocks)),
            block.narrative or api.doc.summary,
            api.api_params,
            snake(api.target.rpartition(".")[2]) if api.kind == "method" else "",
        )
        if program is None:
            context.append(units)  # setup or plotting: later blocks may need what it builds
            ran_blocks.append((block.narrative, units))
            continue
        status, value = _run(program.probe_code, PROBE_ENTRY, limits)
        seen = _decode(value) if status == "ok" else None
        if status == "ok" and seen is None:
            status = "unreadable_probe"
        stats.count(status)
        if seen is None:
            continue
        context.append(units)
        ran_blocks.append((block.narrative, units))
        any_ran = True
        if any(out.get("type") == "NoneType" for out in seen.get("outputs", [])):
            stats.count_no_value()  # it ran, but an output it names is None: a poor spec
            continue
        if not program.params:
            stats.count_no_inputs()  # a spec without inputs says nothing about the call
            continue
        result.examples.append(
            RanExample(
                index, program, tuple(seen.get("inputs", [])), tuple(seen.get("outputs", []))
            )
        )
    if any_ran:
        function = f"demo_{snake(api.name)}"
        demo = build_demo(ran_blocks, function, api.doc.summary)
        status, _ = _run(demo, function, limits)
        stats.count(status, demo=True)
        result.demo = demo if status == "ok" else None
    return result


def verify_all(
    apis: Sequence[ApiObject],
    threads: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[Verified], RunStats]:
    """Verify every object's examples; results in the order of `apis`."""
    limits = sandbox.Limits(
        wall_seconds=EXAMPLE_WALL_SECONDS,
        memory_mb=2048,
        tmp_mb=64,
        output_mb=4,
        preload=preload_modules(apis),
    )
    stats = RunStats()
    workers = threads or max(2, 3 * sandbox.default_workers())
    done = [0]
    lock = threading.Lock()

    def task(api: ApiObject) -> Verified:
        verified = verify_one(api, limits, stats) if api.doc.examples else Verified(api)
        with lock:
            done[0] += 1
            if progress is not None:
                progress(done[0], len(apis))
        return verified

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(task, apis))
    return results, stats
