"""The `mapcoder` baseline: MapCoder-style agents (retrieve, plan, code, debug) over any adapter.

``mapcoder:[OPTIONS:]SPEC`` (same option syntax as ``rag``; e.g. ``mapcoder:rounds=2:hf:DIR``).
After MapCoder (Islam et al., ACL 2024), each completion is one chain of calls to the inner model:

1. retrieve: the `k` knowledge passages most similar to the prompt (with code for code items);
2. plan: the model writes a numbered plan, shown the problem and the retrieved examples;
3. code: the model writes the program from the problem and its plan;
4. debug (codegen items with public examples only): the program runs against the item's public
   tests (``request.public_tests``) in the sandbox, never outside it; while tests fail and
   fewer than ``rounds`` repairs were made, the failure report goes back to the model, which
   answers with a corrected program. The chain returns the first program that passes, else the
   one that passed the most public tests (the later one on ties).

Application items have no public examples: plan, then code. Decomposition items: retrieve, plan
the stages, then answer in the sub-task format. All chains advance in lock-step, so each stage is
one batched `generate` call and one parallel sandbox batch; every chain and stage has its own
seed, derived from the request's seed.

Options: ``k`` (retrieved examples, default 2), ``rounds`` (repairs, default 3; 0 runs the tests
once and never repairs), ``store=DIR``, ``time_limit`` (seconds per test run, default 20),
``sandbox=bwrap|process``, ``plan_tokens`` (cap on the plan's length, default 512).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from baselines.rag import inner_attributes, split_wrapper_spec, user_text
from baselines.retrieval import heading, open_store, python_code
from harness.adapter_options import (
    choice,
    derived_seed,
    existing_dir,
    non_negative_int,
    parse_options,
    positive_float,
    positive_int,
)
from harness.adapters import AdapterError, GenerationRequest, Message, ModelAdapter
from harness.adapters import check_spec as check_inner
from harness.adapters import resolve_adapter as _resolve
from harness.knowledge import KnowledgeStore, Passage
from harness.sandbox import Limits, SandboxMode, SandboxUnavailable, TestJob, run_batch
from harness.sanitize import extract_code
from harness.status import Status

FEEDBACK_CHARS = 1500


@dataclass
class Attempt:
    """One program of a chain and what its public tests said (status "" when not run)."""

    completion: str
    status: str = ""
    passed: int = 0
    feedback: str = ""


@dataclass
class Chain:
    """One completion's history: its examples, plan and attempts."""

    request: GenerationRequest
    index: int  # which of the request's n completions
    examples: list[Passage]
    plan: str = ""
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def solved(self) -> bool:
        return bool(self.attempts) and self.attempts[-1].status == Status.PASS.value

    def best(self) -> str:
        """The passing attempt, else the one with most tests passed (the later on ties)."""
        if not self.attempts:
            return self.plan
        ranked = max(
            enumerate(self.attempts),
            key=lambda pair: (pair[1].status == Status.PASS.value, pair[1].passed, pair[0]),
        )
        return ranked[1].completion


def _examples_text(chain: Chain, with_code: bool) -> str:
    parts = []
    for number, passage in enumerate(chain.examples, start=1):
        body = python_code(passage) if with_code else passage.text.strip()
        fenced = f"```python\n{body}\n```" if with_code else body
        parts.append(f"Example {number}: {heading(passage)}\n{fenced}")
    return "\n\n".join(parts) if parts else "(no similar examples found)"


def plan_prompt(chain: Chain) -> str:
    problem = user_text(chain.request)
    if chain.request.kind == "decomposition":
        return (
            f"Related notes:\n\n{_examples_text(chain, False)}\n\n---\n\nProblem:\n{problem}"
            "\n\nBefore answering, list the main stages an engineer would go through to "
            "build this system, one short line each, in order. Do not give details yet."
        )
    return (
        f"Similar problems and their solutions:\n\n{_examples_text(chain, True)}\n\n---\n\n"
        f"Problem:\n{problem}\n\nWrite a numbered plan (at most 8 steps) for solving this "
        "problem: the algorithm, the edge cases the problem mentions and what to return. "
        "Do not write code yet."
    )


def code_prompt(chain: Chain) -> str:
    problem = user_text(chain.request)
    if chain.request.kind == "decomposition":
        return (
            f"Problem:\n{problem}\n\nStages planned:\n{chain.plan.strip()}\n\nNow write the "
            "full decomposition: one sub-task per stage, each a header line '- Sub-Task N "
            "[name]' followed by indented '- ' implementation steps, with a blank line "
            "between sub-tasks."
        )
    target = f" that defines `{chain.request.entry_point}`" if chain.request.entry_point else ""
    return (
        f"Problem:\n{problem}\n\nPlan:\n{chain.plan.strip()}\n\nFollow the plan and write "
        f"the complete Python program{target}, with imports and helpers, in one ```python "
        "code block."
    )


def debug_prompt(chain: Chain) -> str:
    last = chain.attempts[-1]
    code = _code_of(chain, last)
    return (
        f"Problem:\n{user_text(chain.request)}\n\nPlan:\n{chain.plan.strip()}\n\n"
        f"This program was written for the problem:\n```python\n{code}```\n\nRunning it "
        f"against the problem's public examples gave:\n{last.feedback}\n\nFind the mistake "
        "and answer with the corrected complete program in one ```python code block."
    )


def _code_of(chain: Chain, attempt: Attempt) -> str:
    return extract_code(attempt.completion, chain.request.entry_point or "").code


def _feedback(status: str, reason: str, tests: dict[str, str], stderr: str) -> str:
    """The test report the model sees: status, failing examples and the end of stderr."""
    clean = reason.replace("test_hidden.py::", "")
    lines = [f"status: {status}; {clean}"]
    lines += [
        f"- {name.split('::')[-1]}: {outcome}"
        for name, outcome in tests.items()
        if outcome not in ("passed", "skipped")
    ]
    if stderr.strip():
        lines.append("stderr (end):\n" + stderr.strip()[-500:])
    return "\n".join(lines)[:FEEDBACK_CHARS]


class MapCoderAdapter:
    """Retrieve → plan → code → (run public tests → debug)×rounds, one chain per completion."""

    def __init__(
        self,
        inner: ModelAdapter,
        store: KnowledgeStore,
        *,
        k: int = 2,
        rounds: int = 3,
        time_limit: float = 20.0,
        sandbox: SandboxMode = SandboxMode.BWRAP,
        plan_tokens: int = 512,
    ) -> None:
        self.inner = inner
        self.store = store
        self.k = k
        self.rounds = rounds
        self.limits = Limits(wall_seconds=time_limit)
        self.sandbox = sandbox
        self.plan_tokens = plan_tokens
        self.name = f"mapcoder-{inner.name}"
        self.last_chains: list[Chain] = []  # the chains of the latest generate call, to inspect
        inner_attributes(self, inner)

    @classmethod
    def check_spec(cls, argument: str) -> None:
        """The options and the inner spec, without building either."""
        cls._options(argument)
        check_inner(split_wrapper_spec("mapcoder", argument)[1])

    @staticmethod
    def _options(argument: str) -> dict[str, Any]:
        raw = split_wrapper_spec("mapcoder", argument)[0]
        return parse_options(
            "mapcoder",
            raw,
            {
                "k": positive_int,
                "rounds": non_negative_int,
                "store": existing_dir,
                "time_limit": positive_float,
                "sandbox": choice("bwrap", "process"),
                "plan_tokens": positive_int,
            },
        )

    @classmethod
    def from_spec(cls, argument: str) -> MapCoderAdapter:
        inner_spec = split_wrapper_spec("mapcoder", argument)[1]
        options = cls._options(argument)
        store = open_store(options.pop("store", None))
        if "sandbox" in options:
            options["sandbox"] = SandboxMode(options["sandbox"])
        return cls(_resolve(inner_spec), store, **options)

    # --- the stages --------------------------------------------------------------------------
    def _retrieve(self, request: GenerationRequest) -> list[Passage]:
        hits = [p for p, _ in self.store.search(user_text(request), k=len(self.store))]
        if request.kind != "decomposition":
            hits = [p for p in hits if python_code(p)]
        return hits[: self.k]

    def _ask(
        self, chains: Sequence[Chain], stage: str, prompts: Sequence[str], final: bool
    ) -> list[str]:
        """One completion per chain from the inner adapter, in one batched call."""
        requests = []
        for chain, text in zip(chains, prompts, strict=True):
            r = chain.request
            system = tuple(m for m in r.messages if m.role == "system")
            tokens = r.max_new_tokens if final else min(r.max_new_tokens, self.plan_tokens)
            requests.append(
                replace(
                    r,
                    messages=(*system, Message("user", text)),
                    prompt=text,
                    n=1,
                    max_new_tokens=tokens,
                    stop=r.stop if final else (),
                    seed=derived_seed(r.seed, f"{r.item_id}/mapcoder/{stage}", chain.index),
                )
            )
        out = self.inner.generate(requests) if requests else []
        if len(out) != len(requests) or any(len(c) != 1 for c in out):
            raise AdapterError(
                f"mapcoder: the wrapped adapter {self.inner.name!r} did not "
                "return one completion per request"
            )
        return [c[0] for c in out]

    def _test(self, chains: Sequence[Chain]) -> None:
        """Run each chain's latest program against its public tests, in the sandbox."""
        jobs = [TestJob(_code_of(c, c.attempts[-1]), c.request.public_tests) for c in chains]
        try:
            executions = run_batch(jobs, self.limits, self.sandbox)
        except SandboxUnavailable as exc:
            raise AdapterError(f"mapcoder: cannot run the public tests: {exc}") from exc
        for chain, execution in zip(chains, executions, strict=True):
            status = (execution.status or Status.RUNTIME_ERROR).value
            attempt = chain.attempts[-1]
            attempt.status = status
            attempt.passed = sum(v == "passed" for v in execution.tests.values())
            attempt.feedback = _feedback(
                status, execution.reason, execution.tests, execution.stderr
            )

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[str]]:
        chains = [Chain(r, i, self._retrieve(r)) for r in requests for i in range(r.n)]
        for chain, plan in zip(
            chains,
            self._ask(chains, "plan", [plan_prompt(c) for c in chains], final=False),
            strict=True,
        ):
            chain.plan = plan
        for chain, code in zip(
            chains,
            self._ask(chains, "code", [code_prompt(c) for c in chains], final=True),
            strict=True,
        ):
            chain.attempts.append(Attempt(code))
        testable = [
            c
            for c in chains
            if c.request.kind == "codegen"
            and c.request.public_tests.strip()
            and c.request.entry_point
        ]
        for round_ in range(self.rounds + 1):
            if not testable:
                break
            self._test(testable)
            testable = [c for c in testable if not c.solved]
            if round_ == self.rounds or not testable:
                break
            fixes = self._ask(
                testable, f"debug{round_ + 1}", [debug_prompt(c) for c in testable], final=True
            )
            for chain, code in zip(testable, fixes, strict=True):
                chain.attempts.append(Attempt(code))
        self.last_chains = chains
        out: list[list[str]] = []
        position = 0
        for request in requests:
            out.append([c.best() for c in chains[position : position + request.n]])
            position += request.n
        return out
