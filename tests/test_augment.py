"""IoT-oriented augmentation: operators A1-A3 rewrite statement and decomposition together.

Hand-written expectations on one seed (the WiFi CSI home-workout tracker), validity rules over
every record, and the language-model rewriter with a scripted adapter and a real tiny HF model.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from tiny_llm import build_tiny_llm

from gpiot_models.data import augment, tdd
from harness.adapters import GenerationRequest, resolve_adapter
from harness.metrics.text import parse_subtasks

os.environ.setdefault("HF_HUB_OFFLINE", "1")
SEED = "tdd_wifi_csi_home_workout"


@pytest.fixture(scope="module")
def rules() -> augment.Rules:
    return augment.load_rules()


@pytest.fixture(scope="module")
def seeds() -> dict[str, augment.Seed]:
    return {seed.id: seed for seed in tdd.load_seeds()}


@pytest.fixture(scope="module")
def records() -> dict[str, dict[str, Any]]:
    return {record["id"]: record for record in tdd.build_tdd()}


def user(record: dict[str, Any]) -> str:
    return str(record["messages"][1]["content"])


def subtasks(record: dict[str, Any]) -> list[Any]:
    return parse_subtasks(record["messages"][2]["content"])


def variants(seed: augment.Seed) -> dict[str, augment.Variant]:
    rules = augment.load_rules()
    return {augment.variant_id(seed, v): v for v in augment.augment_seed(seed, rules)}


def without(statement: str, spans: Mapping[str, str]) -> str:
    """The statement with the operator-owned sentences cut out."""
    for key in ("representation", "platform"):
        statement = statement.replace(spans[key], "")
    return statement


def words(text: str, keywords: Sequence[str]) -> list[str]:
    return [w for w in keywords if re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE)]


def test_seed_record_is_the_file_rendered(
    records: dict[str, dict[str, Any]], seeds: dict[str, augment.Seed]
) -> None:
    record, seed = records[SEED], seeds[SEED]
    assert record["operator"] == "" and record["task_type"] == "seed"
    assert user(record) == seed.statement
    parsed = subtasks(record)
    assert [s.title for s in parsed] == [
        "Record a labelled exercise dataset",
        "Sanitise the CSI",
        "Compute Doppler spectrograms",
        "Train and evaluate the exercise recogniser",
        "Count repetitions",
        "Deploy on the Raspberry Pi",
    ]
    assert record["messages"][2]["content"].startswith("- Sub-Task 1 [Record a labelled")
    answer = record["messages"][2]["content"]
    assert "\n\n- Sub-Task 2 [Sanitise the CSI]\n  - Interpolate" in answer


def test_a1_swaps_sensor_in_statement_and_decomposition(
    records: dict[str, dict[str, Any]], seeds: dict[str, augment.Seed]
) -> None:
    record, seed = records[f"{SEED}__a1-imu"], seeds[SEED]
    assert (record["operator"], record["domain"], record["source"]) == ("A1", "imu", SEED)
    text = user(record)
    assert text.startswith("Build an IMU-based workout tracker for a home gym")
    assert "Every person wears a wristband with a 6-axis IMU" in text
    # the IMU's default representation replaces the CSI spectrogram sentence
    assert "The classifier should use statistical features of the inertial signals" in text
    whole = text + record["messages"][2]["content"]
    assert words(whole, ["CSI", "WiFi", "subcarrier", "subcarriers", "spectrogram"]) == []
    parsed, own = subtasks(record), parse_subtasks(tdd.render(seed.subtasks))
    assert [s.title for s in parsed] == [
        "Collect labelled IMU recordings",
        "Clean the IMU streams",
        "Extract statistical features",
        "Train and evaluate the exercise recogniser",
        "Count repetitions",
        "Deploy the pipeline on the Raspberry Pi",
    ]
    assert parsed[3].steps[0].startswith("Use a gradient-boosted tree classifier")
    assert parsed[3].steps[1:] == own[3].steps[1:]  # training protocol kept
    assert parsed[4] == own[4]  # the repetition counter is sensor-neutral and kept verbatim
    # classic model -> the Raspberry Pi deployment for classic models, with the seed's budget
    assert "joblib" in parsed[5].steps[0] and "512 MB" in parsed[5].steps[2]
    assert "512 MB of RAM" in text and "100 ms" in text


def test_a2_swaps_representation_only(
    records: dict[str, dict[str, Any]], seeds: dict[str, augment.Seed]
) -> None:
    record, seed = records[f"{SEED}__a2-amplitude_series"], seeds[SEED]
    assert (record["operator"], record["domain"]) == ("A2", "wifi_csi")
    text = user(record)
    assert "The classifier should take the denoised CSI amplitude streams directly" in text
    assert "Doppler spectrograms computed from the CSI" not in text
    new = variants(seed)[record["id"]]
    assert without(text, new.spans) == without(seed.statement, seed.spans)
    parsed, own = subtasks(record), parse_subtasks(tdd.render(seed.subtasks))
    assert parsed[:2] == own[:2]  # acquisition and cleaning depend on the sensor only
    assert parsed[2].title == "Prepare amplitude windows"
    assert parsed[3].steps[0].startswith("Define a 1-D CNN")
    assert parsed[4] == own[4]
    assert parsed[5].title == "Deploy the model on the Raspberry Pi"  # still a network
    assert "onnxruntime.quantization" in parsed[5].steps[0]


def test_a3_swaps_platform_and_budget_only(
    records: dict[str, dict[str, Any]], seeds: dict[str, augment.Seed]
) -> None:
    record, seed = records[f"{SEED}__a3-esp32-1"], seeds[SEED]
    assert (record["operator"], record["domain"]) == ("A3", "wifi_csi")
    text = user(record)
    assert seed.spans["platform"] not in text
    assert "ESP32-S3 module" in text and "150 kB" in text and "1 MB of flash" in text
    assert seed.spans["sensor"] in text and seed.spans["representation"] in text
    new = variants(seed)[record["id"]]
    assert new.spans["platform"].startswith("Hardware budget: an ESP32-S3 module")
    assert without(text, new.spans) == without(seed.statement, seed.spans)
    parsed, own = subtasks(record), parse_subtasks(tdd.render(seed.subtasks))
    assert parsed[:5] == own[:5]
    assert parsed[5].title == "Deploy the model on the ESP32"
    assert any("150 kB" in step for step in parsed[5].steps)
    assert any("100 ms" in step for step in parsed[5].steps)
    assert any("int8" in step for step in parsed[5].steps)


def test_a1_a3_combination_and_invalid_targets(records: dict[str, dict[str, Any]]) -> None:
    record = records[f"{SEED}__a1-radar__a3-jetson_nano-0"]
    assert record["operator"] == "A1+A3" and record["domain"] == "radar"
    assert "mmWave radar-based workout tracker" in user(record)
    deploy = subtasks(record)[-1]
    assert deploy.title == "Deploy the model on the Jetson Nano"
    assert "TensorRT" in deploy.steps[0]
    # a Cortex-M4 has no CSI-capable radio and a phone exposes no CSI: only other sensors go there
    ids = [i for i in records if i.startswith(SEED)]
    assert f"{SEED}__a3-cortex_m4-0" not in records
    assert f"{SEED}__a1-imu__a3-cortex_m4-0" in records
    assert not [i for i in ids if "a3-smartphone" in i and "a1-imu" not in i]
    assert len(ids) == 90  # 3 modalities x 3 representations x 10 targets (+ none) - seed itself


def test_every_record_respects_the_rule_tables(
    records: dict[str, dict[str, Any]], seeds: dict[str, augment.Seed], rules: augment.Rules
) -> None:
    """No nonsense: statements never name the replaced sensor; targets host the sensor."""
    for rid, record in records.items():
        seed = seeds[record["source"]]
        parts = dict(p.split("-", 1) for p in rid.split("__")[1:])
        modality = parts.get("a1", seed.modality)
        if "a1" in parts:
            assert modality in rules.family_modalities(seed)[1:], rid
            own = set(rules.modalities[seed.modality]["keywords"])
            own -= set(rules.modalities[modality]["keywords"])
            assert words(user(record), sorted(own)) == [], rid
            assert record["domain"] == rules.modalities[modality]["domain"], rid
        if "a3" in parts:
            platform = parts["a3"].rsplit("-", 1)[0]
            assert modality not in rules.platforms[platform]["not_for"], rid
            assert not seed.platforms or platform in seed.platforms, rid
            assert rules.platforms[platform]["name"] in user(record), rid
        assert record["operator"] == "+".join(p.upper() for p in parts), rid


def test_operators_registry_composes(seeds: dict[str, augment.Seed], rules: augment.Rules) -> None:
    seed, rng = seeds[SEED], random.Random(0)
    variant = augment.start(seed)
    for name, arg in (("A1", "radar"), ("A2", "point_cloud"), ("A3", ("raspberry_pi", 1))):
        variant = augment.OPERATORS[name](variant, seed, rules, arg, rng)
    assert variant.operator() == "A1+A2+A3"
    expected = f"{SEED}__a1-radar__a2-point_cloud__a3-raspberry_pi-1"
    assert augment.variant_id(seed, variant) == expected
    assert "point clouds detected in the radar data" in variant.statement
    assert [s.role for s in variant.subtasks] == [s.role for s in seed.subtasks]
    assert "256 MB" in " ".join(variant.subtasks[-1].steps)


def test_a3_adds_a_deploy_subtask_when_the_seed_has_none(
    records: dict[str, dict[str, Any]], seeds: dict[str, augment.Seed]
) -> None:
    seed = seeds["tdd_networking_tsch_scheduler"]
    assert not seed.has_role("deploy") and "platform" not in seed.spans
    record = records["tdd_networking_tsch_scheduler__a3-raspberry_pi-0"]
    parsed = subtasks(record)
    assert len(parsed) == len(seed.subtasks) + 1
    assert parsed[-1].title == "Run the scheduler on the Raspberry Pi"
    text = user(record)  # the platform sentence goes before the closing request
    assert text.endswith("Describe the algorithm, its implementation and the evaluation.")
    assert "The scheduler must run on a Raspberry Pi 4" in text


# --- language-model rewriter -------------------------------------------------------------

GOOD = """### Problem
{statement}

### Sub-Tasks
- Sub-Task 1 [Collect data]
  - Record labelled sessions with the new set-up.

- Sub-Task 2 [Build features]
  - Compute window features.

- Sub-Task 3 [Train and deploy]
  - Train a classifier and deploy it."""


class ScriptedAdapter:
    """Answers A1 prompts well-formed (naming the first allowed option), the rest malformed."""

    name = "scripted"

    def __init__(self) -> None:
        self.requests: list[GenerationRequest] = []

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[str]]:
        self.requests.extend(requests)
        out = []
        for request in requests:
            text = request.messages[1].content
            option = re.search(r"exactly one of: ([^;.]+)", text)
            if request.item_id.endswith("/A1") and option:
                statement = (
                    f"Build the same application ({request.item_id.split('/')[1]}) "
                    f"with {option.group(1)} as the sensor, for the same users."
                )
                out.append([GOOD.format(statement=statement)] * request.n)
            elif request.item_id.endswith("/A2"):
                out.append(["Sure! Here is a rewrite without any layout."] * request.n)
            else:  # right layout, but two sub-tasks without a blank line between them
                bad = GOOD.format(
                    statement="Run it on a Raspberry Pi 4 with 256 MB of RAM and "
                    "a 50 ms latency limit for every window."
                )
                out.append([bad.replace("\n\n- Sub-Task 3", "\n- Sub-Task 3")] * request.n)
        return out


def test_parse_lm_output_accepts_only_the_layout(
    seeds: dict[str, augment.Seed], rules: augment.Rules
) -> None:
    seed = seeds[SEED]
    options = tdd.lm_options(seed, rules, "A1")
    assert [o.key for o in options] == ["radar", "imu"]
    statement = "Build the workout tracker with a wrist IMU instead, for the same ten volunteers."
    key, text, subs = tdd.parse_lm_output(GOOD.format(statement=statement), seed, options) or ()
    assert (key, text, [s.name for s in subs]) == (
        "imu",
        statement,
        ["Collect data", "Build features", "Train and deploy"],
    )
    assert tdd.parse_lm_output("no layout at all", seed, options) is None
    two = GOOD.format(statement=statement).split("\n\n- Sub-Task 3")[0]
    assert tdd.parse_lm_output(two, seed, options) is None  # fewer than 3 sub-tasks
    same = GOOD.format(statement=seed.statement)
    assert tdd.parse_lm_output(same, seed, options) is None  # nothing rewritten
    other = GOOD.format(
        statement="Build the workout tracker with a thermal camera, for the "
        "same ten volunteers and targets."
    )
    assert tdd.parse_lm_output(other, seed, options) is None  # not an allowed modality


def test_lm_augment_keeps_well_formed_and_drops_malformed(
    seeds: dict[str, augment.Seed], rules: augment.Rules
) -> None:
    adapter = ScriptedAdapter()
    chosen = [seeds[SEED], seeds["tdd_networking_tsch_scheduler"]]
    accepted, dropped = tdd.lm_augment(chosen, adapter, rules, n=2, seed_value=5)
    # workout: A1, A2, A3 prompts; scheduler: no modality or representation options -> A3 only
    assert [r.item_id for r in adapter.requests] == [
        f"tdd-augment/{SEED}/A1",
        f"tdd-augment/{SEED}/A2",
        f"tdd-augment/{SEED}/A3",
        "tdd-augment/tdd_networking_tsch_scheduler/A3",
    ]
    assert all(r.n == 2 and r.seed == 5 for r in adapter.requests)
    assert "mmWave FMCW radar; inertial measurement unit" in adapter.requests[0].messages[1].content
    assert [(r.operator, r.option, r.index) for r in accepted] == [
        ("A1", "radar", 0),
        ("A1", "radar", 1),
    ]
    assert dropped == 6


def test_build_tdd_with_an_adapter_adds_lm_records(records: dict[str, dict[str, Any]]) -> None:
    adapter = ScriptedAdapter()
    with_lm = tdd.build_tdd(adapter=adapter, seed=0)
    lm = [r for r in with_lm if "__lm-" in r["id"]]
    a1_jobs = [r for r in adapter.requests if r.item_id.endswith("/A1")]
    assert len(lm) == len(a1_jobs) > 10
    assert len(with_lm) == len(records) + len(lm)
    assert {r["operator"] for r in lm} == {"A1"} and {r["task_type"] for r in lm} == {"augmented"}
    first = next(r for r in lm if r["source"] == SEED)
    assert first["id"] == f"{SEED}__lm-a1-radar-0" and first["domain"] == "radar"
    for record in lm:
        assert len(parse_subtasks(record["messages"][2]["content"])) == 3


@pytest.fixture(scope="module")
def _restore_torch_threads() -> Iterator[None]:
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)


@pytest.mark.slow
def test_lm_augment_through_a_real_hf_adapter(
    tmp_path_factory: pytest.TempPathFactory,
    seeds: dict[str, augment.Seed],
    rules: augment.Rules,
    _restore_torch_threads: None,
) -> None:
    """A random-weight model writes nonsense: every completion is dropped, none is invented."""
    pytest.importorskip("transformers")
    model_dir: Path = build_tiny_llm(
        tmp_path_factory.mktemp("tdd-lm") / "tiny", hidden_size=32, layers=1
    )
    adapter = resolve_adapter(f"hf:{model_dir},threads=1")
    accepted, dropped = tdd.lm_augment(
        [seeds[SEED]], adapter, rules, n=2, max_new_tokens=12, operators=("A1", "A3")
    )
    assert accepted == [] and dropped == 4
