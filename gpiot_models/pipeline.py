"""The GPIoT online flow: requirement → TDSLM → RTSLM → CGSLM → one program (paper Fig. 4).

The TD role decomposes the requirement into sub-tasks (parsed with the project's sub-task parser,
leniently when the format is broken), RTSLM turns each sub-task into a specification, and the CG
role writes one function per specification. The pipeline then assembles the functions into one
module (`gpiot_models.assembly`): imports first (deduplicated), then each sub-task's definitions
in order; top-level statements other than definitions and literal constants are dropped, so
importing the module runs nothing but definitions.

When the caller names an entry point (an application item's contract, e.g. ``detect_r_peaks``)
and no generated code defines it, the last sub-task is specified again, this time asking for that
function with the signature and parameters read from the item prompt, and generated once more.
If that still defines nothing of the name, a placeholder that raises NotImplementedError is
appended: the program stays well-formed and fails at call time, where the harness records it.
Every intermediate artefact is returned in `PipelineResult` for inspection.
"""

from __future__ import annotations

import ast
import builtins
import hashlib
import keyword
import re
from dataclasses import asdict, dataclass, replace
from typing import Any

from gpiot_models.assembly import assemble, defines, definitions, placeholder
from gpiot_models.data.cgd import SYSTEM as CGD_SYSTEM
from gpiot_models.data.tdd import SYSTEM_PROMPT as TDD_SYSTEM
from gpiot_models.rtslm import (
    PARAMETER_LINE,
    RTSLM,
    Parameter,
    RoleModel,
    Sampling,
    Specification,
    plausible_sentence,
    with_contract,
)
from harness.adapters import Message
from harness.metrics.text import SubTask, SubTaskFormatError, parse_subtasks, segment_subtasks
from harness.sanitize import extract_code

DEFAULT_MAX_SUBTASKS = 5
# The roles are asked with the system messages they were tuned with (TDD, and CGD's
# specification-to-function task), so the pipeline's prompts match the training distribution.
TD_SYSTEM = TDD_SYSTEM
CG_SYSTEM = CGD_SYSTEM["example_implementation"]
_STOP_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "for",
        "in",
        "on",
        "with",
        "from",
        "by",
        "into",
        "using",
        "use",
        "its",
        "it",
        "this",
        "that",
        "be",
        "is",
        "are",
        "as",
        "at",
        "per",
        "each",
        "all",
    }
)
_HEADER_BULLET = re.compile(r"^\s*(?:[-*+#]+|\d+[.)])\s*")
_TITLE_LABEL = re.compile(r"^(?:sub[-\s]?task|task|step)\s*\d*\s*[:.)\-–—]?\s*", re.I)


@dataclass(frozen=True)
class Contract:
    """The function an item requires: name, its `def` line, and its parameters."""

    name: str
    signature: str | None
    inputs: tuple[Parameter, ...]
    outputs: tuple[Parameter, ...]


@dataclass(frozen=True)
class StepTrace:
    subtask: SubTask
    spec: Specification
    completion: str  # raw CG output
    code: str  # the definitions kept from it ("" when nothing parsed)


@dataclass(frozen=True)
class PipelineResult:
    requirement: str
    decomposition: str  # raw TD output
    format_ok: bool  # whether it parsed strictly as sub-tasks
    steps: tuple[StepTrace, ...]
    program: str
    entry_point: str | None
    entry_point_source: str  # "generated" | "contract" | "placeholder" | "" (none required)

    @property
    def completion(self) -> str:
        """The program as a model answer: one fenced Python block."""
        return f"```python\n{self.program}```\n"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for step, trace in zip(data["steps"], self.steps, strict=True):
            step["spec_text"] = trace.spec.render()
        return data


# --- sub-tasks and names --------------------------------------------------------------------


def split_subtasks(decomposition: str, requirement: str, limit: int) -> tuple[list[SubTask], bool]:
    """Sub-tasks of a TD answer (strict parse, else lenient segments); the requirement if none."""
    try:
        return parse_subtasks(decomposition)[:limit], True
    except SubTaskFormatError:
        pass
    found: list[SubTask] = []
    for index, segment in enumerate(segment_subtasks(decomposition), start=1):
        lines = [_HEADER_BULLET.sub("", line).strip() for line in segment.splitlines()]
        lines = [line for line in lines if line]
        if not any(plausible_sentence(_title(line)) for line in lines):
            continue  # a weak model's noise, not a sub-task
        try:
            found += parse_subtasks(segment)
        except SubTaskFormatError:
            found.append(SubTask(index, _title(lines[0]), tuple(lines[1:])))
        if len(found) >= limit:
            break
    if not found:  # the requirement itself, headed by its first sentence
        text = requirement.strip()
        first = re.split(r"(?<=[.!?:])\s", " ".join(text.split()), maxsplit=1)[0]
        found = [SubTask(1, first[:120] or "Build the application", (text,) if text else ())]
    return found[:limit], False


def _title(line: str) -> str:
    """A header line without its "Sub-Task N" label and brackets."""
    line = _TITLE_LABEL.sub("", line.replace("**", "")).strip()
    bracketed = re.match(r"\[(?P<name>[^\]]*)\](?P<rest>.*)", line)
    if bracketed is not None:
        line = " ".join(
            p for p in (bracketed["name"].strip(), bracketed["rest"].strip(" :-–—")) if p
        )
    return line[:120] or "Unnamed step"


def function_name(title: str, taken: set[str], index: int) -> str:
    """A snake_case function name from a sub-task title, unique among `taken` (then added)."""
    words = [w for w in re.findall(r"[a-z][a-z0-9]*", title.lower()) if w not in _STOP_WORDS]
    base = "_".join(words[:4]) or f"step_{index}"
    if keyword_like(base):
        base = f"{base}_step"
    name, counter = base, 2
    while name in taken:
        name, counter = f"{base}_{counter}", counter + 1
    taken.add(name)
    return name


def keyword_like(name: str) -> bool:
    return keyword.iskeyword(name) or hasattr(builtins, name)


def stage_seed(seed: int, *parts: object) -> int:
    """A stable 31-bit seed for one model call of the chain."""
    digest = hashlib.sha256("\x00".join(map(str, (seed, *parts))).encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


# --- the contract in an item prompt ---------------------------------------------------------

_CONTINUATION = re.compile(r"\n[ \t]+(?!(?:[-*+]|\d+[.)])\s)(?=\S)")
_OUTPUT_SECTION = re.compile(
    r"^\s*\*\*[^*\n]*(?:output|return)[^*\n]*\*\*\s*$\n(?P<body>.*?)"
    r"(?:\n\s*\n|\Z)",
    re.IGNORECASE | re.DOTALL | re.MULTILINE,
)


def parse_contract(prompt: str, name: str) -> Contract:
    """What the prompt says about function `name`: `def` line, inputs, output (best effort)."""
    joined = _CONTINUATION.sub(" ", prompt)  # a parameter's description may wrap
    described = {m["name"]: m for line in joined.splitlines() if (m := PARAMETER_LINE.match(line))}
    match = re.search(
        rf"(?:async\s+)?def\s+{re.escape(name)}\s*\((?P<args>[^)]*)\)\s*"
        rf"(?:->\s*(?P<ret>[^:\n]+?))?\s*:",
        prompt,
    )
    signature, inputs, returns = None, [], "object"
    if match is not None:
        try:
            tree = ast.parse(f"def _f({match['args']}): pass")
        except SyntaxError:
            tree = None
        if tree is not None and isinstance(func := tree.body[0], ast.FunctionDef):
            signature = " ".join(match.group(0).split())
            returns = (match["ret"] or "object").strip()
            for arg in func.args.posonlyargs + func.args.args + func.args.kwonlyargs:
                line = described.get(arg.arg)
                type_ = (
                    " ".join(line["type"].split())
                    if line  # the prompt says more
                    else ast.unparse(arg.annotation)
                    if arg.annotation is not None
                    else "object"
                )
                desc = (
                    " ".join(line["desc"].split())
                    if line
                    else "as described in the problem statement"
                )
                inputs.append(Parameter(arg.arg, type_, desc))
    outputs: list[Parameter] = []
    section = _OUTPUT_SECTION.search(prompt)
    if section is not None:
        body = section["body"]
        listed = [m for line in body.splitlines() if (m := PARAMETER_LINE.match(line))]
        outputs = [Parameter(m["name"], m["type"].strip(), m["desc"].strip()) for m in listed] or [
            Parameter("result", returns, " ".join(body.split()))
        ]
    return Contract(
        name,
        signature,
        tuple(inputs),
        tuple(outputs)
        or (
            Parameter("result", returns, "what the problem statement asks the function to return"),
        ),
    )


# --- the pipeline ---------------------------------------------------------------------------


class Pipeline:
    """Requirement → sub-tasks → specifications → functions → one program."""

    def __init__(
        self, model: RoleModel, rtslm: RTSLM, max_subtasks: int = DEFAULT_MAX_SUBTASKS
    ) -> None:
        if max_subtasks < 1:
            raise ValueError(f"max_subtasks must be >= 1, got {max_subtasks}")
        self.model = model
        self.rtslm = rtslm
        self.max_subtasks = max_subtasks

    def decompose(self, requirement: str, sampling: Sampling, n: int) -> list[str]:
        """`n` raw TD answers for `requirement`."""
        return self.model.generate(
            "td",
            (Message("system", TD_SYSTEM), Message("user", requirement)),
            n=n,
            temperature=sampling.temperature,
            top_p=sampling.top_p,
            max_new_tokens=sampling.max_new_tokens,
            seed=sampling.seed,
        )

    def code(self, spec: Specification, sampling: Sampling, seed: int) -> tuple[str, str]:
        """(raw CG answer, definitions extracted from it) for one specification."""
        (answer,) = self.model.generate(
            "cg",
            (Message("system", CG_SYSTEM), Message("user", spec.render())),
            n=1,
            temperature=sampling.temperature,
            top_p=sampling.top_p,
            max_new_tokens=sampling.max_new_tokens,
            seed=seed,
            stop=sampling.stop,
        )
        extracted = extract_code(answer, spec.function_name).code
        imports, defs = definitions(extracted)
        return answer, "\n\n".join(imports + defs)

    def run(
        self,
        requirement: str,
        sampling: Sampling,
        *,
        entry_point: str | None = None,
        decomposition: str | None = None,
        sample: int = 0,
    ) -> PipelineResult:
        """One pass of the chain (`decomposition` given: skip the TD call)."""
        if decomposition is None:
            (decomposition,) = self.decompose(
                requirement, replace_seed(sampling, stage_seed(sampling.seed, sample, "td")), 1
            )
        subtasks, format_ok = split_subtasks(decomposition, requirement, self.max_subtasks)
        taken: set[str] = set()
        steps: list[StepTrace] = []
        for index, subtask in enumerate(subtasks, start=1):
            rt = replace_seed(sampling, stage_seed(sampling.seed, sample, index, "rt"))
            spec = self.rtslm.specify(subtask.text, function_name(subtask.title, taken, index), rt)
            answer, code = self.code(spec, sampling, stage_seed(sampling.seed, sample, index, "cg"))
            steps.append(StepTrace(subtask, spec, answer, code))
        program, source = assemble([s.code for s in steps]), ""
        if entry_point is not None:
            program, source = self._ensure_entry_point(
                requirement, entry_point, steps, program, sampling, sample
            )
        return PipelineResult(
            requirement, decomposition, format_ok, tuple(steps), program, entry_point, source
        )

    def _ensure_entry_point(
        self,
        requirement: str,
        entry_point: str,
        steps: list[StepTrace],
        program: str,
        sampling: Sampling,
        sample: int,
    ) -> tuple[str, str]:
        """(program, how the entry point got there); may replace the last step in `steps`."""
        if defines(program, entry_point):
            return program, "generated"
        contract = parse_contract(requirement, entry_point)
        last = steps[-1]
        spec = with_contract(
            last.spec, entry_point, contract.signature, contract.inputs, contract.outputs
        )
        answer, code = self.code(
            spec, sampling, stage_seed(sampling.seed, sample, len(steps), "contract")
        )
        steps[-1] = StepTrace(last.subtask, spec, answer, code)
        program = assemble([s.code for s in steps])
        if defines(program, entry_point):
            return program, "contract"
        return assemble([s.code for s in steps] + [placeholder(entry_point)]), "placeholder"

    def run_many(
        self, requirement: str, sampling: Sampling, n: int, *, entry_point: str | None = None
    ) -> list[PipelineResult]:
        """`n` independent chains; their TD answers are drawn in one call."""
        decompositions = self.decompose(requirement, sampling, n)
        return [
            self.run(
                requirement, sampling, entry_point=entry_point, decomposition=text, sample=index
            )
            for index, text in enumerate(decompositions)
        ]


def replace_seed(sampling: Sampling, seed: int) -> Sampling:
    return replace(sampling, seed=seed)
