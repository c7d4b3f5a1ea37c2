"""Decontamination: 13-grams over normalised words, the IoTBench index, `gpiot data check`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gpiot_models.data import decontam
from iotbench.catalog import load_items


def _record(record_id: str, text: str) -> dict[str, Any]:
    return {
        "id": record_id,
        "messages": [
            {"role": "system", "content": "You write code."},
            {"role": "user", "content": text},
            {"role": "assistant", "content": "ok"},
        ],
    }


def test_normalisation_matches_lm_eval_janitor() -> None:
    # letters lower-cased, punctuation deleted (not replaced by a space), whitespace split
    assert decontam.tokens("Find_Peaks(x, h=0.5)!  Über\tNEXT") == [
        "findpeaksx",
        "h05",
        "Über",
        "next",
    ]
    words = " ".join(f"w{i}" for i in range(15))
    assert list(decontam.ngrams(words)) == [
        " ".join(f"w{i}" for i in range(s, s + 13)) for s in range(3)
    ]
    assert list(decontam.ngrams("only twelve " * 6)) == []  # 12 tokens: no 13-gram


def test_index_labels_hits_with_item_and_part() -> None:
    index = decontam.Index()
    index.add("item_a/prompt", " ".join(f"t{i}" for i in range(20)))
    text = "prefix words " + " ".join(f"T{i}." for i in range(3, 16)) + " suffix"
    assert index.hits(text) == [("item_a/prompt", " ".join(f"t{i}" for i in range(3, 16)))]
    assert index.hits(" ".join(f"t{i}" for i in range(3, 15))) == []  # 12 shared words only


@pytest.fixture(scope="module")
def bench_index() -> decontam.Index:
    return decontam.benchmark_index()


def _slice(text: str, start: int, words: int = 20) -> str:
    return " ".join(text.split()[start : start + words])


def test_every_item_part_is_indexed(bench_index: decontam.Index) -> None:
    items = load_items()
    assert bench_index.items == len(items)
    codegen = next(i for i in items if i.kind == "codegen")
    parts = decontam.item_texts(codegen)
    assert {"prompt", "system", "reference.py", "hidden_tests.py", "public_tests.py"} <= set(parts)
    decomposition = next(i for i in items if i.kind == "decomposition")
    assert "reference.md" in decontam.item_texts(decomposition)
    labels = set(bench_index.grams.values())
    for part in ("prompt", "hidden_tests.py", "public_tests.py", "reference.py"):
        assert f"{codegen.id}/{part}" in labels
        leaked = _record("leak", "Here is some text: " + _slice(parts[part], 5))
        assert bench_index.hits(decontam.record_text(leaked))  # 20 words of it: caught


def test_decontaminate_drops_injected_item_text(bench_index: decontam.Index) -> None:
    item = next(i for i in load_items() if i.kind == "decomposition")
    reference = decontam.item_texts(item)["reference.md"]
    clean = _record("clean", "Describe in detail what a moving-average filter does to noise.")
    dirty = _record("dirty", "Plan this: " + _slice(reference, 0, 24))
    kept, dropped = decontam.decontaminate([clean, dirty], bench_index)
    assert [r["id"] for r in kept] == ["clean"]
    assert dropped[0]["id"] == "dirty" and f"{item.id}/reference.md" in dropped[0]["items"]


def _write(folder: Path, name: str, records: list[dict[str, Any]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8"
    )


def test_check_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    item = load_items()[0]
    _write(tmp_path / "ok", "cgd", [_record("a", "Describe numpy.convolve in detail.")])
    _write(tmp_path / "ok", "tdd", [_record("b", "Split the problem into sub-tasks.")])
    assert decontam.main(["--data", str(tmp_path / "ok")]) == 0
    out = capsys.readouterr().out
    assert "cgd: 1 records, 0 overlap an item" in out and "PASS" in out

    _write(
        tmp_path / "bad",
        "cgd",
        [_record("a", "fine text"), _record("leaky", _slice(item.prompt, 0, 16))],
    )
    assert decontam.main(["--data", str(tmp_path / "bad")]) == 1
    out = capsys.readouterr().out
    assert "cgd: 2 records, 1 overlap an item" in out and "leaky:" in out and item.id in out
    assert "tdd.jsonl not found" in out

    assert decontam.main(["--data", str(tmp_path / "missing")]) == 2
    assert "no cgd.jsonl or tdd.jsonl" in capsys.readouterr().err
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "cgd.jsonl").write_text('{"id": 1}\n', encoding="utf-8")
    assert decontam.main(["--data", str(tmp_path / "broken")]) == 2
    assert "cgd.jsonl:1: expected an object with a 'messages' list" in capsys.readouterr().err
