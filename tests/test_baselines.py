"""The retrieval and rag baselines: spec parsing, nearest-solution answers, prompts with notes."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from tiny_llm import build_tiny_llm

from baselines.rag import NOTES_INTRO, RAGAdapter, split_wrapper_spec, with_notes
from baselines.retrieval import KNOWLEDGE_DIR, open_store, rename_main_function
from harness.adapters import AdapterError, GenerationRequest, Message, resolve_adapter
from harness.knowledge import KnowledgeStore
from harness.metrics.text import format_correct, parse_subtasks
from harness.sanitize import extract_code
from iotbench.catalog import load_items
from iotbench.session import BenchmarkSession, RunOptions

os.environ.setdefault("HF_HUB_OFFLINE", "1")
slow = pytest.mark.slow  # the first test to search loads MiniLM (seconds)

SYSTEM = "You write Python for IoT devices."
GPS_PROMPT = (
    "**Target**\nWrite a function `fix_distance` that returns the great-circle "
    "distance in metres between two GPS fixes given as latitude and longitude."
)
PLAN_PROMPT = (
    "Design a wearable ECG patch that detects arrhythmia episodes and alerts the "
    "patient's phone over Bluetooth."
)


def request(
    prompt: str = GPS_PROMPT,
    *,
    kind: str = "codegen",
    n: int = 1,
    entry_point: str | None = "fix_distance",
    **fields: Any,
) -> GenerationRequest:
    return GenerationRequest(
        item_id="demo",
        messages=(Message("system", SYSTEM), Message("user", prompt)),
        prompt=prompt,
        n=n,
        kind=kind,
        entry_point=entry_point,
        **fields,
    )


class Recording:
    """An inner adapter that records every request and answers with `answer(request)`."""

    def __init__(self, answer: Callable[[GenerationRequest], str] = lambda r: "ok") -> None:
        self.name = "recording"
        self.answer = answer
        self.requests: list[GenerationRequest] = []

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[str]]:
        self.requests += requests
        return [[self.answer(r) for _ in range(r.n)] for r in requests]


@pytest.fixture(scope="module")
def store() -> KnowledgeStore:
    return open_store()


# --- spec syntax ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("argument", "options", "inner"),
    [
        ("hf:/models/m,dtype=bfloat16", {}, "hf:/models/m,dtype=bfloat16"),
        ("k=5,into=system:hf:/models/m", {"k": "5", "into": "system"}, "hf:/models/m"),
        ("reference", {}, "reference"),
        ("rounds=2:rag:k=3:hf:/m", {"rounds": "2"}, "rag:k=3:hf:/m"),
        (
            "store=/a/b:openai:gpt,base_url=http://h:1/v1",
            {"store": "/a/b"},
            "openai:gpt,base_url=http://h:1/v1",
        ),
    ],
)
def test_wrapper_spec_has_one_reading(argument: str, options: dict[str, str], inner: str) -> None:
    assert split_wrapper_spec("rag", argument) == (options, inner)


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("", "rag needs the model to wrap: rag:[OPTIONS:]SPEC"),
        ("k=5", "options 'k=5' must be followed by ':' and the model to wrap"),
        ("k=5:", "rag needs the model to wrap"),
        ("k=5,oops:hf:x", "option 'oops' is not key=value"),
    ],
)
def test_wrapper_spec_errors(argument: str, message: str) -> None:
    with pytest.raises(AdapterError, match=re.escape(message)):
        split_wrapper_spec("rag", argument)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("rag:kk=1:reference", "rag: unknown option 'kk'; did you mean 'k'?"),
        ("rag:k=0:reference", "rag: bad value '0' for option 'k'"),
        ("rag:store=/no/such/dir:reference", "bad value '/no/such/dir' for option 'store'"),
        ("rag:into=middle:reference", "expected one of user, system"),
        ("rag:no-such-adapter:x", "unknown model adapter 'no-such-adapter'"),
        ("retrieval:corpus=/no/such/dir", "knowledge corpus '/no/such/dir' is not a directory"),
        ("retrieval:k=x", "retrieval: k must be a positive integer"),
        ("retrieval:depth=2", "retrieval: unknown option 'depth'"),
        ("retrieval:notes", "retrieval takes only options"),
    ],
)
def test_bad_specs_are_one_line(spec: str, message: str) -> None:
    with pytest.raises(AdapterError, match=re.escape(message)) as caught:
        resolve_adapter(spec)
    assert "\n" not in str(caught.value)


def test_rename_main_function() -> None:
    code = "def helper(x):\n    return x\n\ndef main_fn(a):\n    return helper(a) + 1\n"
    renamed = rename_main_function(code, "entry")
    assert renamed == code.replace("main_fn", "entry")
    assert rename_main_function(code, "helper") == code  # already defined: left alone
    assert rename_main_function("x = 1\n", "entry") == "x = 1\n"
    assert rename_main_function(code, None) == code


# --- retrieval ----------------------------------------------------------------------------------
@slow
def test_retrieval_answers_with_the_nearest_code_under_the_entry_point_name() -> None:
    adapter = resolve_adapter("retrieval")
    (answers,) = adapter.generate([request(n=3)])
    assert len(answers) == 3 and len(set(answers)) == 1  # deterministic: identical samples
    assert adapter.default_n == 1 and adapter.cacheable is False
    assert answers[0].startswith('From the note "Great-circle distance between two fixes')
    code = extract_code(answers[0], "fix_distance")
    assert code.method == "fence" and "def fix_distance(lat1, lon1, lat2, lon2):" in code.code
    assert "great_circle_m" not in code.code
    again = resolve_adapter("retrieval").generate([request(n=1)])
    assert again == [[answers[0]]]


@slow
def test_retrieval_decomposition_is_well_formed_sub_tasks(store: KnowledgeStore) -> None:
    adapter = resolve_adapter("retrieval:k=2")
    (answers,) = adapter.generate([request(PLAN_PROMPT, kind="decomposition", entry_point=None)])
    assert format_correct(answers[0])
    subtasks = parse_subtasks(answers[0])
    nearest = [p for p, _ in store.search(PLAN_PROMPT, k=2)]
    assert [s.title for s in subtasks] == [p.text.splitlines()[0].lstrip("# ") for p in nearest]
    assert subtasks[0].title == "Planning a wearable health monitor"  # hand-checked
    assert "```" not in answers[0] and all(len(s.steps) >= 2 for s in subtasks)


@slow
def test_retrieval_answers_share_nothing_with_the_items_references() -> None:
    session = BenchmarkSession(RunOptions())
    adapter = resolve_adapter("retrieval")
    chosen = {
        "hd_synthetic_ecg",
        "cg_gps_haversine",
        "cg_networking_crc16_ccitt",
        "td_ecg_arrhythmia_monitor",
    }
    items = [item for item in load_items() if item.id in chosen]
    assert len(items) == 4
    answers = adapter.generate([session.request_for(item, 1) for item in items])
    for item, (answer,) in zip(items, answers, strict=True):
        reference = item.solutions["reference"]
        grams = {
            tuple(w[i : i + 13])
            for w in [re.findall(r"\w+", reference.lower())]
            for i in range(len(w) - 12)
        }
        words = re.findall(r"\w+", answer.lower())
        assert not any(tuple(words[i : i + 13]) in grams for i in range(len(words) - 12)), item.id


@slow
def test_retrieval_with_an_own_corpus(tmp_path: Path) -> None:
    (tmp_path / "tricks.md").write_text(
        "## Clamp a reading\nKeep sensor values inside the valid range.\n\n```python\n"
        "def clamp(value, low, high):\n    return max(low, min(high, value))\n```\n",
        encoding="utf-8",
    )
    adapter = resolve_adapter(f"retrieval:corpus={tmp_path}")
    (answers,) = adapter.generate([request("Limit a value to a range", entry_point="limit")])
    assert "def limit(value, low, high):" in answers[0]
    assert adapter.name == f"retrieval-{tmp_path.name}"
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(AdapterError, match="no knowledge passages found"):
        resolve_adapter(f"retrieval:corpus={empty}")


def test_shipped_index_matches_its_documents() -> None:
    """The saved vectors beside the notes are used only while the notes are unchanged."""
    from harness.knowledge import documents_digest

    saved = KnowledgeStore.load(KNOWLEDGE_DIR)
    assert saved.meta["documents_sha256"] == documents_digest([KNOWLEDGE_DIR]), (
        "baselines/knowledge changed: rebuild the index with python -m baselines.retrieval"
    )
    assert 40 <= len(saved) <= 80


# --- rag ------------------------------------------------------------------------------------
@slow
def test_rag_puts_the_retrieved_notes_into_the_user_message(store: KnowledgeStore) -> None:
    inner = Recording(lambda r: f"answer to {r.item_id}")
    adapter = RAGAdapter(inner, store, k=2)
    out = adapter.generate([request(n=3, stop=("\n\n\n",), seed=5)])
    assert out == [["answer to demo"] * 3] and adapter.name == "rag-recording"
    (seen,) = inner.requests
    system, user = seen.messages
    assert system == Message("system", SYSTEM)
    assert user.content.startswith(NOTES_INTRO + "\n\n[1] Great-circle distance between two fixes")
    assert "\n\n[2] " in user.content and "\n\n[3] " not in user.content
    assert user.content.endswith("\n\n---\n\n" + GPS_PROMPT) and seen.prompt == user.content
    assert (seen.n, seen.stop, seen.seed, seen.kind) == (3, ("\n\n\n",), 5, "codegen")


@slow
def test_rag_into_system_keeps_the_user_message(store: KnowledgeStore) -> None:
    inner = Recording()
    RAGAdapter(inner, store, k=1, into="system").generate([request()])
    system, user = inner.requests[0].messages
    assert system.content.startswith(SYSTEM + "\n\n" + NOTES_INTRO)
    assert "haversine" in system.content.lower() and user.content == GPS_PROMPT


@slow
def test_rag_over_the_reference_adapter_inherits_its_nature() -> None:
    session = BenchmarkSession(RunOptions())
    (item,) = [i for i in load_items() if i.id == "cg_gps_haversine"]
    adapter = resolve_adapter("rag:k=1:reference")
    assert adapter.default_n == 1 and adapter.cacheable is False
    assert adapter.generate([session.request_for(item, 2)]) == [[item.solutions["reference"]] * 2]


def test_notes_placement_without_a_chat() -> None:
    raw = GenerationRequest(item_id="raw", messages=(), prompt="def f(x):", n=2)
    for into in ("user", "system"):
        out = with_notes(raw, "NOTES", into)
        assert out.messages == () and out.prompt == "NOTES\n\n---\n\ndef f(x):" and out.n == 2
    system_only = GenerationRequest(item_id="s", messages=(Message("system", "S"),), prompt="")
    assert with_notes(system_only, "NOTES", "user").messages == (
        Message("system", "S"),
        Message("user", "NOTES"),
    )


@pytest.fixture(scope="module")
def _restore_torch_threads() -> Iterator[None]:
    """threads=1 (fast and steady on a busy machine) is process-wide; undo it afterwards."""
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_llm(tmp_path_factory.mktemp("rag") / "tiny-llama")


@slow
@pytest.mark.usefixtures("_restore_torch_threads")
def test_rag_over_a_real_hf_model_sees_the_notes_in_its_prompt(tiny: Path) -> None:
    adapter = resolve_adapter(f"rag:k=1:hf:{tiny},threads=1")
    wanted = request(n=2, max_new_tokens=4, temperature=1.0)
    rendered = adapter.inner.render(adapter.augment(wanted))
    assert "<|user|>\n" + NOTES_INTRO in rendered and GPS_PROMPT in rendered
    assert "[1] Great-circle distance between two fixes" in rendered
    (completions,) = adapter.generate([wanted])
    assert len(completions) == 2 and all(isinstance(c, str) for c in completions)
    assert adapter.name == "rag-tiny-llama"
