"""The `retrieval` baseline: answer with the nearest known solution, no language model at all.

``retrieval[:corpus=DIR][,k=N]``. For a code item (codegen or application) the adapter searches a
knowledge corpus for the passage closest to the prompt that carries Python code and answers with
that code, its main function (the last top-level ``def``) renamed to the item's entry point so
that the tests can at least call it. For a decomposition item it answers with the `k` nearest
passages (default 3), each written as one sub-task whose steps are the passage's sentences.

The default corpus is the project's own IoT notes in ``baselines/knowledge/`` (written for this
purpose, disjoint from IoTBench's references and tests), so the score is a floor that any real
model should beat. ``corpus=DIR`` takes a directory of documents or a store saved by
`harness.knowledge.KnowledgeStore.save`. The answer depends only on the prompt and the corpus:
every sample is the same, hence ``default_n = 1`` as for the oracle adapters.
"""

from __future__ import annotations

import ast
import re
import sys
import warnings
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from harness.adapter_options import split_options
from harness.adapters import AdapterError, GenerationRequest
from harness.knowledge import KnowledgeError, KnowledgeStore, Passage, documents_digest

KNOWLEDGE_DIR = Path(__file__).with_name("knowledge")
CHUNK_CHARS = 1600  # the shipped notes keep each section under this: one section, one passage
_PYTHON_FENCE = re.compile(r"```(?:python|py)[^\n]*\n(.*?)```", re.DOTALL)
_ANY_FENCE = re.compile(r"```.*?(?:```|\Z)", re.DOTALL)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(])")


def _stamp(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """What the files of `directory` look like now: edits invalidate the cached store."""
    return tuple(
        (str(p), p.stat().st_mtime_ns, p.stat().st_size)
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    )


@lru_cache(maxsize=8)
def _cached_store(
    directory: str, stamp: tuple[tuple[str, int, int], ...], embedder: str
) -> KnowledgeStore:
    path = Path(directory)
    if (path / "manifest.json").is_file():
        saved = KnowledgeStore.load(path)
        digest = saved.meta.get("documents_sha256")
        if digest is None or (
            digest == documents_digest([path])
            and saved.embedder == embedder
            and saved.meta.get("chunk_chars") == CHUNK_CHARS
        ):
            return saved  # a plain saved store, or an index whose documents are unchanged
        warnings.warn(
            f"the knowledge index in {directory} is older than its documents; "
            "embedding them again (rebuild it: python -m baselines.retrieval DIR)",
            stacklevel=4,
        )
    return KnowledgeStore.from_documents([path], embedder=embedder, chunk_chars=CHUNK_CHARS)


def open_store(directory: Path | None = None, embedder: str = "minilm") -> KnowledgeStore:
    """The shipped notes (None), a saved store, or a folder of documents; built once per process.

    A folder holding both documents and a store saved from them (as the shipped notes do) loads
    the saved vectors while the documents are unchanged, and embeds the documents otherwise.
    Raises AdapterError (one line) when the directory is missing, empty or unreadable.
    """
    path = (directory or KNOWLEDGE_DIR).expanduser()
    if not path.is_dir():
        raise AdapterError(
            f"knowledge corpus {str(path)!r} is not a directory (corpus= and "
            "store= take a folder of .md/.txt/.py/.rst files or a saved store)"
        )
    try:
        return _cached_store(str(path.resolve()), _stamp(path), embedder)
    except KnowledgeError as exc:
        raise AdapterError(str(exc)) from exc


def build_index(directory: Path = KNOWLEDGE_DIR) -> KnowledgeStore:
    """Embed the documents of `directory` and save the index beside them."""
    store = KnowledgeStore.from_documents([directory], chunk_chars=CHUNK_CHARS)
    store.save(directory)
    return store


def python_code(passage: Passage) -> str:
    """The Python blocks of a passage, joined; "" when it has none."""
    blocks = [block.strip("\n") for block in _PYTHON_FENCE.findall(passage.text)]
    return "\n\n\n".join(block for block in blocks if block.strip())


def heading(passage: Passage) -> str:
    first = passage.text.strip().splitlines()[0] if passage.text.strip() else passage.id
    return first.lstrip("#").strip() or passage.id


def prose_sentences(passage: Passage) -> list[str]:
    """The passage's sentences without its heading and code blocks, one line each."""
    body = _ANY_FENCE.sub(" ", passage.text)
    lines = [line for line in body.splitlines() if not line.lstrip().startswith("#")]
    text = " ".join(" ".join(lines).split())
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def rename_main_function(code: str, entry_point: str | None) -> str:
    """Rename the last top-level function of `code` (its main one) to `entry_point`."""
    if not entry_point:
        return code
    try:
        functions = [
            node.name
            for node in ast.parse(code).body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        ]
    except SyntaxError:
        return code
    if not functions or entry_point in functions:
        return code
    return re.sub(rf"\b{re.escape(functions[-1])}\b", entry_point, code)


def as_subtasks(passages: Sequence[Passage]) -> str:
    """Passages written in the decomposition format: one sub-task each, blank lines between."""
    blocks = []
    for number, passage in enumerate(passages, start=1):
        steps = prose_sentences(passage) or [heading(passage)]
        lines = [f"- Sub-Task {number} [{heading(passage)}]", *(f"  - {s}" for s in steps)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def nearest_code(store: KnowledgeStore, query: str) -> tuple[Passage, str] | None:
    """The most similar passage to `query` that carries Python code, with that code."""
    for passage, _ in store.search(query, k=len(store)):
        code = python_code(passage)
        if code:
            return passage, code
    return None


class RetrievalAdapter:
    """Nearest-neighbour answers from a knowledge corpus (no model, deterministic)."""

    cacheable = False  # cheaper to recompute than to cache, and the corpus may change
    default_n = 1  # every sample would be the same answer

    def __init__(self, corpus: Path | None = None, k: int = 3) -> None:
        if k < 1:
            raise AdapterError(f"retrieval: k must be >= 1, got {k}")
        self.store = open_store(corpus)
        self.k = k
        self.name = "retrieval" if corpus is None else f"retrieval-{corpus.resolve().name}"

    @classmethod
    def check_spec(cls, argument: str) -> None:
        cls._parse(argument)

    @classmethod
    def from_spec(cls, argument: str) -> RetrievalAdapter:
        return cls(*cls._parse(argument))

    @staticmethod
    def _parse(argument: str) -> tuple[Path | None, int]:
        """(corpus, k) of ``retrieval[:corpus=DIR,k=N]``; a bad option is an AdapterError."""
        positional, options = split_options(argument)
        if positional:
            raise AdapterError(
                f"retrieval takes only options (corpus=DIR, k=N), got {positional!r}"
            )
        unknown = sorted(set(options) - {"corpus", "k"})
        if unknown:
            raise AdapterError(f"retrieval: unknown option {unknown[0]!r} (known: corpus, k)")
        k = options.get("k", "3")
        if not k.isdigit() or int(k) < 1:
            raise AdapterError(f"retrieval: k must be a positive integer, got {k!r}")
        corpus = Path(options["corpus"]) if options.get("corpus") else None
        return corpus, int(k)

    def answer(self, request: GenerationRequest) -> str:
        """The one answer this adapter gives to `request`."""
        if request.kind == "decomposition":
            return as_subtasks([p for p, _ in self.store.search(request.prompt, self.k)])
        found = nearest_code(self.store, request.prompt)
        if found is None:
            raise AdapterError(
                f"retrieval: the corpus has no passage with Python code to "
                f"answer item {request.item_id!r}"
            )
        passage, code = found
        code = rename_main_function(code, request.entry_point)
        note = f'From the note "{heading(passage)}" ({passage.source}):'
        return f"{note}\n\n```python\n{code}\n```\n"

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[str]]:
        return [[self.answer(request)] * request.n for request in requests]


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m baselines.retrieval [DIR]``: (re)build the saved index of a notes folder."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or any(a.startswith("-") for a in args):
        print(
            "usage: python -m baselines.retrieval [DIR]  (default: the shipped notes)",
            file=sys.stderr,
        )
        return 2
    directory = Path(args[0]) if args else KNOWLEDGE_DIR
    try:
        store = build_index(directory)
    except KnowledgeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{directory}: {len(store)} passages indexed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
