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
from gpiot_models.data.cgd import build_cgd
from gpiot_models.data.decontam import NGRAM, Index, benchmark_index, decontaminate, record_text
from gpiot_models.data.walk import DEFAULT_TARGETS, TargetError, resolve
from harness.adapters import AdapterError, ModelAdapter, resolve_adapter
from iotbench.catalog import ITEMS_DIR
from iotbench.item import ItemError

COLUMNS = ("id", "messages", "task_type", "domain", "operator", "source", "package_version")
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


def expand_targets(names: Sequence[str] | None) -> tuple[str, ...]:
    """--packages values; the word ``default`` stands for the default list."""
    if not names:
        return DEFAULT_TARGETS
    out: list[str] = []
    for name in names:
        out += DEFAULT_TARGETS if name == "default" else [name]
    return tuple(dict.fromkeys(out))


def build_tdd_records(adapter: ModelAdapter | None, seed: int) -> list[dict[str, Any]]:
    """The TDD records of gpiot_models.data.tdd (imported only here)."""
    from gpiot_models.data.tdd import build_tdd

    records: list[dict[str, Any]] = build_tdd(adapter=adapter, seed=seed)
    return records


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
        help="modules or classes to read for CGD (default: numpy, scipy.signal/"
        "fft/interpolate, sklearn.*, pandas, wfdb, torch.nn ...; the word "
        "'default' adds that list)",
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
            resolve(target)
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

    cgd, stats = build_cgd(targets, args.limit, adapter, progress)
    try:
        tdd = build_tdd_records(adapter, args.seed)
    except ModuleNotFoundError as exc:
        print(f"{prog}: the TDD builder cannot be imported ({exc})", file=sys.stderr)
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
    remaining = sum(1 for r in [*cgd, *tdd] if index.hits(record_text(r)))
    info = card_module.BuildInfo(
        command=shlex.join(["gpiot", "data", "build", *argv]),
        seconds=time.monotonic() - started,
        cgd=stats,
        decontamination=summary,
        ngram=index.n,
        items_indexed=index.items,
        remaining_overlap=remaining,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        save(staging, "cgd", cgd)
        save(staging, "tdd", tdd)
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
        f"{summary['cgd']['dropped']}, TDD {summary['tdd']['dropped']}; "
        f"{info.seconds:.0f} s"
    )
    return 0
