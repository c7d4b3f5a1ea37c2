"""RTSLM: turn one decomposed sub-task into a code specification (paper §4.3).

The untuned base model (role ``"rt"``) is asked two chain-of-thought questions about a sub-task,
each with passages retrieved from an IoT knowledge store as background: (1) what the code must
achieve (the *target*), (2) which parameters the function takes and returns, one line each as
``name (type): description``. The answers are then rendered into the specification format the
code-generation items use (``**Target**``, ``**Input Specification**``, ``**Output
Specification**``). The paper lets the model do this last formatting step; here it is a
template, because the content is already structured and a template cannot break the format.

A weak model may answer with anything, so parsing never fails: an unusable target falls back to
the sub-task text, and missing parameters fall back to a generic input and output.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from harness.adapters import Message
from harness.knowledge import KnowledgeStore

RT_MAX_NEW_TOKENS = 256  # the two CoT answers are short; a longer budget only costs time
PASSAGE_CHARS = 600  # each retrieved passage is cut to this length in the prompt
MAX_PARAMETERS = 8  # per section; more is a model rambling, not an interface
TARGET_CHARS = 400

TARGET_SYSTEM = (
    "You are an IoT developer who turns one step of a larger plan into a precise coding task. "
    "Read the step and say in one sentence what its code has to achieve, starting with a verb "
    "(for instance: 'Detect the R peaks in a filtered ECG signal.'). Reply with that sentence "
    "only."
)
PARAMETERS_SYSTEM = (
    "You are an IoT developer who designs the interface of one Python function. Given a step of "
    "a plan and its goal, list what the function receives and what it returns. Use exactly this "
    "layout, one parameter per line, and nothing else:\n"
    "Inputs:\n- name (type): what it holds\n"
    "Outputs:\n- name (type): what it holds"
)


class RoleModel(Protocol):
    """One base model that answers as a role: "td" (decompose), "rt" (untuned), "cg" (code)."""

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
    ) -> list[str]: ...


@dataclass(frozen=True)
class Sampling:
    """Decoding settings of one model call (taken from the generation request)."""

    temperature: float = 0.8
    top_p: float = 0.95
    max_new_tokens: int = 512
    seed: int = 0
    stop: tuple[str, ...] = ()


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    description: str

    def render(self) -> str:
        return f"- `{self.name}` ({self.type}): {self.description}"


FALLBACK_INPUT = Parameter(
    "data", "object", "the input of this step, as the previous step produces it"
)
FALLBACK_OUTPUT = Parameter("result", "object", "the outcome of this step, for the next step")


@dataclass(frozen=True)
class Specification:
    """A code specification; `render()` gives the text the CG role is prompted with."""

    function_name: str
    target: str
    inputs: tuple[Parameter, ...]
    outputs: tuple[Parameter, ...]
    signature: str | None = None  # an exact `def` line the function must have, if any
    context: tuple[str, ...] = ()  # ids of the retrieved passages that informed it
    raw: tuple[str, ...] = field(default=(), compare=False)  # the model's two CoT answers

    def render(self) -> str:
        target = f"Write a Python function `{self.function_name}`: {self.target}"
        if self.signature:
            target += f"\nIt must have exactly this signature:\n```python\n{self.signature}\n```"
        sections = [
            f"**Target**\n{target}",
            "**Input Specification**\n" + "\n".join(p.render() for p in self.inputs),
            "**Output Specification**\n" + "\n".join(p.render() for p in self.outputs),
        ]
        return "\n\n".join(sections) + "\n"


# --- parsing the model's answers ------------------------------------------------------------

_LEAD = re.compile(
    r"^\s*(?:[-*+>#]+|\d+[.)])?\s*(?:\*\*)?\s*"
    r"(?:(?:the\s+)?(?:target|objective|goal|task)\s*(?:\*\*)?\s*[:\-–]\s*)?",
    re.IGNORECASE,
)
PARAMETER_LINE = re.compile(
    r"^\s*(?:[-*+]|\d+[.)])?\s*(?:param(?:eter)?\s*\d*\s*[:\-–]?\s*)?`?"
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)`?\s*\((?P<type>(?:[^()\n]|\([^()\n]*\)){1,80})\)"
    r"\s*[:\-–—]\s*"
    r"(?P<desc>\S.*)$",
    re.IGNORECASE,
)
_SECTION = re.compile(
    r"^\s*(?:[#*-]\s*)*(?:\*\*)?\s*(?P<which>inputs?|outputs?|returns?)\b", re.IGNORECASE
)


def plausible_sentence(text: str) -> bool:
    """True for text that reads like prose: three or more words, mostly letters, no junk bytes.

    Rejects what a weak model emits (control characters, U+FFFD from split byte tokens, runs
    of digits and symbols) so that the caller falls back to text it can trust.
    """
    if any(ch == "\ufffd" or (not ch.isprintable() and ch not in "\t\n") for ch in text):
        return False
    words = re.findall(r"[A-Za-z]{2,}", text)
    letters = sum(ch.isalpha() or ch.isspace() for ch in text)
    return len(words) >= 3 and letters >= 0.85 * len(text)


def parse_target(answer: str, fallback: str) -> str:
    """The first plausible sentence of `answer`, else the first line of `fallback`."""
    for line in answer.strip().splitlines():
        line = _LEAD.sub("", line).replace("**", "").strip().strip("`\"' ")
        if not line:
            continue
        line = " ".join(line.split())[:TARGET_CHARS]
        if plausible_sentence(line):
            return line if line.endswith((".", "!", "?")) else line + "."
        break  # the first non-empty line decides; later lines are rambling
    first = next((ln.strip() for ln in fallback.strip().splitlines() if ln.strip()), "")
    first = " ".join(first.split())[:TARGET_CHARS] or "Carry out this step of the application."
    return first if first.endswith((".", "!", "?")) else first + "."


def parse_parameters(answer: str) -> tuple[tuple[Parameter, ...], tuple[Parameter, ...]]:
    """(inputs, outputs) from ``Inputs:`` / ``Outputs:`` sections of ``name (type): desc`` lines.

    Lines before any section heading count as inputs (the paper's layout is one plain list);
    names that are Python keywords or repeat within a section are dropped.
    """
    sections: dict[str, list[Parameter]] = {"in": [], "out": []}
    current = "in"
    for line in answer.splitlines():
        heading = _SECTION.match(line)
        param = PARAMETER_LINE.match(line)
        if heading and param is None:
            current = "in" if heading["which"].lower().startswith("in") else "out"
            continue
        if param is None:
            continue
        name, type_ = param["name"], " ".join(param["type"].split())
        desc = " ".join(param["desc"].split()).strip()
        chosen = sections[current]
        if (
            keyword.iskeyword(name)
            or any(p.name == name for p in chosen)
            or len(chosen) >= MAX_PARAMETERS
            or not desc
        ):
            continue
        chosen.append(Parameter(name, type_, desc))
    return tuple(sections["in"]), tuple(sections["out"])


# --- the two CoT steps ----------------------------------------------------------------------


def background(passages: Sequence[tuple[str, str]]) -> str:
    """Retrieved passages ((source, text) pairs) as a numbered block for a prompt."""
    lines = ["Background notes (from IoT documentation; use what is relevant):"]
    for index, (source, text) in enumerate(passages, start=1):
        cut = text if len(text) <= PASSAGE_CHARS else text[:PASSAGE_CHARS].rstrip() + " ..."
        lines.append(f"[{index}] ({source}) {cut}")
    return "\n".join(lines)


class RTSLM:
    """Requirement transformation with the untuned base model plus retrieval."""

    def __init__(
        self, model: RoleModel, knowledge: KnowledgeStore | None = None, top_k: int = 3
    ) -> None:
        self.model = model
        self.knowledge = knowledge
        self.top_k = top_k

    def retrieve(self, query: str) -> list[tuple[str, str, str]]:
        """(id, source, text) of the passages most similar to `query`; [] without a store."""
        if self.knowledge is None or not query.strip():
            return []
        return [(p.id, p.source, p.text) for p, _ in self.knowledge.search(query, k=self.top_k)]

    def _ask(self, system: str, user: str, sampling: Sampling, stage: int) -> str:
        tokens = min(sampling.max_new_tokens, RT_MAX_NEW_TOKENS)
        (answer,) = self.model.generate(
            "rt",
            (Message("system", system), Message("user", user)),
            n=1,
            temperature=sampling.temperature,
            top_p=sampling.top_p,
            max_new_tokens=tokens,
            seed=sampling.seed + stage,
        )
        return answer

    def specify(self, subtask: str, function_name: str, sampling: Sampling) -> Specification:
        """Two CoT calls (target, then parameters) and the rendered specification."""
        hits = self.retrieve(subtask)
        notes = background([(source, text) for _, source, text in hits]) if hits else ""
        step = f"Step of the plan:\n{subtask.strip()}"
        target_answer = self._ask(
            TARGET_SYSTEM, "\n\n".join(x for x in (step, notes) if x), sampling, stage=0
        )
        target = parse_target(target_answer, subtask)
        user = "\n\n".join(x for x in (step, f"Goal: {target}", notes) if x)
        params_answer = self._ask(PARAMETERS_SYSTEM, user, sampling, stage=1)
        inputs, outputs = parse_parameters(params_answer)
        return Specification(
            function_name,
            target,
            inputs or (FALLBACK_INPUT,),
            outputs or (FALLBACK_OUTPUT,),
            context=tuple(i for i, _, _ in hits),
            raw=(target_answer, params_answer),
        )


def with_contract(
    spec: Specification,
    name: str,
    signature: str | None,
    inputs: Sequence[Parameter],
    outputs: Sequence[Parameter],
) -> Specification:
    """`spec` rewritten to ask for a fixed function (the item's entry point and its contract)."""
    return replace(
        spec,
        function_name=name,
        signature=signature,
        inputs=tuple(inputs) or spec.inputs,
        outputs=tuple(outputs) or spec.outputs,
    )
