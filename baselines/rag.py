"""The `rag` baseline: retrieval-augmented generation over any other adapter.

``rag:[OPTIONS:]SPEC`` wraps the adapter that SPEC names (``rag:hf:DIR``, ``rag:openai:MODEL,
base_url=...``, ``rag:k=5,into=system:hf:DIR``). OPTIONS, when present, is one ``key=value[,...]``
group ended by a colon; it is recognised by its ``=``, which an adapter name never contains, so
every spec has exactly one reading. Values cannot contain ``:``.

For each request the adapter retrieves the `k` passages of the knowledge store most similar to
the item's prompt, writes them as numbered notes into the user message (``into=user``, default)
or the system message (``into=system``), and asks the inner adapter; the inner adapter's
completions are returned unchanged. The default store is the project's IoT notes
(``baselines/knowledge/``); ``store=DIR`` takes another folder of documents or a saved store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from baselines.retrieval import heading, open_store
from harness.adapter_options import choice, existing_dir, parse_options, positive_int
from harness.adapters import (
    AdapterError,
    GenerationRequest,
    Message,
    ModelAdapter,
    resolve_adapter,
)
from harness.adapters import check_spec as check_inner
from harness.knowledge import KnowledgeStore, Passage

NOTES_INTRO = (
    "Notes from an IoT knowledge base that may help (use what is relevant, ignore the rest):"
)


def split_wrapper_spec(wrapper: str, argument: str) -> tuple[dict[str, str], str]:
    """Split ``[key=value,...:]INNER`` into the wrapper's options and the inner spec."""
    head, colon, rest = argument.partition(":")
    options: dict[str, str] = {}
    inner = argument
    if "=" in head:
        if not colon:
            raise AdapterError(
                f"{wrapper}: options {head!r} must be followed by ':' and the "
                f"model to wrap, e.g. {wrapper}:{head}:hf:DIR"
            )
        for part in head.split(","):
            key, eq, value = part.partition("=")
            if not eq or not key.strip():
                raise AdapterError(
                    f"{wrapper}: option {part!r} is not key=value (options come "
                    f"first: {wrapper}:key=value,key=value:SPEC)"
                )
            options[key.strip()] = value.strip()
        inner = rest
    if not inner.strip():
        raise AdapterError(
            f"{wrapper} needs the model to wrap: {wrapper}:[OPTIONS:]SPEC, e.g. {wrapper}:hf:DIR"
        )
    return options, inner.strip()


def render_notes(passages: Sequence[Passage]) -> str:
    """Retrieved passages as numbered notes, each with its heading and source."""
    notes = [
        f"[{i}] {heading(p)} (from {p.source})\n{p.text.strip()}"
        for i, p in enumerate(passages, start=1)
    ]
    return NOTES_INTRO + "\n\n" + "\n\n".join(notes)


def user_text(request: GenerationRequest) -> str:
    """What the user asked: the prompt, or else the last user message."""
    if request.prompt.strip():
        return request.prompt
    users = [m.content for m in request.messages if m.role == "user"]
    return users[-1] if users else ""


def with_notes(request: GenerationRequest, notes: str, into: str) -> GenerationRequest:
    """`request` with `notes` added to its system message or before its user message.

    A raw prompt without messages (``/v1/completions`` of ``iotbench serve``) stays raw: the
    notes go before the prompt text.
    """
    if not request.messages:
        return replace(request, prompt=f"{notes}\n\n---\n\n{request.prompt}")
    messages = list(request.messages)
    if into == "system":
        systems = [i for i, m in enumerate(messages) if m.role == "system"]
        if systems:
            i = systems[0]
            messages[i] = Message("system", f"{messages[i].content}\n\n{notes}")
        else:
            messages.insert(0, Message("system", notes))
        return replace(request, messages=tuple(messages))
    users = [i for i, m in enumerate(messages) if m.role == "user"]
    if not users:  # a system message only: the notes become the user turn
        messages.append(Message("user", notes))
        return replace(request, messages=tuple(messages))
    combined = f"{notes}\n\n---\n\n{messages[users[-1]].content}"
    messages[users[-1]] = Message("user", combined)
    return replace(request, messages=tuple(messages), prompt=combined)


def inner_attributes(adapter: Any, inner: ModelAdapter) -> None:
    """Let a wrapper inherit the inner adapter's cacheability and default sample count."""
    adapter.cacheable = bool(getattr(inner, "cacheable", True))
    default_n = getattr(inner, "default_n", None)
    if isinstance(default_n, int) and default_n >= 1:
        adapter.default_n = default_n


class RAGAdapter:
    """Adds the top-k retrieved notes to every prompt, then asks the inner adapter."""

    def __init__(
        self, inner: ModelAdapter, store: KnowledgeStore, k: int = 3, into: str = "user"
    ) -> None:
        if into not in ("user", "system"):
            raise AdapterError(f"rag: into must be user or system, got {into!r}")
        self.inner = inner
        self.store = store
        self.k = k
        self.into = into
        self.name = f"rag-{inner.name}"
        inner_attributes(self, inner)

    @classmethod
    def check_spec(cls, argument: str) -> None:
        """The options and the inner spec, without building either."""
        cls._options(argument)
        check_inner(split_wrapper_spec("rag", argument)[1])

    @staticmethod
    def _options(argument: str) -> dict[str, Any]:
        raw = split_wrapper_spec("rag", argument)[0]
        return parse_options(
            "rag", raw, {"k": positive_int, "store": existing_dir, "into": choice("user", "system")}
        )

    @classmethod
    def from_spec(cls, argument: str) -> RAGAdapter:
        inner_spec = split_wrapper_spec("rag", argument)[1]
        options = cls._options(argument)
        store = open_store(options.get("store"))
        return cls(
            resolve_adapter(inner_spec), store, options.get("k", 3), options.get("into", "user")
        )

    def augment(self, request: GenerationRequest) -> GenerationRequest:
        """The request the inner adapter sees: the same, with retrieved notes added."""
        hits = self.store.search(user_text(request), self.k)
        return with_notes(request, render_notes([p for p, _ in hits]), self.into)

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[str]]:
        augmented = [self.augment(request) for request in requests]
        out = self.inner.generate(augmented)
        if len(out) != len(requests) or any(
            len(c) != r.n for c, r in zip(out, requests, strict=False)
        ):
            raise AdapterError(
                f"rag: the wrapped adapter {self.inner.name!r} did not return "
                "n completions per request"
            )
        return out
