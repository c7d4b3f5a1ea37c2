"""The model-adapter interface and the `--model SPEC` resolver.

An adapter turns generation requests into raw completions; nothing else. A spec string names the
adapter and its arguments: ``NAME`` or ``NAME:ARGUMENT``, where the adapter parses ARGUMENT itself
(``hf:PATH,peft=DIR``, ``replay:samples.jsonl``, wrappers such as ``rag:hf:PATH``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from harness.registry import LazyRegistry, RegistryError

ENTRY_POINT_GROUP = "iotbench.adapters"


@dataclass(frozen=True)
class Message:
    role: str  # "system" | "user" | "assistant"
    content: str


@dataclass(frozen=True)
class GenerationRequest:
    """One prompt to complete `n` times.

    `solutions` carries the item's shipped solutions ("reference", "generic", ...) so that oracle
    adapters can exist; adapters backed by a language model must never read it.
    """

    item_id: str
    messages: tuple[Message, ...]
    prompt: str
    n: int = 1
    temperature: float = 0.8
    top_p: float = 0.95
    max_new_tokens: int = 1024
    stop: tuple[str, ...] = ()
    seed: int = 0
    solutions: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    # What the item asks for, for systems that route by task (e.g. GPIoT's roles): the item kind
    # ("application" | "decomposition" | "codegen"), the function it must define, and its public
    # examples (pytest source a model-based system may run in the sandbox; never the hidden tests).
    kind: str = ""
    entry_point: str | None = None
    public_tests: str = field(default="", compare=False, repr=False)


@runtime_checkable
class ModelAdapter(Protocol):
    """The smallest thing that can be benchmarked."""

    name: str

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[str]]:
        """Return, for each request, exactly `request.n` raw completions."""
        ...


class AdapterError(RuntimeError):
    """An adapter cannot be built or cannot answer; the message is one line for the user."""


class AdapterFactory(Protocol):
    """Builds an adapter from its spec argument. A factory may also offer
    ``check_spec(argument) -> None``: a check that loads nothing heavy and raises AdapterError
    with one line, which `pytest iotbench` runs when it starts (hf, replay and reference do)."""

    def from_spec(self, argument: str) -> ModelAdapter: ...


# The built-in adapters (reference, replay, hf, openai, retrieval, rag, mapcoder, gpiot) are
# entry points of this project's own distribution (pyproject.toml), like any plug-in's.
ADAPTERS: LazyRegistry[AdapterFactory] = LazyRegistry("model adapter", ENTRY_POINT_GROUP)


def check_spec(spec: str) -> None:
    """Check a spec without building its adapter: the name, then the factory's own
    ``check_spec`` if it has one (wrappers such as ``rag:`` check their inner spec with this)."""
    name, _, argument = spec.strip().partition(":")
    if not name:
        raise AdapterError(f"empty model spec {spec!r}; expected NAME or NAME:ARGUMENT")
    try:
        factory = ADAPTERS.get(name)
    except RegistryError as exc:
        raise AdapterError(str(exc)) from exc
    check = getattr(factory, "check_spec", None)
    if callable(check):
        check(argument)


def resolve_adapter(spec: str) -> ModelAdapter:
    """Build the adapter a spec string names; unknown names raise AdapterError with suggestions."""
    name, _, argument = spec.strip().partition(":")
    if not name:
        raise AdapterError(f"empty model spec {spec!r}; expected NAME or NAME:ARGUMENT")
    try:
        factory = ADAPTERS.get(name)
    except RegistryError as exc:
        raise AdapterError(str(exc)) from exc
    return factory.from_spec(argument)
