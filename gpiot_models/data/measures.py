"""Quality measures of a build, reported by `gpiot data build`, `gpiot data check` and the card.

- CGD's IoT-relevant share (`gpiot_models.data.relevance`);
- CGD specifications against their functions: an example record's ``**Input Specification**``
  must list exactly the parameters of the function its answer defines, in order;
- TDD's unique step lines: the share of distinct ``  - step`` lines among all step lines (low
  when augmentation repeats a seed's text), seeds and records per seed;
- paraphrase: the highest TF-IDF cosine between a record's user message and an IoTBench item's
  prompt (word 1- and 2-grams, English stop words removed, sublinear term frequency), the
  n-gram test's complement for reworded text.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gpiot_models.data.relevance import shares

_SPEC_INPUTS = re.compile(
    r"\*\*Input Specification\*\*\n(?P<body>.*?)\n\n\*\*Output Specification\*\*", re.DOTALL
)
_SPEC_NAME = re.compile(r"^- `(?P<name>[A-Za-z_]\w*)` \(", re.MULTILINE)
_CODE = re.compile(r"```python\n(.*?)^```", re.DOTALL | re.MULTILINE)  # a fence opens a line
PARAPHRASE_LIMIT = 0.6  # a user message this close to an item prompt is treated as its paraphrase


def spec_matches(record: Mapping[str, Any]) -> bool | None:
    """Whether an example record's spec inputs are its function's parameters (None: not one)."""
    if record.get("task_type") != "example_implementation":
        return None
    user, answer = (m["content"] for m in record["messages"][1:3])
    section, code = _SPEC_INPUTS.search(user), _CODE.search(answer)
    if section is None or code is None:
        return False
    try:
        tree = ast.parse(code.group(1))
    except SyntaxError:
        return False
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name != "main"]
    if not functions:
        return False
    params = [a.arg for a in functions[0].args.args]
    return [m["name"] for m in _SPEC_NAME.finditer(section["body"])] == params


def cgd_measures(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    checked = [spec_matches(r) for r in records]
    specs = [c for c in checked if c is not None]
    no_inputs = sum(
        1
        for r in records
        if r.get("task_type") == "example_implementation"
        and "- None: the function takes no arguments" in r["messages"][1]["content"]
    )
    return {
        "iot": shares(records),
        "specs": len(specs),
        "specs_matching": sum(specs),
        "specs_without_inputs": no_inputs,
    }


def step_lines(record: Mapping[str, Any]) -> list[str]:
    return [
        line
        for line in str(record["messages"][2]["content"]).splitlines()
        if line.startswith("  - ")
    ]


def tdd_measures(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    steps = [line for r in records for line in step_lines(r)]
    per_seed = Counter(str(r.get("source", "")) for r in records)
    return {
        "records": len(records),
        "seeds": len(per_seed),
        "step_lines": len(steps),
        "unique_step_lines": len(set(steps)),
        "unique_share": len(set(steps)) / len(steps) if steps else 0.0,
        "max_per_seed": max(per_seed.values(), default=0),
    }


@dataclass(frozen=True)
class Paraphrase:
    """The closest (record, item) pair by TF-IDF cosine, and how many pass the limit."""

    cosine: float
    record: str
    item: str
    above_limit: tuple[str, ...]  # ids of records at or above PARAPHRASE_LIMIT


def paraphrase(
    records: Sequence[Mapping[str, Any]],
    prompts: Mapping[str, str],
    limit: float = PARAPHRASE_LIMIT,
) -> Paraphrase:
    """The highest TF-IDF cosine between a record's user message and any item prompt."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not records or not prompts:
        return Paraphrase(0.0, "", "", ())
    texts = [str(r["messages"][1]["content"]) for r in records]
    items = list(prompts)
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), stop_words="english", sublinear_tf=True)
    matrix = vectorizer.fit_transform(texts + [prompts[i] for i in items])
    similarity = (matrix[: len(texts)] @ matrix[len(texts) :].T).toarray()
    best = similarity.max(axis=1)
    row = int(best.argmax())
    column = int(similarity[row].argmax())
    above = tuple(str(records[i].get("id", i)) for i in range(len(texts)) if best[i] >= limit)
    return Paraphrase(float(best[row]), str(records[row].get("id", row)), items[column], above)


def summary_lines(
    cgd: Sequence[Mapping[str, Any]], tdd: Sequence[Mapping[str, Any]], closest: Paraphrase
) -> list[str]:
    """What `gpiot data build` and `gpiot data check` print about a build's quality."""
    c, t = cgd_measures(cgd), tdd_measures(tdd)
    return [
        f"CGD IoT-relevant share: {100 * c['iot']['share']:.1f} % of {c['iot']['records']} "
        f"records; example specs matching their function's parameters: "
        f"{c['specs_matching']}/{c['specs']} ({c['specs_without_inputs']} without inputs)",
        f"TDD: {t['records']} records from {t['seeds']} seeds (at most {t['max_per_seed']} per "
        f"seed); unique step lines {t['unique_step_lines']}/{t['step_lines']} "
        f"({100 * t['unique_share']:.1f} %)",
        f"closest to an IoTBench prompt (TF-IDF cosine of user messages): {closest.cosine:.3f} "
        f"({closest.record} ~ {closest.item}); records at or above {PARAPHRASE_LIMIT}: "
        f"{len(closest.above_limit)}",
    ]
