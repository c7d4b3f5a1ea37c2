"""`gpiot data build`: make CGD and TDD, drop what overlaps IoTBench, write datasets and a card.

Output folder: ``cgd/`` and ``tdd/`` (Hugging Face datasets, ``save_to_disk``), ``cgd.jsonl``,
``tdd.jsonl`` (the same records) and ``README.md`` (the dataset card). Everything is written to
a temporary folder beside the output first, so a failed build leaves an earlier one untouched.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gpiot_models.data import card as card_module
from gpiot_models.data.cgd import CgdStats, build_cgd
from gpiot_models.data.decontam import (
    NGRAM,
    Index,
    benchmark_index,
    decontaminate,
    item_prompts,
    record_text,
)
from gpiot_models.data.measures import paraphrase, summary_lines
from gpiot_models.data.targets import DEFAULT_TARGETS, Target
from gpiot_models.data.walk import TargetError, resolve
from harness.adapters import AdapterError, ModelAdapter, resolve_adapter
from iotbench.catalog import ITEMS_DIR
from iotbench.item import ItemError

COLUMNS = ("id", "messages", "task_type", "domain", "operator", "source", "package_version")
DEFAULT_VARIANTS = 3  # TDD rewrites per seed (gpiot_models.data.tdd.select_variants)
STATS_FILE = "cgd_stats.json"
_ROLES = ("system", "user", "assistant")


class RecordError(ValueError):
    """A record without the columns both training sets share."""


def check_record(record: Any, where: str) -> dict[str, Any]:
    """The record with exactly the shared columns; RecordError names the record and field."""
    if not isinstance(record, dict):
        raise RecordError(f"{where}: a record must be a dict, got {type(record).__name__}")
    label = f"{where} record {record.get('id', '?')!r}"
    for column in COLUMNS:
        if column == "messages":
            continue
        if not isinstance(record.get(column), str):
            raise RecordError(f"{label}: field {column!r} must be a string")
    messages = record.get("messages")
    if not isinstance(messages, list) or [
        m.get("role") if isinstance(m, dict) else None for m in messages
    ] != list(_ROLES):
        raise RecordError(
            f"{label}: field 'messages' must be [system, user, assistant] "
            "messages with 'role' and 'content'"
        )
    if not all(isinstance(m.get("content"), str) and m["content"].strip() for m in messages):
        raise RecordError(f"{label}: every message needs non-empty 'content' text")
    return {
        column: record[column]
        if column != "messages"
        else [{"role": m["role"], "content": m["content"]} for m in messages]
        for column in COLUMNS
    }


def expand_targets(names: Sequence[str] | None) -> tuple[Target, ...]:
    """--packages values; the word ``default`` stands for the default list (read as it says)."""
    if not names:
        return DEFAULT_TARGETS
    out: list[Target] = []
    for name in names:
        out += DEFAULT_TARGETS if name == "default" else [Target(name)]
    return tuple(dict.fromkeys(out))


def build_tdd_records(
    adapter: ModelAdapter | None, seed: int, variants: int = DEFAULT_VARIANTS
) -> list[dict[str, Any]]:
    """The TDD records of gpiot_models.data.tdd (imported only here)."""
    from gpiot_models.data.tdd import build_tdd

    records: list[dict[str, Any]] = build_tdd(adapter=adapter, seed=seed, variants=variants)
    return records


def reuse_cgd(folder: Path) -> tuple[list[dict[str, Any]], CgdStats]:
    """The CGD records and run statistics of an earlier build in `folder`."""
    from gpiot_models.data.decontam import read_jsonl

    records = read_jsonl(folder / "cgd.jsonl")
    stats = CgdStats()
    saved = folder / STATS_FILE
    if saved.is_file():
        data = json.loads(saved.read_text(encoding="utf-8"))
        stats = CgdStats(
            targets=tuple(data.get("targets", ())),
            partial=tuple(data.get("partial", ())),
            objects=int(data.get("objects", 0)),
            objects_with_examples=int(data.get("objects_with_examples", 0)),
            duplicates=int(data.get("duplicates", 0)),
        )
        runs = data.get("runs", {})
        stats.runs.tried, stats.runs.ran = int(runs.get("tried", 0)), int(runs.get("ran", 0))
        stats.runs.demos_tried = int(runs.get("demos_tried", 0))
        stats.runs.demos_ran = int(runs.get("demos_ran", 0))
        stats.runs.none_outputs = int(runs.get("none_outputs", 0))
        stats.runs.no_inputs = int(runs.get("no_inputs", 0))
        stats.runs.outcomes.update(runs.get("outcomes", {}))
    return records, stats


def stats_json(stats: CgdStats) -> dict[str, Any]:
    runs = stats.runs
    return {
        "targets": list(stats.targets),
        "partial": list(stats.partial),
        "objects": stats.objects,
        "objects_with_examples": stats.objects_with_examples,
        "duplicates": stats.duplicates,
        "runs": {
            "tried": runs.tried,
            "ran": runs.ran,
            "demos_tried": runs.demos_tried,
            "demos_ran": runs.demos_ran,
            "none_outputs": runs.none_outputs,
            "no_inputs": runs.no_inputs,
            "outcomes": dict(runs.outcomes),
        },
    }


def save(folder: Path, name: str, records: Sequence[dict[str, Any]]) -> None:
    """``folder/name`` as a Hugging Face dataset and ``folder/name.jsonl``."""
    import datasets

    string = datasets.Value("string")
    features = datasets.Features(
        {
            "id": string,
            "messages": datasets.List({"role": string, "content": string}),
            "task_type": string,
            "domain": string,
            "operator": string,
            "source": string,
            "package_version": string,
        }
    )
    table = {column: [record[column] for record in records] for column in COLUMNS}
    datasets.Dataset.from_dict(table, features=features).save_to_disk(str(folder / name))
    with (folder / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def _filter(
    name: str, records: list[dict[str, Any]], index: Index, summary: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    kept, dropped = decontaminate(records, index)
    items = Counter(item for d in dropped for item in d["items"])
    summary[name] = {
        "before": len(records),
        "dropped": len(dropped),
        "items": dict(items.most_common()),
    }
    return kept


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gpiot data build", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=Path("gpiot_data"), help="output folder (default: gpiot_data)"
    )
    parser.add_argument(
        "--packages",
        nargs="+",
        metavar="MODULE",
        help="modules or classes to read whole for CGD (default: the signal, biosignal, "
        "inertial and device packages, sklearn.*, and selected members of numpy, pandas "
        "and torch.nn; the word 'default' adds that list)",
    )
    parser.add_argument(
        "--adapter",
        metavar="SPEC",
        help="model that rewrites module documentation and TDD augmentations "
        "(e.g. hf:PATH); without it the build is template-based",
    )
    parser.add_argument(
        "--limit", type=int, help="at most N API objects per package and N TDD records (quick runs)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed for the TDD builder")
    parser.add_argument(
        "--tdd-variants",
        type=int,
        default=DEFAULT_VARIANTS,
        help=f"rewrites kept per TDD seed, those adding the most new step lines first "
        f"(default {DEFAULT_VARIANTS}; 0 keeps every valid rewrite)",
    )
    parser.add_argument(
        "--cgd-from",
        type=Path,
        metavar="DIR",
        help="reuse the CGD of an earlier build in DIR (skips walking and running the examples)",
    )
    parser.add_argument(
        "--items-dir",
        type=Path,
        default=ITEMS_DIR,
        help="IoTBench items to decontaminate against (default: shipped items)",
    )
    parser.add_argument("--force", action="store_true", help="replace a non-empty --out folder")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    prog = "gpiot data build"
    if args.limit is not None and args.limit < 1:
        print(f"{prog}: --limit must be >= 1, got {args.limit}", file=sys.stderr)
        return 2
    out: Path = args.out
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not args.force:
        print(f"{prog}: {out} exists and is not empty; pass --force to replace it", file=sys.stderr)
        return 2
    targets = expand_targets(args.packages)
    try:
        for target in targets:
            resolve(target.name)
        adapter = resolve_adapter(args.adapter) if args.adapter else None
        index = benchmark_index(args.items_dir, NGRAM)
    except (TargetError, AdapterError, ItemError, OSError) as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return 2
    started = time.monotonic()

    def progress(done: int, total: int) -> None:
        if not args.quiet and (done % 100 == 0 or done == total):
            print(
                f"cgd: examples of {done}/{total} objects run ({time.monotonic() - started:.0f} s)",
                file=sys.stderr,
            )

    try:
        if args.cgd_from is not None:
            cgd, stats = reuse_cgd(args.cgd_from)
        else:
            cgd, stats = build_cgd(targets, args.limit, adapter, progress)
        tdd = build_tdd_records(adapter, args.seed, args.tdd_variants)
    except (ModuleNotFoundError, OSError, ValueError) as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return 2
    try:
        tdd = tdd[: args.limit] if args.limit is not None else tdd
        cgd = [check_record(r, "cgd") for r in cgd]
        tdd = [check_record(r, "tdd") for r in tdd]
    except RecordError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return 2
    summary: dict[str, dict[str, Any]] = {}
    cgd = _filter("cgd", cgd, index, summary)
    tdd = _filter("tdd", tdd, index, summary)
    prompts = item_prompts(args.items_dir)
    near = set(paraphrase([*cgd, *tdd], prompts).above_limit)
    for name, records in (("cgd", cgd), ("tdd", tdd)):
        summary[name]["paraphrases"] = sum(1 for r in records if r["id"] in near)
    cgd = [r for r in cgd if r["id"] not in near]
    tdd = [r for r in tdd if r["id"] not in near]
    remaining = sum(1 for r in [*cgd, *tdd] if index.hits(record_text(r)))
    measures = summary_lines(cgd, tdd, paraphrase([*cgd, *tdd], prompts))
    info = card_module.BuildInfo(
        command=shlex.join(["gpiot", "data", "build", *argv]),
        seconds=time.monotonic() - started,
        cgd=stats,
        decontamination=summary,
        ngram=index.n,
        items_indexed=index.items,
        remaining_overlap=remaining,
        measures=measures,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        save(staging, "cgd", cgd)
        save(staging, "tdd", tdd)
        (staging / STATS_FILE).write_text(json.dumps(stats_json(stats), indent=2) + "\n")
        (staging / "README.md").write_text(card_module.render(cgd, tdd, info), encoding="utf-8")
        if out.exists():
            shutil.rmtree(out) if out.is_dir() else out.unlink()
        staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    tasks = ", ".join(f"{k} {v}" for k, v in sorted(Counter(r["task_type"] for r in cgd).items()))
    print(
        f"wrote {out}: CGD {len(cgd)} records ({tasks}), TDD {len(tdd)} records; "
        f"dropped for IoTBench overlap: CGD "
        f"{summary['cgd']['dropped']}, TDD {summary['tdd']['dropped']}; as paraphrases: "
        f"{summary['cgd']['paraphrases'] + summary['tdd']['paraphrases']}; {info.seconds:.0f} s"
    )
    for line in measures:
        print(line)
    return 0
