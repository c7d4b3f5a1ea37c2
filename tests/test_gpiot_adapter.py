"""The `gpiot` adapter: spec errors, routing by kind, a real tiny PECT checkpoint, end to end."""

from __future__ import annotations

import ast
import json
import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import iotbench
from gpiot_models.adapter import GPIoTAdapter, GPIoTSettings, load_knowledge
from gpiot_models.assembly import defines
from gpiot_models.pipeline import CG_SYSTEM, TD_SYSTEM, stage_seed
from harness.adapters import AdapterError, GenerationRequest, Message, resolve_adapter

os.environ.setdefault("HF_HUB_OFFLINE", "1")
BENCH_DIR = Path(iotbench.__file__).parent
HD_PROMPT = (BENCH_DIR / "items" / "hd_synthetic_ecg" / "prompt.md").read_text(encoding="utf-8")
MESSAGES = (
    Message("system", "You are an IoT developer."),
    Message("user", "Use ECG data to detect heartbeats on a laptop."),
)


def request(
    kind: str,
    n: int = 1,
    *,
    item: str = "x",
    prompt: str = "p",
    seed: int = 3,
    tokens: int = 16,
    stop: tuple[str, ...] = (),
    entry: str | None = None,
) -> GenerationRequest:
    messages = (
        MESSAGES if kind != "application" else (Message("system", "s"), Message("user", prompt))
    )
    return GenerationRequest(
        item_id=item,
        messages=messages,
        prompt=prompt,
        n=n,
        temperature=1.0,
        top_p=0.9,
        max_new_tokens=tokens,
        stop=stop,
        seed=seed,
        kind=kind,
        entry_point=entry,
    )


class ScriptedRoles:
    """A RoleModel that answers by role and records every call."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def generate(
        self,
        role: str,
        messages: Sequence[Message],
        *,
        n: int = 1,
        temperature: float = 0.8,
        top_p: float = 0.95,
        max_new_tokens: int = 512,
        seed: int = 0,
        stop: Sequence[str] = (),
    ) -> list[str]:
        self.calls.append(
            {
                "role": role,
                "messages": tuple(messages),
                "n": n,
                "seed": seed,
                "top_p": top_p,
                "tokens": max_new_tokens,
                "stop": tuple(stop),
            }
        )
        answers = {
            "td": "- Sub-Task 1 [Find the R peaks]\n  - threshold the energy",
            "rt": "Find the R peaks of the ECG signal.",
            "cg": "```python\ndef detect_r_peaks(signal, fs):\n    return []\n```",
        }
        return [f"{answers[role]}" for _ in range(n)]


# --- spec parsing and errors (no model is loaded) -------------------------------------------


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("gpiot:", "gpiot adapter needs a checkpoint directory"),
        ("gpiot:/no/such/dir", "gpiot: checkpoint directory '/no/such/dir' does not exist"),
        ("gpiot:.,colour=red", "gpiot: unknown option 'colour'"),
        ("gpiot:.,max_subtasks=0", "gpiot: bad value '0' for option 'max_subtasks'"),
        ("gpiot:.,device=tpu", "gpiot: bad value 'tpu' for option 'device'"),
        ("gpiot:.,threads=two", "gpiot: bad value 'two' for option 'threads'"),
        (
            "gpiot:.,knowledge=/no/such/docs",
            "gpiot: knowledge=/no/such/docs: knowledge corpus '/no/such/docs' is not a directory",
        ),
    ],
)
def test_spec_errors_are_one_line(spec: str, message: str) -> None:
    with pytest.raises(AdapterError) as info:
        resolve_adapter(spec)
    assert str(info.value).startswith(message) and "\n" not in str(info.value)


@pytest.mark.slow  # imports torch and transformers
def test_an_invalid_checkpoint_is_one_clear_line(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    with pytest.raises(AdapterError) as info:
        resolve_adapter(f"gpiot:{tmp_path},knowledge=none")
    text = str(info.value)
    assert text.startswith("gpiot: ") and str(tmp_path) in text and "\n" not in text
    (tmp_path / "gpiot_config.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(AdapterError, match="gpiot: ") as info:
        resolve_adapter(f"gpiot:{tmp_path}")
    assert "\n" not in str(info.value)


def test_retrieval_is_on_by_default_and_follows_the_checkpoint(tmp_path: Path) -> None:
    from harness.knowledge import KnowledgeStore, Passage

    settings = GPIoTSettings(checkpoint=tmp_path)
    builtin = load_knowledge(settings)  # nothing recorded, no own store: the shipped notes
    assert builtin is not None and len(builtin) > 2  # the saved index of the shipped notes
    assert {p.source for p in builtin.passages} >= {"ecg.md", "networking.md"}
    vectors = np.eye(2, 384, dtype=np.float32)
    KnowledgeStore(
        [Passage("a#0", "a.md", "alpha"), Passage("b#0", "b.md", "beta")], vectors, "minilm"
    ).save(tmp_path / "knowledge")
    store = load_knowledge(settings)  # an older checkpoint with its own store
    assert store is not None and len(store) == 2 and store.passages[1].text == "beta"
    config = tmp_path / "gpiot_config.json"
    for recorded, size in (("none", None), ("builtin", len(builtin)), ("knowledge", 2)):
        config.write_text(json.dumps({"knowledge": recorded}), encoding="utf-8")
        found = load_knowledge(settings)
        assert (found is None and size is None) or (found is not None and len(found) == size)
    assert load_knowledge(GPIoTSettings(checkpoint=tmp_path, knowledge="none")) is None
    explicit = load_knowledge(
        GPIoTSettings(checkpoint=Path("/nowhere"), knowledge=str(tmp_path / "knowledge"))
    )
    assert explicit is not None and len(explicit) == 2


# --- routing by kind, with a recording model ------------------------------------------------


def test_routes_each_kind_to_its_role(tmp_path: Path) -> None:
    model = ScriptedRoles()
    adapter = GPIoTAdapter(
        GPIoTSettings(checkpoint=tmp_path / "ck", knowledge="none", max_subtasks=2), model=model
    )
    assert adapter.name == "gpiot-ck"
    decomposition, code, application, unkinded = adapter.generate(
        [
            request("decomposition", 2, item="td_a"),
            request("codegen", 3, stop=("\nif",)),
            request("application", 2, prompt=HD_PROMPT, entry="detect_r_peaks", tokens=64),
            request("", 1),
        ]
    )
    assert [len(decomposition), len(code), len(application), len(unkinded)] == [2, 3, 2, 1]
    td, cg, chain_td, *chain, last = model.calls
    assert (td["role"], td["messages"], td["n"]) == ("td", MESSAGES, 2)
    assert td["seed"] == stage_seed(3, "td_a") and td["top_p"] == 0.9 and td["tokens"] == 16
    assert (cg["role"], cg["messages"], cg["n"], cg["stop"]) == ("cg", MESSAGES, 3, ("\nif",))
    assert chain_td["role"] == "td" and chain_td["n"] == 2
    assert chain_td["messages"] == (Message("system", TD_SYSTEM), Message("user", HD_PROMPT))
    assert [c["role"] for c in chain] == ["rt", "rt", "cg"] * 2
    assert chain[2]["messages"][0] == Message("system", CG_SYSTEM)
    assert last["role"] == "cg" and last["messages"] == MESSAGES  # no kind: code generation
    assert decomposition[0].startswith("- Sub-Task 1") and code[0].startswith("```python")
    assert application[0] == "```python\ndef detect_r_peaks(signal, fs):\n    return []\n```\n"
    with pytest.raises(AdapterError, match="has kind 'poetry'"):
        adapter.generate([request("poetry")])


# --- a real tiny PECT checkpoint ------------------------------------------------------------


@pytest.fixture(scope="module")
def _restore_torch_threads() -> Iterator[None]:
    """threads=1 (used below: steady on a busy machine) is process-wide; undo it afterwards."""
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory: pytest.TempPathFactory, _restore_torch_threads: None) -> Path:
    pytest.importorskip("peft")
    from gpiot_models.testing import build_tiny_checkpoint

    return build_tiny_checkpoint(tmp_path_factory.mktemp("gpiot"))


@pytest.mark.slow
def test_real_checkpoint_serves_the_roles(checkpoint: Path, tmp_path: Path) -> None:
    trace = tmp_path / "trace" / "gpiot_trace.jsonl"
    adapter: Any = resolve_adapter(f"gpiot:{checkpoint},max_subtasks=2,trace={trace},threads=1")
    model = adapter.model
    by_role = {
        role: model.generate(
            role,
            MESSAGES,
            n=2,
            temperature=1.0,
            top_p=0.9,
            max_new_tokens=16,
            seed=stage_seed(3, "x"),
        )
        for role in ("td", "rt", "cg")
    }
    assert by_role["td"] != by_role["rt"] and by_role["cg"] != by_role["rt"]
    decomposition, code = adapter.generate([request("decomposition", 2), request("codegen", 2)])
    assert decomposition == by_role["td"] and code == by_role["cg"]
    (application,) = adapter.generate(
        [request("application", 1, prompt=HD_PROMPT, entry="detect_r_peaks", item="hd")]
    )
    (program,) = application
    assert program.startswith("```python\n") and program.endswith("```\n")
    source = program[len("```python\n") : -len("```\n")]
    ast.parse(source)
    assert defines(source, "detect_r_peaks")
    (line,) = trace.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["item_id"] == "hd" and record["program"] == source
    assert 1 <= len(record["steps"]) <= 2
    assert record["steps"][-1]["spec_text"].startswith("**Target**\nWrite a Python function ")


@pytest.mark.slow
@pytest.mark.needs_bwrap
def test_benchmark_run_end_to_end(checkpoint: Path, pytester: pytest.Pytester) -> None:
    from harness.knowledge import KnowledgeStore, Passage

    model_dir = pytester.path / "ck"
    shutil.copytree(checkpoint, model_dir)
    rng = np.random.default_rng(0)
    KnowledgeStore(
        [
            Passage("ecg#0", "ecg.md", "Pan-Tompkins finds R peaks."),
            Passage("mqtt#0", "mqtt.md", "MQTT packets start with a fixed header."),
        ],
        rng.normal(size=(2, 384)).astype(np.float32),
        "minilm",
    ).save(model_dir / "knowledge")
    items = pytester.path / "items"
    for item in ("hd_synthetic_ecg", "td_ecg_hrv_stress", "cg_ecg_bandpass"):
        shutil.copytree(
            BENCH_DIR / "items" / item, items / item, ignore=shutil.ignore_patterns("__pycache__")
        )
    out = pytester.path / "out"
    trace = out / "gpiot_trace.jsonl"
    result = pytester.runpytest_subprocess(
        str(BENCH_DIR),
        "--items-dir",
        str(items),
        "--model",
        f"gpiot:{model_dir},max_subtasks=2,trace={trace},threads=1,knowledge={model_dir}/knowledge",
        "--n-samples",
        "1",
        "--max-new-tokens",
        "32",
        "--results-dir",
        str(out),
        "-p",
        "no:xdist",
    )
    result.assert_outcomes(passed=3)
    (path,) = out.glob("*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["model_name"] == "gpiot-ck" and data["generation"]["max_new_tokens"] == 32
    kinds = {item["id"]: (item["kind"], item["n"]) for item in data["items"]}
    assert kinds == {
        "hd_synthetic_ecg": ("application", 1),
        "td_ecg_hrv_stress": ("decomposition", 1),
        "cg_ecg_bandpass": ("codegen", 1),
    }
    statuses = {item["id"]: item["samples"][0]["status"] for item in data["items"]}
    assert statuses["hd_synthetic_ecg"] in {"runtime_error", "fail", "timeout"}
    assert statuses["cg_ecg_bandpass"] != "harness_error"
    assert statuses["td_ecg_hrv_stress"] != "harness_error"
    (line,) = trace.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["item_id"] == "hd_synthetic_ecg"
    assert all(len(step["spec"]["context"]) == 2 for step in record["steps"])  # top_k=3 > 2
