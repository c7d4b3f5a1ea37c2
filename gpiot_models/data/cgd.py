"""CGD: the code-generation dataset, built from installed packages' docstrings (paper §4.1.2).

Three task types, one chat record each (system, user, assistant):

- ``module_description``: "describe <module> of <package>" -> the module's metadata (signature,
  summary, parameters, returns, raises) as text;
- ``module_implementation``: "write code with comments and documentation using <module>" -> a
  commented demo function made of the module's examples that ran, plus Markdown documentation
  of the module (optionally rewritten by a language model, the paper's G(m_i));
- ``example_implementation``: a Target / Input Specification / Output Specification spec ->
  the example as one function (with a ``main()`` that calls it) and its Markdown documentation.

Every program in an implementation record ran without error in the sandbox when it was built.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from gpiot_models.data.docstrings import Param, clean
from gpiot_models.data.targets import DEFAULT_TARGETS, Target
from gpiot_models.data.verify import RanExample, RunStats, Verified, verify_all
from gpiot_models.data.walk import ApiObject, walk_all
from harness.adapters import AdapterError, GenerationRequest, Message, ModelAdapter

TASK_TYPES = ("module_description", "module_implementation", "example_implementation")
_ROLE = (
    "You are a Python developer who builds IoT software with signal-processing and "
    "machine-learning libraries."
)
SYSTEM = {
    "module_description": f"{_ROLE} When asked about a module, explain in detail what it does, "
    "what each of its parameters means and what it gives back.",
    "module_implementation": f"{_ROLE} Answer with working Python code that uses the module "
    "named in the instruction, explain the code with comments, and "
    "follow it with Markdown documentation of the module.",
    "example_implementation": f"{_ROLE} Implement the specification as one Python function with "
    "a docstring and explanatory comments, show how it is called, "
    "and document it briefly in Markdown.",
}
DESCRIBE_TEMPLATES = (
    "Describe in detail what {call} from the Python package {package} (module `{module}`) does.",
    "Explain {call} of {package} (module `{module}`): its purpose, its parameters and what it "
    "returns.",
    "What does {call} in the `{module}` module of {package} do? Give a detailed description.",
)
IMPLEMENT_TEMPLATES = (
    "Write Python code with comments and documentation that uses {call} from {package} "
    "(module `{module}`). Its purpose: {summary}",
    "Using {call} from the {package} module `{module}`, write commented Python code and Markdown "
    "documentation for it. It serves to: {summary}",
)
REWRITE_SYSTEM = (
    "You turn API reference notes into clear Markdown documentation for "
    "developers. Keep every fact, invent nothing, and use headings, a parameter "
    "list and a short usage note."
)
EXTENDED_CHARS = 1500
FIELD_CHARS = 400


@dataclass
class CgdStats:
    """What the CGD build saw, for the dataset card."""

    targets: tuple[str, ...] = ()
    partial: tuple[str, ...] = ()  # targets read in part, as "numpy (95 selected members)"
    objects: int = 0
    objects_with_examples: int = 0
    runs: RunStats = field(default_factory=RunStats)
    duplicates: int = 0
    rewritten: int = 0
    rewrite_fallbacks: int = 0


def _pick(templates: Sequence[str], key: str) -> str:
    return templates[int(hashlib.sha256(key.encode()).hexdigest(), 16) % len(templates)]


def _cap(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit("\n\n", 1)[0] if "\n\n" in text[:limit] else text[:limit]
    return cut.rstrip() + " ..."


def _call(api: ApiObject) -> str:
    return f"the class `{api.name}`" if api.kind == "class" else f"`{api.name}()`"


def _module(api: ApiObject) -> str:
    return api.qualname.rpartition(".")[0]


def _entries(title: str, params: Sequence[Param]) -> list[str]:
    if not params:
        return []
    lines = [f"{title}:"]
    for p in params:
        head = " ".join(x for x in (p.name, f"({p.type})" if p.type else "") if x) or p.type
        lines.append(f"- {head}: {_cap(p.description, FIELD_CHARS)}".rstrip(": "))
    return lines


def metadata_text(api: ApiObject) -> str:
    """The module's metadata as plain text: the module-description answer (the paper's m_i)."""
    doc = api.doc
    lines = [
        f"`{api.qualname}` is a {api.kind} of {api.package} (version "
        f"{api.version.partition('==')[2] or api.version}).",
        f"Signature: `{api.signature}`",
        "",
        doc.summary,
    ]
    if doc.extended:
        lines += ["", _cap(doc.extended, EXTENDED_CHARS)]
    for title, params in (
        ("Parameters", doc.params),
        ("Returns", doc.returns),
        ("Raises", doc.raises),
        ("Attributes", doc.attributes),
    ):
        block = _entries(title, params)
        lines += ["", *block] if block else []
    return "\n".join(lines).strip()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_doc(api: ApiObject) -> str:
    """Markdown documentation of a module, made from its metadata (the paper's d_i)."""
    doc = api.doc
    lines = [f"## `{api.qualname}`", "", doc.summary, "", "```python", api.signature, "```"]
    if doc.params:
        lines += ["", "| Parameter | Type | Description |", "|---|---|---|"]
        lines += [
            f"| `{p.name}` | {_cell(p.type)} | {_cell(_cap(p.description, FIELD_CHARS))} |"
            for p in doc.params
        ]
    if doc.returns:
        lines += ["", "**Returns**", ""]
        lines += [
            f"- {'`' + r.name + '` ' if r.name else ''}({r.type}): "
            f"{_cap(r.description, FIELD_CHARS)}"
            for r in doc.returns
        ]
    if doc.raises:
        lines += ["", "**Raises**", ""]
        lines += [f"- `{r.type}`: {_cap(r.description, FIELD_CHARS)}" for r in doc.raises]
    if doc.extended:
        lines += ["", "**Notes**", "", _cap(doc.extended.split("\n\n")[0], EXTENDED_CHARS)]
    lines += ["", f"*Package: {api.package} ({api.version}), module `{_module(api)}`.*"]
    return "\n".join(lines)


def _type_label(seen: dict[str, Any]) -> str:
    return str(seen.get("type", "object"))


def _details(seen: dict[str, Any]) -> str:
    parts = []
    if "shape" in seen:
        parts.append(f"shape {tuple(seen['shape'])}")
    if "dtype" in seen:
        parts.append(f"dtype {seen['dtype']}")
    if "len" in seen:
        items = sorted({_type_label(i) for i in seen.get("items", [])})
        parts.append(f"{seen['len']} item(s)" + (f" of type {', '.join(items)}" if items else ""))
    return f" (in the example: {', '.join(parts)})" if parts else ""


def _input_line(api: ApiObject, ran: RanExample, index: int, name: str) -> str:
    seen = ran.inputs[index] if index < len(ran.inputs) else {}
    role = ran.program.param_roles.get(name, "")
    documented = {p.name: p for p in api.doc.params}
    if role == "self":
        text = f"the object whose `{api.name}` method the function calls"
    elif role in documented:
        text = documented[role].description or f"passed as `{role}`"
    else:
        source = ran.program.param_sources.get(name, "")
        text = (
            f"input data, built in the example as `{_cap(clean(source), 120)}`"
            if source
            else "input data"
        )
    return f"- `{name}` ({_type_label(seen)}): {_cap(text, FIELD_CHARS)}{_details(seen)}"


def _output_line(api: ApiObject, ran: RanExample, index: int) -> str:
    out = ran.program.outputs[index]
    seen = ran.outputs[index] if index < len(ran.outputs) else {}
    returns = api.doc.returns
    if out.from_target and 0 <= out.position < len(returns):
        text = returns[out.position].description
    elif out.from_target and returns and out.position < 0:
        text = (
            returns[0].description
            if len(returns) == 1
            else "; ".join(f"{r.name or r.type}: {r.description}" for r in returns)
        )
    elif out.from_target:
        text = f"what `{api.name}` returns"
    else:
        text = f"the value of `{_cap(clean(out.expression), 120)}`"
    return f"- `{out.name}` ({_type_label(seen)}): {_cap(text, FIELD_CHARS)}{_details(seen)}"


def example_spec(api: ApiObject, ran: RanExample) -> str:
    """The Target / Input Specification / Output Specification of one example."""
    program = ran.program
    goal = program.narrative if program.narrative and program.narrative != api.doc.summary else ""
    target = (
        f"Write a Python function `{program.function}` built on `{api.qualname}` "
        f"({api.package}; {api.doc.summary.rstrip('.')}). {goal}"
    ).strip()
    inputs = [_input_line(api, ran, i, name) for i, name in enumerate(program.params)] or [
        "- None: the function takes no arguments and builds its own example data."
    ]
    outputs = [_output_line(api, ran, i) for i in range(len(program.outputs))]
    return "\n".join(
        [
            "**Target**",
            target,
            "",
            "**Input Specification**",
            *inputs,
            "",
            "**Output Specification**",
            *outputs,
        ]
    )


def example_answer(api: ApiObject, ran: RanExample) -> str:
    program = ran.program
    about = program.narrative or api.doc.summary
    returns = ", ".join(f"`{o.name}`" for o in program.outputs)
    return (
        f"```python\n{program.code}```\n\n### `{program.function}({', '.join(program.params)})`"
        f"\n\n{about}\n\nIt relies on `{api.qualname}` from {api.package}: "
        f"{api.doc.summary} The function returns {returns}; `main()` builds the example's "
        "inputs, calls it and prints the result."
    )


def _record(task: str, key: str, api: ApiObject, user: str, assistant: str) -> dict[str, Any]:
    return {
        "id": f"cgd-{task}-{key}",
        "task_type": task,
        "domain": api.domain,
        "operator": "",
        "source": api.qualname,
        "package_version": api.version,
        "messages": [
            {"role": "system", "content": SYSTEM[task]},
            {"role": "user", "content": user},
            {"role": "assistant", "content": assistant},
        ],
    }


def records_for(verified: Verified, documentation: str | None = None) -> list[dict[str, Any]]:
    """The chat records of one object (description always; implementations when code ran)."""
    api = verified.api
    fields = {
        "call": _call(api),
        "package": api.package,
        "module": _module(api),
        "summary": api.doc.summary,
    }
    out = [
        _record(
            "module_description",
            api.qualname,
            api,
            _pick(DESCRIBE_TEMPLATES, api.qualname).format(**fields),
            metadata_text(api),
        )
    ]
    if verified.demo is not None:
        answer = f"```python\n{verified.demo}```\n\n{documentation or markdown_doc(api)}"
        out.append(
            _record(
                "module_implementation",
                api.qualname,
                api,
                _pick(IMPLEMENT_TEMPLATES, api.qualname).format(**fields),
                answer,
            )
        )
    for ran in verified.examples:
        out.append(
            _record(
                "example_implementation",
                f"{api.qualname}-{ran.index + 1}",
                api,
                example_spec(api, ran),
                example_answer(api, ran),
            )
        )
    return out


def rewrite_docs(
    apis: Sequence[ApiObject], adapter: ModelAdapter, stats: CgdStats, batch: int = 16
) -> dict[str, str]:
    """Markdown documentation written by a language model from each module's metadata."""
    out: dict[str, str] = {}
    for start in range(0, len(apis), batch):
        chunk = apis[start : start + batch]
        requests = [
            GenerationRequest(
                item_id=f"cgd-doc-{api.qualname}",
                prompt=metadata_text(api),
                messages=(Message("system", REWRITE_SYSTEM), Message("user", metadata_text(api))),
                n=1,
                temperature=0.2,
                max_new_tokens=768,
            )
            for api in chunk
        ]
        try:
            answers = adapter.generate(requests)
        except AdapterError:
            stats.rewrite_fallbacks += len(chunk)
            continue
        for api, completions in zip(chunk, answers, strict=True):
            text = completions[0].strip() if completions else ""
            if len(text) >= 40:
                out[api.qualname] = text
                stats.rewritten += 1
            else:
                stats.rewrite_fallbacks += 1
    return out


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def dedup(records: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """Drop records whose user + assistant text repeats an earlier one (or whose code does)."""
    seen: set[str] = set()
    kept = []
    for record in records:
        user, answer = (m["content"] for m in record["messages"][1:3])
        keys = {hashlib.sha256(_normal(user + "\n" + answer).encode()).hexdigest()}
        code = re.search(r"```python\n(.*?)```", answer, re.DOTALL)
        if code and record["task_type"] == "example_implementation":
            body = re.sub(r"\buse_\w+", "use_", code.group(1))
            keys.add("code:" + hashlib.sha256(_normal(body).encode()).hexdigest())
        if keys & seen:
            continue
        seen |= keys
        kept.append(record)
    return kept, len(records) - len(kept)


def build_cgd(
    targets: Sequence[str | Target] = DEFAULT_TARGETS,
    limit: int | None = None,
    adapter: ModelAdapter | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[dict[str, Any]], CgdStats]:
    """Walk the targets, run their examples in the sandbox, and emit the CGD records."""
    specs = [t if isinstance(t, Target) else Target(t) for t in targets]
    stats = CgdStats(
        targets=tuple(t.name for t in specs),
        partial=tuple(t.label for t in specs if t.members is not None),
    )
    apis = walk_all(specs, limit)
    stats.objects = len(apis)
    stats.objects_with_examples = sum(1 for api in apis if api.doc.examples)
    verified, stats.runs = verify_all(apis, progress=progress)
    docs = (
        rewrite_docs([v.api for v in verified if v.demo is not None], adapter, stats)
        if adapter is not None
        else {}
    )
    records = [r for v in verified for r in records_for(v, docs.get(v.api.qualname))]
    records, stats.duplicates = dedup(records)
    return records, stats
