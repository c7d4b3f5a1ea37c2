"""Decontamination: no training record may share a 13-gram with any IoTBench item.

Text is normalised as lm-evaluation-harness's decontamination does (ASCII letters lower-cased,
punctuation deleted, split on whitespace) and cut into word 13-grams. The index holds the 13-grams
of every item's prompt, system message, shipped solutions (``reference.py`` and the like),
hidden and public tests and ``reference.md``. A record overlaps when any 13-gram of its messages
is in the index; the builders drop such records, and ``gpiot data check`` reports what remains,
together with the closest TF-IDF match of any record to an item prompt
(`gpiot_models.data.measures.paraphrase`; records at or above its limit count as paraphrases).
"""

from __future__ import annotations

import argparse
import json
import string
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iotbench.catalog import ITEMS_DIR, load_items
from iotbench.item import Item, ItemError

NGRAM = 13
TRAINING_SETS = ("cgd", "tdd")
_TABLE = str.maketrans(string.ascii_uppercase, string.ascii_lowercase, string.punctuation)


def tokens(text: str) -> list[str]:
    """Normalised word tokens: lower-case ASCII letters, punctuation deleted, whitespace split."""
    return text.translate(_TABLE).split()


def ngrams(text: str, n: int = NGRAM) -> Iterator[str]:
    """Every word n-gram of `text` (none when it has fewer than n tokens)."""
    words = tokens(text)
    for start in range(len(words) - n + 1):
        yield " ".join(words[start : start + n])


def item_texts(item: Item) -> dict[str, str]:
    """Everything of an item a training set must not contain, by part name."""
    parts = {"prompt": item.prompt, "system": item.system}
    for path in sorted(item.path.glob("*.py")) + sorted(item.path.glob("*.md")):
        if path.name != "prompt.md":
            parts[path.name] = path.read_text(encoding="utf-8")
    return parts


@dataclass
class Index:
    """13-grams of the benchmark, each with the first item (and part) it came from."""

    n: int = NGRAM
    grams: dict[str, str] = field(default_factory=dict)
    items: int = 0

    def add(self, label: str, text: str) -> None:
        for gram in ngrams(text, self.n):
            self.grams.setdefault(gram, label)

    @classmethod
    def from_items(cls, items: Iterable[Item], n: int = NGRAM) -> Index:
        index = cls(n=n)
        for item in items:
            index.items += 1
            for part, text in item_texts(item).items():
                index.add(f"{item.id}/{part}", text)
        return index

    def hits(self, text: str) -> list[tuple[str, str]]:
        """(item/part, 13-gram) for each distinct overlapping 13-gram of `text`."""
        found: dict[str, str] = {}
        for gram in ngrams(text, self.n):
            label = self.grams.get(gram)
            if label is not None and gram not in found:
                found[gram] = label
        return [(label, gram) for gram, label in found.items()]


def record_text(record: dict[str, Any]) -> str:
    """All message contents of a record."""
    return "\n".join(str(m.get("content", "")) for m in record.get("messages", []))


@dataclass
class Report:
    """Overlap of one training set with the benchmark."""

    name: str
    records: int = 0
    overlapping: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)

    @property
    def items(self) -> Counter[str]:
        """How many overlapping records each item (part) is involved in."""
        counts: Counter[str] = Counter()
        for _, hits in self.overlapping:
            counts.update({label for label, _ in hits})
        return counts


def scan(name: str, records: Sequence[dict[str, Any]], index: Index) -> Report:
    report = Report(name, len(records))
    for record in records:
        hits = index.hits(record_text(record))
        if hits:
            report.overlapping.append((str(record.get("id", "?")), hits))
    return report


def decontaminate(
    records: Sequence[dict[str, Any]], index: Index
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Split records into (clean, dropped); a dropped record gets an ``overlap`` note."""
    kept, dropped = [], []
    for record in records:
        hits = index.hits(record_text(record))
        if hits:
            dropped.append(
                {"id": record.get("id"), "items": sorted({h[0] for h in hits}), "ngram": hits[0][1]}
            )
        else:
            kept.append(record)
    return kept, dropped


def benchmark_index(items_dir: Path = ITEMS_DIR, n: int = NGRAM) -> Index:
    """The index over every item under `items_dir`."""
    return Index.from_items(load_items(items_dir), n)


def item_prompts(items_dir: Path = ITEMS_DIR) -> dict[str, str]:
    """Each item's prompt (its user message), by item id: what a paraphrase would reword."""
    return {item.id: item.prompt for item in load_items(items_dir)}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Records of a JSON-lines file; ValueError names the file and line of a bad record."""
    records = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
            if not isinstance(record, dict) or not isinstance(record.get("messages"), list):
                raise ValueError(f"{path}:{number}: expected an object with a 'messages' list")
            records.append(record)
    return records


def format_report(reports: Sequence[Report], index: Index, show: int = 5) -> str:
    lines = [
        f"13-gram decontamination against {index.items} IoTBench items "
        f"({len(index.grams)} distinct {index.n}-grams)"
    ]
    for report in reports:
        lines.append(
            f"{report.name}: {report.records} records, {len(report.overlapping)} overlap an item"
        )
        for record_id, hits in report.overlapping[:show]:
            lines.append(
                f'  {record_id}: {hits[0][0]}: "{hits[0][1]}"'
                + (f" (+{len(hits) - 1} more)" if len(hits) > 1 else "")
            )
        for label, count in report.items.most_common(show) if report.overlapping else ():
            lines.append(f"  item part {label}: {count} record(s)")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """`gpiot data check`: exit 0 when no training record overlaps an item, 1 when some do."""
    parser = argparse.ArgumentParser(prog="gpiot data check", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=Path("gpiot_data"),
        help="folder written by `gpiot data build` (default: gpiot_data)",
    )
    parser.add_argument(
        "--items-dir",
        type=Path,
        default=ITEMS_DIR,
        help="IoTBench items to check against (default: the shipped items)",
    )
    parser.add_argument("--ngram", type=int, default=NGRAM, help="n-gram length (default 13)")
    args = parser.parse_args(argv)
    if args.ngram < 1:
        print(f"gpiot data check: --ngram must be >= 1, got {args.ngram}", file=sys.stderr)
        return 2
    sets = {name: args.data / f"{name}.jsonl" for name in TRAINING_SETS}
    present = {name: path for name, path in sets.items() if path.is_file()}
    if not present:
        print(
            f"gpiot data check: {args.data}: no cgd.jsonl or tdd.jsonl (run `gpiot data build "
            f"--out {args.data}` first)",
            file=sys.stderr,
        )
        return 2
    try:
        index = benchmark_index(args.items_dir, args.ngram)
        records = {name: read_jsonl(path) for name, path in present.items()}
        reports = [scan(name, rows, index) for name, rows in records.items()]
        prompts = item_prompts(args.items_dir)
    except (ValueError, ItemError, OSError) as exc:
        print(f"gpiot data check: {exc}", file=sys.stderr)
        return 2
    print(format_report(reports, index))
    from gpiot_models.data.measures import paraphrase, summary_lines

    closest = paraphrase([r for rows in records.values() for r in rows], prompts)
    for line in summary_lines(records.get("cgd", []), records.get("tdd", []), closest):
        print(line)
    missing = sorted(set(sets) - set(present))
    if missing:
        print(f"note: {', '.join(f'{m}.jsonl' for m in missing)} not found in {args.data}")
    overlapping = sum(len(r.overlapping) for r in reports)
    near = len(closest.above_limit)
    print(
        "PASS: no record overlaps or paraphrases an IoTBench item"
        if not overlapping and not near
        else f"FAIL: {overlapping} record(s) overlap IoTBench items, {near} paraphrase one"
    )
    return 1 if overlapping or near else 0
