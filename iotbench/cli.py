"""`iotbench` command: list, validate and export the items, render the leaderboard, serve a model.

Benchmark runs go through `pytest iotbench`."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from harness.leaderboard import update_leaderboard
from harness.leaderboard.runs import ForeignFileWarning
from harness.progress import MODES as PROGRESS_MODES
from harness.registry import RegistryError
from harness.results import ResultsError
from iotbench.catalog import load_items
from iotbench.export import EXPORT_FORMATS, ExportError
from iotbench.item import SPLITS, Item, ItemError
from iotbench.task_validity import SOLUTION_SETS
from iotbench.validate import RECORD


def _tasks(_: argparse.Namespace) -> int:
    items = load_items()
    print(f"{'id':40} {'split':14} {'domain':13} {'ver':>3}  title")
    for item in items:
        print(f"{item.id:40} {item.split:14} {item.domain:13} {item.version:>3}  {item.title}")
    per_split = Counter(item.split for item in items)
    per_kind = Counter(item.kind for item in items)
    per_domain = Counter(item.domain for item in items)
    splits = [s for s in SPLITS if s in per_split]
    task_domains = {item.domain for item in items if item.split == "task"}
    print(
        f"\n{len(items)} item(s); by split: "
        + ", ".join(f"{s} {per_split[s]}" for s in splits)
        + "; by kind: "
        + ", ".join(f"{k} {v}" for k, v in sorted(per_kind.items()))
        + f"; {len(per_domain)} domains: "
        + ", ".join(f"{k} {v}" for k, v in sorted(per_domain.items()))
        + (f"; the task split covers {len(task_domains)} domains" if task_domains else "")
    )
    return 0


def _prompts() -> dict[str, str]:
    """Item id -> prompt for the leaderboard's item panel; a broken item set only costs the
    prompts, never the leaderboard."""
    try:
        return {item.id: item.prompt for item in load_items()}
    except ItemError:
        return {}


def _leaderboard(args: argparse.Namespace) -> int:
    results_dir = Path(args.results_dir)
    if not results_dir.is_dir():
        raise ResultsError(
            f"{results_dir}: not a directory (expected a directory of results files)"
        )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ForeignFileWarning)
        try:
            path = update_leaderboard(results_dir, _prompts())
        except ResultsError as exc:
            skipped = [str(w.message) for w in caught if w.category is ForeignFileWarning]
            if not skipped:
                raise
            first = skipped[0].removeprefix("leaderboard: skipped ")
            raise ResultsError(f"{exc}; {len(skipped)} skipped, e.g. {first}") from None
    for warning in caught:  # one line per file left out, not Python's two-line warning
        if warning.category is ForeignFileWarning:
            print(f"iotbench: {warning.message}", file=sys.stderr)
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    print(path)
    return 0


class _Parser(argparse.ArgumentParser):
    """A usage error is one line naming the argument (argparse adds the usage text)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _port(value: str) -> int:
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, got {value!r}")
    return int(value)


def _items(args: argparse.Namespace) -> list[Item]:
    """The items a command works on: --items-dir (a folder of item folders) or the shipped set,
    those whose id contains -k; none is an error naming the option."""
    if args.items_dir:
        root = Path(args.items_dir)
        if not root.is_dir():
            raise ItemError(f"--items-dir {args.items_dir}: not a directory")
        items = load_items(root.resolve())
        if not items:
            raise ItemError(
                f"--items-dir {args.items_dir}: no items (expected folders DIR/ITEM/item.yaml)"
            )
    else:
        items = load_items()
    chosen = [item for item in items if args.pattern in item.id]
    if not chosen:
        raise ItemError(f"no items match -k {args.pattern!r}")
    return chosen


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="iotbench",
        description="IoTBench tools. Benchmark a model with `pytest iotbench "
        "--model SPEC` (see README).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("tasks", help="list the benchmark items").set_defaults(run=_tasks)
    board = sub.add_parser("leaderboard", help="render LEADERBOARD.md from a results directory")
    board.add_argument("results_dir", nargs="?", default="results")
    board.set_defaults(run=_leaderboard)
    check = sub.add_parser(
        "validate",
        help="check the items: spec references pass and their tests catch mutants; task items' "
        "reference and alternatives pass and naive solutions fail on every data seed",
    )
    check.add_argument("--items-dir", default=None, help="validate the items in DIR instead")
    check.add_argument("-k", dest="pattern", default="", help="only item ids containing this")
    check.add_argument("--max-mutants", type=int, default=30, help="mutants per item (30)")
    check.add_argument("--sandbox", default="bwrap", choices=["bwrap", "process"])
    check.add_argument(
        "--data-seed",
        default="0",
        metavar="N",
        help="first data seed for task items (0); `random` draws a fresh one and prints it",
    )
    check.add_argument(
        "--seeds", type=int, default=3, metavar="K", help="data seeds N..N+K-1 per task item (3)"
    )
    check.add_argument(
        "--solutions",
        default="all",
        choices=list(SOLUTION_SETS),
        help="task items: run the whole validity set (all), only the solutions that must pass "
        "(passing: a seed sweep), or only reference.py",
    )
    check.add_argument(
        "--changed",
        action="store_true",
        help=f"only items whose content changed since they were last recorded as valid ({RECORD})",
    )
    check.add_argument(
        "--record", action="store_true", help=f"record the items found valid in {RECORD}"
    )
    check.add_argument(
        "--progress",
        default="auto",
        choices=PROGRESS_MODES,
        help="a bar on stderr counting the sandbox runs done (auto: when stderr is a terminal)",
    )
    check.set_defaults(run=_validate)
    export = sub.add_parser(
        "export",
        help="write the items as a Hugging Face dataset; hidden "
        "tests and references go to DIR/private",
    )
    export.add_argument("directory", metavar="DIR", help="a new or empty directory")
    export.add_argument("--format", default="hf", help="export format (hf: datasets.DatasetDict)")
    export.add_argument("--items-dir", default=None, help="export the items in this directory")
    export.add_argument("-k", dest="pattern", default="", help="only item ids containing this")
    export.set_defaults(run=_export)
    serve = sub.add_parser(
        "serve",
        help="serve any model adapter through an OpenAI-compatible "
        "HTTP API (e.g. iotbench serve hf:PATH)",
    )
    serve.add_argument("spec", help="model adapter spec, as for --model")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8000)
    serve.set_defaults(run=_serve)
    join = sub.add_parser(
        "merge", help="join the results files of sharded runs (--shard K/N) into one"
    )
    join.add_argument("results", nargs="+", metavar="RESULTS.json")
    join.add_argument("--out", default="results", help="where the merged run goes (results)")
    join.set_defaults(run=_merge)
    submit = sub.add_parser(
        "submit",
        help="score a samples file and write a submission bundle (samples, results, metadata, "
        "item hashes) that `iotbench verify` can re-score",
    )
    submit.add_argument("samples", metavar="SAMPLES.jsonl")
    submit.add_argument("--model-name", required=True, help="the name on the leaderboard")
    submit.add_argument(
        "--meta", action="append", default=[], metavar="KEY=VALUE", help="metadata (repeatable)"
    )
    submit.add_argument("--out", default=None, help="bundle directory (default submission-NAME)")
    submit.add_argument("--data-seed", type=int, default=None, metavar="N")
    submit.add_argument("--items-dir", default=None, help="score against the items in DIR")
    submit.set_defaults(run=_submit)
    check_bundle = sub.add_parser(
        "verify",
        help="re-score a submission bundle's samples and check every number of its results "
        "(exit 1 when any differs)",
    )
    check_bundle.add_argument("bundle", metavar="BUNDLE")
    check_bundle.add_argument("--items-dir", default=None, help="the items the bundle used")
    check_bundle.add_argument(
        "--install",
        default=None,
        metavar="RESULTS_DIR",
        help="once verified, copy the run into RESULTS_DIR, marked verified on the leaderboard",
    )
    check_bundle.set_defaults(run=_verify)
    return parser


def _merge(args: argparse.Namespace) -> int:
    from harness.merge import merge_results

    out = Path(args.out)
    merged = merge_results([Path(p) for p in args.results], out)
    board = update_leaderboard(out, _prompts())
    print(f"merged {len(args.results)} shards: {merged}\nleaderboard: {board}")
    return 0


def _submit(args: argparse.Namespace) -> int:
    from harness.results import slug
    from iotbench.submission import SubmissionError, submit

    meta = dict(pair.partition("=")[::2] for pair in args.meta)
    bad = [pair for pair in args.meta if "=" not in pair or not pair.partition("=")[0]]
    if bad:
        raise ItemError(f"--meta {bad[0]!r}: expected KEY=VALUE")
    out = Path(args.out or f"submission-{slug(args.model_name)}")
    items_dir = Path(args.items_dir) if args.items_dir else None
    try:
        bundle = submit(Path(args.samples), out, args.model_name, meta, args.data_seed, items_dir)
    except SubmissionError as exc:
        print(f"iotbench: submit: {exc}", file=sys.stderr)
        return 2
    print(f"submission bundle: {bundle} (check it with: iotbench verify {bundle})")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from iotbench.submission import SubmissionError, install, verify

    bundle = Path(args.bundle)
    items_dir = Path(args.items_dir) if args.items_dir else None
    try:
        check = verify(bundle, items_dir)
        installed = install(bundle, Path(args.install), check) if args.install else None
    except SubmissionError as exc:
        print(f"iotbench: verify: refused: {exc}", file=sys.stderr)
        return 1
    print(
        f"verified {check.run_id}: {check.exact} numbers identical, {check.resource} time and "
        "memory numbers within the stated factor"
    )
    if installed is not None:
        print(f"installed: {installed} (marked verified on the leaderboard)")
    return 0


def _first_seed(text: str, count: int) -> int:
    """--data-seed: an integer, or `random` (a fresh seed leaving room for `count` seeds)."""
    from iotbench.data.seeds import SEED_BITS, draw_data_seed

    if text == "random":
        return draw_data_seed() % ((1 << SEED_BITS) - count)
    try:
        return int(text)
    except ValueError:
        raise ItemError(f"--data-seed must be an integer or `random`, got {text!r}") from None


def _validate(args: argparse.Namespace) -> int:
    from harness.progress import wanted
    from harness.sandbox import SandboxMode
    from iotbench.data.seeds import check_data_seed
    from iotbench.task_validity import task_summary, validate_task_items
    from iotbench.validate import (
        errata_ids,
        read_record,
        summary,
        validate_codegen,
        validate_decomposition,
        write_record,
    )

    if args.seeds < 1:
        raise ItemError(f"--seeds must be >= 1, got {args.seeds}")
    if args.max_mutants < 0:
        raise ItemError(f"--max-mutants must be >= 0, got {args.max_mutants}")
    if args.record and args.solutions != "all":
        raise ItemError(
            f"--record needs the whole validity set (--solutions all), not "
            f"--solutions {args.solutions}"
        )
    first = _first_seed(args.data_seed, args.seeds)
    try:
        seeds = [check_data_seed(first + i, "--data-seed") for i in range(args.seeds)]
    except ValueError as exc:
        raise ItemError(str(exc)) from None
    items = _items(args)
    if args.changed:
        recorded = read_record(RECORD)
        unchanged = [i for i in items if recorded.get(i.id) == i.content_hash]
        items = [i for i in items if recorded.get(i.id) != i.content_hash]
        print(f"{len(unchanged)} item(s) unchanged since recorded valid; validating {len(items)}")
    mode = SandboxMode(args.sandbox)
    progress = sys.stderr if wanted(args.progress, sys.stderr) else None
    spec = [i for i in items if i.kind == "codegen" and i.split != "task"]
    task = [i for i in items if i.split == "task"]
    results = validate_codegen(spec, mode, args.max_mutants, progress)
    results += validate_decomposition([i for i in items if i.kind == "decomposition"])
    lines, ok = summary(results, errata_ids())
    if task:
        print(f"task items: data seeds {seeds[0]}..{seeds[-1]}, solutions: {args.solutions}")
    task_results = validate_task_items(task, mode, seeds, args.solutions, progress)
    task_lines, task_ok = task_summary(task_results)
    print("\n".join(lines + task_lines))
    if args.record:
        valid = {r.item_id for r in results if r.reference_ok and r.item_id not in errata_ids()}
        valid |= {r.item_id for r in task_results if r.ok}
        write_record(RECORD, {i.id: i.content_hash for i in items if i.id in valid})
        print(f"recorded {len(valid)} valid item(s) in {RECORD}")
    return 0 if ok and task_ok else 1


def _export(args: argparse.Namespace) -> int:
    try:
        exporter = EXPORT_FORMATS.get(args.format)
    except RegistryError as exc:
        raise ExportError(f"--format: {exc}") from None
    items = _items(args)
    summary = exporter(items, Path(args.directory))
    print(
        f"{summary.directory}: "
        + ", ".join(f"{kind} {n}" for kind, n in summary.counts.items())
        + f" item(s); hidden tests and references in {summary.directory / 'private'} "
        "(do not publish that part)"
    )
    return 0


def _serve(args: argparse.Namespace) -> int:
    from harness.serve import serve

    return serve(args.spec, host=args.host, port=args.port)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (ItemError, ResultsError, ExportError) as exc:
        print(f"iotbench: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
