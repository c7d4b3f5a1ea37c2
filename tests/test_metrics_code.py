"""Code metrics: cosine similarity of embeddings, embedder loading, CodeBLEU components/total."""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from codebleu import calc_codebleu

from harness.metrics.code_similarity import (
    CodeBLEUScore,
    codebleu_score,
    codebleu_scores,
    reference_has_dataflow,
    similarity_metrics,
)
from harness.metrics.embedding import (
    CachedEmbedder,
    CodeT5pEmbedder,
    EmbeddingError,
    MiniLMEmbedder,
    code_embedding_similarity,
    cosine_matrix,
    load_embedder,
)

REFERENCE = '''def moving_average(signal, window):
    """Smooth a 1-D signal with a flat window."""
    import numpy as np
    kernel = np.ones(window) / window
    smoothed = np.convolve(signal, kernel, mode="valid")
    return smoothed
'''
RENAMED = """def moving_average(x, w):
    import numpy as np
    k = np.ones(w) / w
    out = np.convolve(x, k, mode="valid")
    return out
"""
UNRELATED = "class Config:\n    pass\n"
NO_DATAFLOW = "def answer():\n    return 42\n"


def test_cosine_matrix_by_hand() -> None:
    left = np.array([[1.0, 0.0], [0.0, 0.0]])
    right = np.array([[1.0, 1.0], [-2.0, 0.0], [0.0, 3.0]])
    expected = [[1 / math.sqrt(2), -1.0, 0.0], [0.0, 0.0, 0.0]]  # a zero vector matches nothing
    assert cosine_matrix(left, right) == pytest.approx(np.array(expected))
    with pytest.raises(ValueError, match="shapes"):
        cosine_matrix(left, np.ones((2, 3)))


class TableEmbedder:
    name = "table"

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        table = {REFERENCE: [3.0, 4.0], RENAMED: [4.0, 3.0], UNRELATED: [-4.0, 3.0]}
        return np.array([table[text] for text in texts])


def test_code_similarity_with_fake_embedder() -> None:
    fake = TableEmbedder()
    scores = code_embedding_similarity([RENAMED, "   ", UNRELATED, REFERENCE], REFERENCE, fake)
    # (3,4)·(4,3)/25 = 24/25; (3,4)·(-4,3)/25 = 0; an empty program is 0 without embedding
    assert scores == pytest.approx([0.96, 0.0, 0.0, 1.0])
    assert fake.calls == 1
    with pytest.raises(ValueError, match="non-empty reference"):
        code_embedding_similarity([RENAMED], " ", fake)


@pytest.fixture(scope="module")
def minilm() -> Iterator[MiniLMEmbedder]:
    previous = os.environ.get("HF_HUB_OFFLINE")
    os.environ["HF_HUB_OFFLINE"] = "1"
    yield MiniLMEmbedder()
    if previous is None:
        os.environ.pop("HF_HUB_OFFLINE", None)
    else:
        os.environ["HF_HUB_OFFLINE"] = previous


def test_code_similarity_with_minilm(minilm: MiniLMEmbedder) -> None:
    same, renamed, unrelated = code_embedding_similarity(
        [REFERENCE, RENAMED, "The quick brown fox jumps over the lazy dog."], REFERENCE, minilm
    )
    assert same == pytest.approx(1.0, abs=1e-5)
    assert unrelated < 0.3 < renamed < 1.0
    assert minilm.encode(["a", "b"]).shape == (2, 384)


def test_cached_embedder_encodes_each_text_once(minilm: MiniLMEmbedder) -> None:
    cached = CachedEmbedder(minilm)
    first = cached.encode([REFERENCE, RENAMED])
    again = cached.encode([RENAMED, UNRELATED, REFERENCE, UNRELATED])
    assert cached.encoded == 3  # REFERENCE and RENAMED once, UNRELATED once for both copies
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[2], first[0])
    assert np.array_equal(again[1], again[3])
    direct = minilm.encode([UNRELATED])[0]
    assert np.allclose(again[1], direct, atol=1e-5)  # the model's vector, batching aside
    assert cached.encode([]).shape == (0, 384) and cached.encoded == 3
    scores = code_embedding_similarity([RENAMED, REFERENCE], REFERENCE, cached)
    assert cached.encoded == 3 and scores[1] == pytest.approx(1.0, abs=1e-5)


def test_load_embedder_by_name() -> None:
    assert isinstance(load_embedder(), MiniLMEmbedder)
    assert isinstance(load_embedder("all-MiniLM-L6-v2"), MiniLMEmbedder)
    codet5p = load_embedder("codet5p:/models/codet5p")
    assert isinstance(codet5p, CodeT5pEmbedder) and codet5p.source == "/models/codet5p"
    with pytest.raises(EmbeddingError, match="unknown embedder 'bert'"):
        load_embedder("bert")


def test_codet5p_missing_locally_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    with pytest.raises(EmbeddingError) as caught:
        CodeT5pEmbedder(str(tmp_path / "no-such-model")).encode(["def f(): pass"])
    message = str(caught.value)
    assert "not available locally" in message and "\n" not in message


def test_codebleu_matches_the_package_when_dataflow_is_found() -> None:
    raw = calc_codebleu([REFERENCE], [RENAMED], "python")
    assert raw["dataflow_match_score"] > 0
    score = codebleu_score(RENAMED, REFERENCE)
    assert score == CodeBLEUScore(
        raw["ngram_match_score"],
        raw["weighted_ngram_match_score"],
        raw["syntax_match_score"],
        raw["dataflow_match_score"],
    )
    assert score.total == pytest.approx(raw["codebleu"])
    assert codebleu_score(REFERENCE, REFERENCE).total == pytest.approx(1.0)


def test_codebleu_unrelated_code_scores_zero_not_a_quarter() -> None:
    raw = calc_codebleu([REFERENCE], [UNRELATED], "python")
    assert raw["codebleu"] == pytest.approx(0.25)  # the package counts dataflow 0 as 1
    score = codebleu_score(UNRELATED, REFERENCE)
    assert score.dataflow_match == 0.0
    assert score.total == pytest.approx(0.0)
    assert score.as_metrics()["codebleu_dataflow"] == 0.0


def test_codebleu_reference_without_dataflow_renormalises() -> None:
    assert reference_has_dataflow(REFERENCE) and not reference_has_dataflow(NO_DATAFLOW)
    candidate = "def answer():\n    value = 42\n    return value\n"
    raw = calc_codebleu([NO_DATAFLOW], [candidate], "python")
    score = codebleu_score(candidate, NO_DATAFLOW)
    assert score.dataflow_match is None
    three = (raw["ngram_match_score"], raw["weighted_ngram_match_score"], raw["syntax_match_score"])
    assert (score.ngram_match, score.weighted_ngram_match, score.syntax_match) == three
    assert score.total == pytest.approx(sum(three) / 3)
    assert "codebleu_dataflow" not in score.as_metrics()


def test_codebleu_batch_and_empty_program() -> None:
    empty, renamed = codebleu_scores(["", RENAMED], REFERENCE)
    assert empty == CodeBLEUScore(0.0, 0.0, 0.0, 0.0)
    assert renamed == codebleu_score(RENAMED, REFERENCE)
    with pytest.raises(ValueError, match="non-empty reference"):
        codebleu_scores([RENAMED], "")


def test_similarity_metrics_bundle_per_sample() -> None:
    fake = TableEmbedder()
    renamed, unrelated = similarity_metrics([RENAMED, UNRELATED], REFERENCE, fake)
    expected = {"embedding_similarity": 0.96, **codebleu_score(RENAMED, REFERENCE).as_metrics()}
    assert renamed == pytest.approx(expected)
    assert unrelated["embedding_similarity"] == pytest.approx(0.0, abs=1e-12)
    assert unrelated["codebleu"] == 0.0
    assert set(renamed) == {
        "embedding_similarity",
        "codebleu",
        "codebleu_ngram",
        "codebleu_weighted_ngram",
        "codebleu_syntax",
        "codebleu_dataflow",
    }
