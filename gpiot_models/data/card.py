"""The dataset card (README.md) written beside the CGD and TDD datasets.

It says how the data were made and what is in them: sizes per source package, task type, TDD
augmentation operator and domain; the installed package versions; how many example programs
ran in the sandbox; and the decontamination result against IoTBench.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gpiot_models.data.cgd import TASK_TYPES, CgdStats

COLUMNS_DOC = (
    ("id", "string", "unique record id"),
    ("messages", "list of {role, content}", "the chat: system, user, assistant"),
    (
        "task_type",
        "string",
        "CGD: module_description, module_implementation, "
        "example_implementation; TDD: as its builder names them",
    ),
    ("domain", "string", "application area (CGD) or IoT domain (TDD)"),
    ("operator", "string", "TDD augmentation operator; empty for CGD and unaugmented TDD"),
    ("source", "string", "provenance: the API object (CGD) or the seed (TDD)"),
    ("package_version", "string", "installed distribution and version the record came from"),
)


@dataclass
class BuildInfo:
    """Everything the card reports besides the records themselves."""

    command: str
    seconds: float
    cgd: CgdStats
    decontamination: Mapping[str, Mapping[str, Any]]  # set -> {"before", "dropped", "items"}
    ngram: int
    items_indexed: int
    remaining_overlap: int
    tdd_note: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    measures: list[str] = field(default_factory=list)  # gpiot_models.data.measures lines


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def _counts(records: Sequence[dict[str, Any]], key: str) -> list[tuple[str, int]]:
    return sorted(Counter(str(r.get(key, "")) or "(none)" for r in records).items())


def _package(record: dict[str, Any]) -> str:
    return str(record.get("package_version", "")).partition("==")[0] or "(unknown)"


def _target(record: dict[str, Any], targets: Sequence[str]) -> str:
    source = str(record.get("source", ""))
    matches = [t for t in targets if source.startswith(t + ".")]
    return max(matches, key=len) if matches else source.rpartition(".")[0]


def render(cgd: Sequence[dict[str, Any]], tdd: Sequence[dict[str, Any]], info: BuildInfo) -> str:
    """The card as Markdown with a Hugging Face YAML header."""
    lines = [
        "---",
        "pretty_name: GPIoT training data (CGD and TDD)",
        "language:",
        "- en",
        "task_categories:",
        "- text-generation",
        "configs:",
        "- config_name: cgd",
        "  data_files: cgd.jsonl",
        "- config_name: tdd",
        "  data_files: tdd.jsonl",
        "---",
        "",
        "# GPIoT training data",
        "",
        "Chat-format training sets for the GPIoT models: **CGD** (code generation: module "
        "descriptions, module implementations and example implementations made from the "
        "docstrings and examples of installed Python packages) and **TDD** (task "
        "decomposition: IoT problem statements and their sub-task lists, with IoT-oriented "
        "augmentation). `cgd/` and `tdd/` are Hugging Face datasets (`save_to_disk`; load "
        "with `datasets.load_from_disk`); `cgd.jsonl` and `tdd.jsonl` hold the same records.",
        "",
        f"Built with `{info.command}` in {info.seconds:.0f} s.",
        "",
        "## Sizes",
        "",
    ]
    lines += _table(("set", "records"), [("CGD", len(cgd)), ("TDD", len(tdd))])
    if info.measures:
        lines += ["", "## Quality measures", "", *(f"- {line}" for line in info.measures)]
        lines += [
            "",
            "IoT relevance counts a record from a signal, biosignal, inertial or device "
            "package, or one whose text names sensor, signal or device matters "
            "(`gpiot_models/data/relevance.py`).",
        ]
    if info.cgd.partial:
        lines += [
            "",
            "Read in part (the members a sensor pipeline calls, listed in "
            f"`gpiot_models/data/targets.py`): {', '.join(info.cgd.partial)}.",
        ]
    task_counts = Counter(r["task_type"] for r in cgd)
    lines += ["", "### CGD by task type", ""]
    lines += _table(("task type", "records"), [(t, task_counts.get(t, 0)) for t in TASK_TYPES])
    per_target: dict[str, Counter[str]] = {}
    for record in cgd:
        per_target.setdefault(_target(record, info.cgd.targets), Counter())[
            record["task_type"]
        ] += 1
    lines += ["", "### CGD by source package (module walked) and task type", ""]
    lines += _table(
        ("module", *TASK_TYPES, "total"),
        [
            (name, *(c.get(t, 0) for t in TASK_TYPES), sum(c.values()))
            for name, c in sorted(per_target.items())
        ],
    )
    lines += ["", "### CGD by domain", ""]
    lines += _table(("domain", "records"), _counts(cgd, "domain"))
    versions = Counter(str(r.get("package_version", "")) for r in [*cgd, *tdd])
    lines += ["", "## Package versions", "", "Records per installed distribution:", ""]
    lines += _table(("package", "records"), sorted(versions.items()))
    runs = info.cgd.runs
    lines += [
        "",
        "## Example programs run in the sandbox",
        "",
        f"{info.cgd.objects} documented objects were read, {info.cgd.objects_with_examples}"
        f" with an Examples section. Each example block became a program (a function and "
        f"a `main()` that calls it) and ran in the bubblewrap sandbox; only programs that "
        f"ran without error are in the data. {runs.tried} example programs ran, "
        f"{runs.ran} without error; {runs.demos_tried} module demos ran, "
        f"{runs.demos_ran} without error. {runs.none_outputs} programs ran but returned "
        f"None for an output and {runs.no_inputs} took no input even after the data "
        f"written into the documented call became inputs; both were used only as context "
        f"for later blocks, not as records. {info.cgd.duplicates} duplicate records were "
        f"removed.",
        "",
    ]
    lines += _table(("outcome", "programs"), sorted(runs.outcomes.items()))
    if info.cgd.rewritten or info.cgd.rewrite_fallbacks:
        lines += [
            "",
            f"Module documentation rewritten by the language model: "
            f"{info.cgd.rewritten}; kept from the template: "
            f"{info.cgd.rewrite_fallbacks}.",
        ]
    lines += ["", "## TDD", ""]
    if info.tdd_note:
        lines += [info.tdd_note, ""]
    lines += ["### By augmentation operator", ""]
    lines += _table(("operator", "records"), _counts(tdd, "operator"))
    lines += ["", "### By domain", ""]
    lines += _table(("domain", "records"), _counts(tdd, "domain"))
    lines += ["", "### By task type", ""]
    lines += _table(("task type", "records"), _counts(tdd, "task_type"))
    lines += [
        "",
        "## Decontamination",
        "",
        f"Every record was checked for word {info.ngram}-grams (lower-cased, punctuation "
        f"deleted, as lm-evaluation-harness normalises) shared with any of "
        f"{info.items_indexed} IoTBench items (prompt, system message, reference and other "
        "shipped solutions, hidden and public tests, reference.md); overlapping records "
        "were dropped.",
        "",
    ]
    rows = [
        (
            name,
            d.get("before", 0),
            d.get("dropped", 0),
            ", ".join(f"{k} ({v})" for k, v in list(d.get("items", {}).items())[:5]) or "-",
        )
        for name, d in info.decontamination.items()
    ]
    lines += _table(("set", "records before", "dropped", "items involved (records)"), rows)
    lines += [
        "",
        f"Records overlapping an IoTBench item after filtering: "
        f"**{info.remaining_overlap}**. Re-check any time with "
        "`gpiot data check --data DIR`.",
        "",
        "## Columns",
        "",
    ]
    lines += _table(("column", "type", "meaning"), COLUMNS_DOC)
    for key, value in info.extra.items():
        lines += ["", f"{key}: {value}"]
    return "\n".join(lines) + "\n"
