"""The TDD builder: size, determinism, format, disjointness from IoTBench, seed validation."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from gpiot_models.data import augment, tdd
from harness.metrics.text import format_correctness_rate, parse_subtasks
from iotbench.catalog import ITEMS_DIR
from iotbench.item import DOMAINS

NGRAM = 13


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return tdd.build_tdd()


def test_size_columns_and_ids(records: list[dict[str, Any]]) -> None:
    assert len(records) >= 1000
    assert all(tuple(r) == tdd.COLUMNS for r in records)
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(ids)
    pairs = {(r["messages"][1]["content"], r["messages"][2]["content"]) for r in records}
    assert len(pairs) == len(records)
    seeds = tdd.load_seeds()
    assert len(seeds) >= 150
    assert [r["id"] for r in records[: len(seeds)]] == [s.id for s in seeds]
    for record in records:
        assert [m["role"] for m in record["messages"]] == ["system", "user", "assistant"]
        assert record["messages"][0]["content"] == tdd.SYSTEM_PROMPT
        assert record["domain"] in DOMAINS and record["package_version"] == ""
        assert record["task_type"] == ("seed" if record["operator"] == "" else "augmented")
        assert record["source"] == record["id"].split("__")[0]


def test_no_rewrite_was_a_duplicate(records: list[dict[str, Any]]) -> None:
    """Every enumerated rewrite survives deduplication: the operators never collide."""
    rules = augment.load_rules()
    enumerated = sum(1 + len(list(augment.augment_seed(s, rules))) for s in tdd.load_seeds())
    assert enumerated == len(records)


def test_counts_per_operator_and_domain(records: list[dict[str, Any]]) -> None:
    counts = tdd.summarize(records)
    assert set(counts["operator"]) == {
        "seed",
        "A1",
        "A2",
        "A3",
        "A1+A2",
        "A1+A3",
        "A2+A3",
        "A1+A2+A3",
    }
    assert counts["operator"]["seed"] == len(tdd.load_seeds())
    assert sum(counts["operator"].values()) == len(records)
    seed_domains = Counter(s.domain for s in tdd.load_seeds())
    for domain in (
        "ecg",
        "ppg",
        "imu",
        "wifi_csi",
        "audio",
        "radar",
        "ble",
        "environmental",
        "gps",
        "emg",
        "eeg",
        "networking",
        "edge",
        "energy",
    ):
        assert seed_domains[domain] >= 2, domain
    assert min(counts["domain"].values()) >= 10


def test_the_default_build_keeps_three_rewrites_per_seed_with_a_quarter_unique_steps(
    records: list[dict[str, Any]],
) -> None:
    from gpiot_models.data.build import DEFAULT_VARIANTS
    from gpiot_models.data.measures import tdd_measures

    capped = tdd.build_tdd(variants=DEFAULT_VARIANTS)
    measured = tdd_measures(capped)
    assert measured["seeds"] == len(tdd.load_seeds()) >= 150
    assert measured["max_per_seed"] <= 1 + DEFAULT_VARIANTS
    assert measured["unique_share"] >= 0.25 > tdd_measures(records)["unique_share"]
    everything = {r["id"]: r for r in records}
    assert all(everything[r["id"]] == r for r in capped)  # a subset, unchanged
    rules = augment.load_rules()
    for seed in tdd.load_seeds()[:20]:
        available = len(list(augment.augment_seed(seed, rules)))
        kept = sum(1 for r in capped if r["source"] == seed.id and r["operator"])
        assert kept == min(available, DEFAULT_VARIANTS), seed.id


def test_every_answer_parses_with_the_fcr_parser(records: list[dict[str, Any]]) -> None:
    answers = [r["messages"][2]["content"] for r in records]
    assert format_correctness_rate(answers) == 1.0
    for answer in answers:
        parsed = parse_subtasks(answer)
        assert 3 <= len(parsed) <= 6
        assert [s.number for s in parsed] == list(range(1, len(parsed) + 1))
        assert "\n\n- Sub-Task 2 [" in answer and "{" not in answer  # all templates filled


def test_deterministic_for_a_seed(records: list[dict[str, Any]]) -> None:
    assert tdd.build_tdd(seed=0) == records
    other = tdd.build_tdd(seed=1)
    assert [r["id"] for r in other] == [r["id"] for r in records]
    changed = sum(a != b for a, b in zip(other, records, strict=True))
    assert 0 < changed < len(records)  # only the choice between equivalent wordings moves


def _grams(text: str) -> set[str]:
    words = re.sub(r"[^\w\s]", " ", text.lower()).split()
    return {" ".join(words[i : i + NGRAM]) for i in range(len(words) - NGRAM + 1)}


def test_no_13_gram_overlap_with_iotbench(records: list[dict[str, Any]]) -> None:
    """Seeds and their rewrites share no 13-word sequence with any item's files."""
    bench: dict[str, str] = {}
    for path in sorted(ITEMS_DIR.glob("*/*")):
        if path.is_file() and path.suffix in {".md", ".py", ".yaml"}:
            for gram in _grams(path.read_text(encoding="utf-8")):
                bench.setdefault(gram, f"{path.parent.name}/{path.name}")
    assert len(bench) > 10_000
    hits = {}
    for record in records:
        text = record["messages"][1]["content"] + "\n" + record["messages"][2]["content"]
        for gram in _grams(text) & bench.keys():
            hits.setdefault(record["source"], (bench[gram], gram))
    assert hits == {}


def copy_seeds(tmp_path: Path, *names: str) -> Path:
    for path in tdd.SEEDS_DIR.glob("_*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    for name in names:
        shutil.copy(tdd.SEEDS_DIR / f"{name}.yaml", tmp_path / f"{name}.yaml")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_bad_seed_files_are_named_with_the_field(tmp_path: Path) -> None:
    name = "tdd_wifi_csi_home_workout"
    folder = copy_seeds(tmp_path, name)
    assert [s.id for s in tdd.load_seeds(folder)] == [name]
    seed_file = folder / f"{name}.yaml"
    original = seed_file.read_text(encoding="utf-8")
    cases = [
        (
            "  Build a WiFi CSI-based workout",
            "  Build a WiFi-CSI-based workout",
            "spans.sensor_adj",
        ),
        (
            "roles: [acquire, preprocess, features, model, keep, deploy]",
            "roles: [acquire, preprocess, features, model, keep]",
            "field 'roles'",
        ),
        (
            "    - Flatten the cleaned data",
            "    - Flatten the CSI data",
            "names the modality (CSI)",
        ),
        (
            "    - Compare the counts",
            "    - Compare the spectrogram counts",
            "names the representation (spectrogram)",
        ),
        (
            "    - Compare the counts",
            "    - Compare on the Raspberry Pi the counts",
            "names the platform (Raspberry Pi)",
        ),
        ("domain: wifi_csi", "domain: wifi", "field 'domain'"),
        ("representation: doppler_spectrogram", "representation: mfcc", "field 'representation'"),
        (
            "\n  - Sub-Task 2 [Sanitise the CSI]",
            "\n  - Sub-Task 2 [Sanitise the CSI]\n  junk",
            "field 'decomposition'",
        ),
    ]
    for old, new, message in cases:
        seed_file.write_text(original, encoding="utf-8")
        edit(seed_file, old, new)
        tdd.load_seeds.cache_clear()
        with pytest.raises(augment.RuleError) as caught:
            tdd.load_seeds(folder)
        assert str(seed_file) in str(caught.value) and message in str(caught.value), message
    tdd.load_seeds.cache_clear()


def test_bad_rule_table_is_named(tmp_path: Path) -> None:
    folder = copy_seeds(tmp_path)
    edit(
        folder / "_families.yaml",
        "representations: [micro_doppler, range_doppler]",
        "representations: [micro_doppler, sonar]",
    )
    with pytest.raises(
        augment.RuleError,
        match=r"_families.yaml: vehicle.modalities.radar: "
        r"representation 'sonar' missing",
    ):
        augment.load_rules(folder)


def test_main_prints_the_counts(
    capsys: pytest.CaptureFixture[str], records: list[dict[str, Any]]
) -> None:
    assert tdd.main() == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{len(records)} TDD records from {len(tdd.load_seeds())} seeds in ")
    assert "per operator: A1 " in out and "seed " in out and "per domain: audio " in out
