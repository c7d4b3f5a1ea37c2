"""A small semantic knowledge store: passages of text, their embeddings, and cosine search.

Retrieval-augmented systems (the `rag` and `mapcoder` baselines, GPIoT's RTSLM) look up what an
item is about in a store built from Markdown, text, reST or Python files. Documents are cut at
paragraph boundaries (blank lines outside code fences; a Markdown heading always starts a new
passage) into passages of at most about `chunk_chars` characters, embedded once with the
project's embedder (`harness.metrics.embedding`, loaded once per process however many stores
exist) and searched by cosine similarity. A store saves to a directory (passages as JSON lines,
vectors as .npy, a small manifest) and loads back without re-embedding.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from harness.metrics.embedding import EmbeddingError, load_embedder

DOCUMENT_SUFFIXES = (".md", ".txt", ".py", ".rst")
FORMAT_VERSION = 1
_MANIFEST, _PASSAGES, _VECTORS = "manifest.json", "passages.jsonl", "vectors.npy"
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^#{1,6}\s")


class KnowledgeError(ValueError):
    """A store cannot be built, loaded or searched; the message is one line for the user."""


@dataclass(frozen=True)
class Passage:
    """One retrievable piece of text: `id` is unique in its store, `source` names its file."""

    id: str
    source: str
    text: str


def _blocks(text: str, markdown: bool) -> Iterator[tuple[bool, str]]:
    """Paragraphs of `text` as (starts_section, text); code fences are never split."""
    lines: list[str] = []
    in_fence = False
    heading = False
    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and markdown and _HEADING.match(line):
            if lines:
                yield heading, "\n".join(lines)
            lines, heading = [line], True
            continue
        if not in_fence and not line.strip():
            if lines:
                yield heading, "\n".join(lines)
            lines, heading = [], False
            continue
        lines.append(line)
    if lines:
        yield heading, "\n".join(lines)


def chunk_text(text: str, chunk_chars: int = 800, *, markdown: bool = True) -> list[str]:
    """Join consecutive paragraphs into chunks of at most `chunk_chars` characters.

    A paragraph longer than the limit becomes a chunk of its own (code is not cut mid-block);
    with `markdown`, a heading closes the current chunk so each section is retrieved whole.
    """
    if chunk_chars < 1:
        raise KnowledgeError(f"chunk_chars must be >= 1, got {chunk_chars}")
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for starts_section, block in _blocks(text, markdown):
        if current and (starts_section or size + len(block) + 2 > chunk_chars):
            chunks.append("\n\n".join(current))
            current, size = [], 0
        current.append(block)
        size += len(block) + 2
    if current:
        chunks.append("\n\n".join(current))
    # A chunk of headings only (a document title before its first section) says nothing.
    return [
        chunk
        for chunk in chunks
        if chunk.strip()
        and not (
            markdown
            and all(_HEADING.match(line) or not line.strip() for line in chunk.splitlines())
        )
    ]


def _document_files(paths: Sequence[Path]) -> list[tuple[Path, str]]:
    """Every document under `paths` as (file, source name), in a stable order."""
    found: list[tuple[Path, str]] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
            )
            found += [(file, file.relative_to(path).as_posix()) for file in files]
        elif path.is_file():
            if path.suffix.lower() not in DOCUMENT_SUFFIXES:
                raise KnowledgeError(
                    f"knowledge document {str(path)!r} is not one of {', '.join(DOCUMENT_SUFFIXES)}"
                )
            found.append((path, path.name))
        else:
            raise KnowledgeError(f"knowledge path {str(path)!r} does not exist")
    return found


class KnowledgeStore:
    """Passages with unit-length embeddings; `search` ranks them by cosine similarity."""

    def __init__(
        self,
        passages: Sequence[Passage],
        vectors: np.ndarray,
        embedder: str,
        meta: Mapping[str, Any] | None = None,
    ) -> None:
        if not passages:
            raise KnowledgeError("the knowledge store is empty: give it at least one passage")
        if vectors.ndim != 2 or vectors.shape[0] != len(passages):
            raise KnowledgeError(
                f"knowledge store has {len(passages)} passages but vectors of shape {vectors.shape}"
            )
        ids = [p.id for p in passages]
        if len(set(ids)) != len(ids):
            duplicate = next(i for i in ids if ids.count(i) > 1)
            raise KnowledgeError(f"knowledge store has two passages with id {duplicate!r}")
        self.passages = tuple(passages)
        self.vectors = _unit(vectors.astype(np.float32))
        self.embedder = embedder
        self.meta: dict[str, Any] = dict(meta or {})  # JSON-able facts saved with the store

    def __len__(self) -> int:
        return len(self.passages)

    def __repr__(self) -> str:
        return f"KnowledgeStore({len(self)} passages, embedder={self.embedder!r})"

    @classmethod
    def from_documents(
        cls, paths: Sequence[Path], *, embedder: str = "minilm", chunk_chars: int = 800
    ) -> KnowledgeStore:
        """Build a store from .md/.txt/.py/.rst files, or directories searched recursively."""
        if isinstance(paths, (str, Path)):
            paths = [Path(paths)]
        files = _document_files(paths)
        passages: list[Passage] = []
        for file, source in files:
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise KnowledgeError(
                    f"cannot read knowledge document {str(file)!r}: {exc}"
                ) from exc
            chunks = chunk_text(text, chunk_chars, markdown=file.suffix.lower() == ".md")
            passages += [Passage(f"{source}#{i}", source, chunk) for i, chunk in enumerate(chunks)]
        if not passages:
            shown = ", ".join(str(p) for p in paths) or "(no paths)"
            raise KnowledgeError(
                f"no knowledge passages found in {shown} (expected non-empty "
                f"{', '.join(DOCUMENT_SUFFIXES)} files)"
            )
        store = cls.from_passages(passages, embedder=embedder)
        store.meta.update(documents_sha256=_digest(files), chunk_chars=chunk_chars)
        return store

    @classmethod
    def from_passages(
        cls, passages: Sequence[Passage], *, embedder: str = "minilm"
    ) -> KnowledgeStore:
        """Embed `passages` (with the named embedder) into a new store."""
        if not passages:
            raise KnowledgeError("the knowledge store is empty: give it at least one passage")
        return cls(passages, _encode(embedder, [p.text for p in passages]), embedder)

    def search(self, query: str, k: int = 3) -> list[tuple[Passage, float]]:
        """The `k` passages most similar to `query`, best first (ties: store order)."""
        if k < 1:
            raise KnowledgeError(f"search needs k >= 1, got {k}")
        (vector,) = _unit(_encode(self.embedder, [query]))
        if vector.shape[0] != self.vectors.shape[1]:
            raise KnowledgeError(
                f"query embedding has {vector.shape[0]} dimensions, the store "
                f"{self.vectors.shape[1]}: built with another embedder?"
            )
        scores = np.clip(self.vectors @ vector, -1.0, 1.0)
        order = np.argsort(-scores, kind="stable")[:k]
        return [(self.passages[i], float(scores[i])) for i in order]

    def save(self, directory: Path) -> None:
        """Write the store to `directory` (created if needed); the manifest is written last."""
        directory = Path(directory)
        if directory.exists() and not directory.is_dir():
            raise KnowledgeError(f"cannot save the knowledge store: {str(directory)!r} is a file")
        directory.mkdir(parents=True, exist_ok=True)
        lines = "".join(json.dumps(asdict(p), ensure_ascii=False) + "\n" for p in self.passages)
        _write_atomic(directory / _PASSAGES, lines.encode("utf-8"))
        with open(directory / f".{_VECTORS}.tmp", "wb") as handle:
            np.save(handle, self.vectors)
        os.replace(directory / f".{_VECTORS}.tmp", directory / _VECTORS)
        manifest = {
            "format": FORMAT_VERSION,
            "embedder": self.embedder,
            "count": len(self),
            "dim": int(self.vectors.shape[1]),
            "meta": self.meta,
        }
        _write_atomic(directory / _MANIFEST, (json.dumps(manifest, indent=2) + "\n").encode())

    @classmethod
    def load(cls, directory: Path) -> KnowledgeStore:
        """Read a store written by `save`; a missing or inconsistent file is one clear error."""
        directory = Path(directory)
        manifest_path = directory / _MANIFEST
        if not manifest_path.is_file():
            raise KnowledgeError(
                f"{str(directory)!r} is not a saved knowledge store (no "
                f"{_MANIFEST}); build one with KnowledgeStore.save"
            )
        try:
            manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
            if manifest.get("format") != FORMAT_VERSION:
                raise KnowledgeError(
                    f"{manifest_path}: format {manifest.get('format')!r} is not "
                    f"{FORMAT_VERSION}; rebuild the store"
                )
            passages = [
                Passage(**json.loads(line))
                for line in (directory / _PASSAGES).read_text(encoding="utf-8").splitlines()
                if line
            ]
            vectors = np.load(directory / _VECTORS, allow_pickle=False)
        except KnowledgeError:
            raise
        except (OSError, ValueError, TypeError) as exc:
            raise KnowledgeError(
                f"cannot load the knowledge store in {str(directory)!r}: "
                f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
            ) from exc
        if len(passages) != manifest.get("count"):
            raise KnowledgeError(
                f"{str(directory)!r}: {len(passages)} passages, manifest says "
                f"{manifest.get('count')}; rebuild the store"
            )
        return cls(
            passages, vectors, str(manifest.get("embedder", "minilm")), manifest.get("meta") or {}
        )


def documents_digest(paths: Sequence[Path]) -> str:
    """SHA-256 over the documents `from_documents` would read (names and bytes), to spot edits."""
    return _digest(_document_files(paths))


def _digest(files: Sequence[tuple[Path, str]]) -> str:
    digest = hashlib.sha256()
    for file, source in files:
        digest.update(source.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def _encode(embedder: str, texts: list[str]) -> np.ndarray:
    try:
        return np.asarray(load_embedder(embedder).encode(texts), dtype=np.float32)
    except EmbeddingError as exc:
        raise KnowledgeError(str(exc)) from exc


def _unit(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (zero rows stay zero); rows already of length 1 are kept as is."""
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    if np.all(np.abs(norms - 1.0) < 1e-5):
        return vectors.astype(np.float32)
    out = np.zeros_like(vectors, dtype=np.float32)
    np.divide(vectors, norms, out=out, where=norms > 0)
    return out


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
