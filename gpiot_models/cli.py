"""`gpiot` command: build and check the training data, train, export the roles, count parameters.

Each subcommand lives in the module that owns the concept and is imported only when chosen, so
`gpiot data check` never loads torch. A subcommand module exposes ``main(argv) -> int`` with its
own argparse parser.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence

# command words -> "module:function"; the function takes the remaining argv and returns an exit code
COMMANDS: dict[tuple[str, ...], tuple[str, str]] = {
    ("data", "build"): (
        "gpiot_models.data.build:main",
        "build the CGD and TDD training sets (offline) as HF datasets",
    ),
    ("data", "check"): (
        "gpiot_models.data.decontam:main",
        "report 13-gram overlap between training sets and IoTBench items",
    ),
    ("train",): ("gpiot_models.train:main", "co-tune a PECT model (or the plain-LoRA ablation)"),
    ("export",): (
        "gpiot_models.export:main",
        "write each tuned role as a merged HF checkpoint (PECT) or a peft adapter (LoRA)",
    ),
    ("params",): (
        "gpiot_models.pect.params:main",
        "count PECT trainable parameters for a model config, per role and in total",
    ),
}


def _usage() -> str:
    lines = [
        "usage: gpiot COMMAND [options]   (gpiot COMMAND --help for its options)",
        "",
        "commands:",
    ]
    lines += [f"  {' '.join(words):12} {help_}" for words, (_, help_) in COMMANDS.items()]
    return "\n".join(lines)


def _load(target: str) -> Callable[[list[str]], int]:
    module, _, function = target.partition(":")
    entry: Callable[[list[str]], int] = getattr(importlib.import_module(module), function)
    return entry


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"}:
        print(_usage())
        return 0 if args else 2
    for words, (target, _) in sorted(COMMANDS.items(), key=lambda kv: -len(kv[0])):
        if tuple(args[: len(words)]) == words:
            return int(_load(target)(args[len(words) :]))
    print(f"gpiot: error: unknown command {' '.join(args[:2])!r}\n{_usage()}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
