"""The mapcoder baseline: its stages, the debug loop on the real sandbox, bounded rounds."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

import pytest

from baselines.mapcoder import MapCoderAdapter
from baselines.retrieval import open_store
from harness.adapters import AdapterError, GenerationRequest, Message, resolve_adapter
from harness.knowledge import KnowledgeStore
from iotbench.catalog import load_items
from iotbench.session import BenchmarkSession, RunOptions

os.environ.setdefault("HF_HUB_OFFLINE", "1")
pytestmark = [
    pytest.mark.slow,  # the real sandbox and MiniLM
    pytest.mark.needs_bwrap,
]

PROMPT = (
    "**Target**\nWrite `add_one(x)` that returns the integer x plus one; a small counter "
    "helper for a sensor node."
)
PUBLIC = (
    "from candidate import add_one\n\n"
    "def test_one():\n    assert add_one(1) == 2\n\n"
    "def test_zero():\n    assert add_one(0) == 1\n"
)
RIGHT = "```python\ndef add_one(x):\n    return x + 1\n```"
WRONG = "```python\ndef add_one(x):\n    return x + 2\n```"
HALF = "```python\ndef add_one(x):\n    return 1 if x == 0 else -1\n```"  # passes test_zero only
BROKEN = "```python\ndef add_one(x)\n    return x\n```"


def request(
    *, kind: str = "codegen", n: int = 1, public: str = PUBLIC, prompt: str = PROMPT
) -> GenerationRequest:
    return GenerationRequest(
        item_id="demo",
        messages=(Message("system", "Be careful."), Message("user", prompt)),
        prompt=prompt,
        n=n,
        seed=11,
        stop=("\n\n\n\n",),
        kind=kind,
        entry_point="add_one" if kind != "decomposition" else None,
        public_tests=public,
    )


class Scripted:
    """An inner model with a script per stage, recognised by the wording of the stage's prompt."""

    def __init__(self, code: Callable[[int], str]) -> None:
        self.name = "scripted"
        self.code = code  # attempt number (0 = first program) -> answer
        self.calls: list[list[GenerationRequest]] = []

    def stage(self, text: str) -> str:
        if "Write a numbered plan" in text or "list the main stages" in text:
            return "plan"
        return "debug" if "Find the mistake" in text else "code"

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[str]]:
        self.calls.append(list(requests))
        out = []
        for r in requests:
            stage = self.stage(r.messages[-1].content)
            attempt = sum(
                1 for call in self.calls[:-1] if self.stage(call[0].messages[-1].content) == "debug"
            ) + (stage == "debug")
            out.append(
                ["1. add one to x\n2. return it"] if stage == "plan" else [self.code(attempt)] * r.n
            )
        return out

    def stages(self) -> list[str]:
        return [self.stage(call[0].messages[-1].content) for call in self.calls]


@pytest.fixture(scope="module")
def store() -> KnowledgeStore:
    return open_store()


def test_debug_loop_fixes_a_wrong_program_with_the_sandbox_report(store: KnowledgeStore) -> None:
    inner = Scripted(lambda attempt: WRONG if attempt == 0 else RIGHT)
    adapter = MapCoderAdapter(inner, store, rounds=3)
    assert adapter.generate([request(n=2)]) == [[RIGHT, RIGHT]]
    assert inner.stages() == ["plan", "code", "debug"]  # stopped as soon as the tests passed
    assert all([a.status for a in c.attempts] == ["fail", "pass"] for c in adapter.last_chains)
    debug = inner.calls[2][0].messages[-1].content
    assert "return x + 2" in debug  # the failing program...
    assert "assert 3 == 2" in debug  # ...and what the sandbox said about it
    assert "- test_one: failed" in debug
    assert "test_hidden" not in debug
    plan_seeds = [r.seed for r in inner.calls[0]]
    code_seeds = [r.seed for r in inner.calls[1]]
    assert len(set(plan_seeds + code_seeds)) == 4  # every chain and stage has its own seed
    assert [r.stop for r in inner.calls[0]] == [(), ()]  # plans are not cut by the item's stops
    assert [r.stop for r in inner.calls[1]] == [("\n\n\n\n",)] * 2
    assert inner.calls[0][0].messages[0] == Message("system", "Be careful.")
    assert "Similar problems and their solutions" in inner.calls[0][0].messages[-1].content
    assert "```python" in inner.calls[0][0].messages[-1].content  # retrieved example code
    assert "1. add one to x" in inner.calls[1][0].messages[-1].content  # the plan reaches coding


def test_rounds_bound_the_repairs_and_the_best_attempt_is_returned(store: KnowledgeStore) -> None:
    inner = Scripted(lambda attempt: HALF if attempt == 0 else BROKEN)
    adapter = MapCoderAdapter(inner, store, rounds=2)
    assert adapter.generate([request()]) == [[HALF]]  # 1 of 2 tests beats 0 of 2
    assert inner.stages() == ["plan", "code", "debug", "debug"]
    (chain,) = adapter.last_chains
    assert [a.status for a in chain.attempts] == ["fail", "syntax_error", "syntax_error"]
    assert [a.passed for a in chain.attempts] == [1, 0, 0]
    assert "status: syntax_error" in inner.calls[3][0].messages[-1].content

    never = Scripted(lambda attempt: WRONG)
    once = MapCoderAdapter(never, store, rounds=0)
    assert once.generate([request()]) == [[WRONG]]
    assert never.stages() == ["plan", "code"]  # tested once, never repaired
    assert once.last_chains[0].attempts[0].status == "fail"


def test_items_without_public_tests_are_planned_and_coded_only(store: KnowledgeStore) -> None:
    for kind in ("application", "codegen"):
        inner = Scripted(lambda attempt: WRONG)
        adapter = MapCoderAdapter(inner, store)
        assert adapter.generate(
            [request(kind=kind, public="" if kind == "codegen" else PUBLIC)]
        ) == [[WRONG]]
        assert inner.stages() == ["plan", "code"]
        assert adapter.last_chains[0].attempts[0].status == ""  # never run


def test_decomposition_is_retrieve_plan_answer(store: KnowledgeStore) -> None:
    inner = Scripted(lambda attempt: "- Sub-Task 1 [Sense]\n  - Sample the ECG.")
    adapter = MapCoderAdapter(inner, store, k=1)
    problem = "Design a wearable ECG patch that alerts the patient's phone on arrhythmia."
    assert adapter.generate([request(kind="decomposition", prompt=problem)]) == [
        ["- Sub-Task 1 [Sense]\n  - Sample the ECG."]
    ]
    assert inner.stages() == ["plan", "code"]
    plan, answer = (call[0].messages[-1].content for call in inner.calls)
    assert "Related notes" in plan and "Planning a wearable health monitor" in plan
    assert "Stages planned:\n1. add one to x" in answer and "- Sub-Task N [name]" in answer


def test_mapcoder_over_the_reference_passes_a_real_item_first_time() -> None:
    (item,) = [i for i in load_items() if i.id == "cg_gps_haversine"]
    wanted = BenchmarkSession(RunOptions()).request_for(item, 1)
    assert "from candidate import haversine_m" in wanted.public_tests
    adapter = resolve_adapter("mapcoder:rounds=1,k=1:reference")
    assert adapter.name == "mapcoder-reference" and adapter.default_n == 1
    assert adapter.generate([wanted]) == [[item.solutions["reference"]]]
    (chain,) = adapter.last_chains
    assert [a.status for a in chain.attempts] == ["pass"]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("mapcoder:rounds=-1:reference", "mapcoder: bad value '-1' for option 'rounds'"),
        ("mapcoder:sandbox=docker:reference", "expected one of bwrap, process"),
        ("mapcoder:time_limit=0:reference", "bad value '0' for option 'time_limit'"),
        ("mapcoder:", "mapcoder needs the model to wrap"),
    ],
)
def test_bad_mapcoder_specs(spec: str, message: str) -> None:
    with pytest.raises(AdapterError, match=message):
        resolve_adapter(spec)
