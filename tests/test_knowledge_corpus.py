"""The shipped knowledge corpus: its passages parse and share no 13-word run with any item."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import baselines
import iotbench
from harness.knowledge import chunk_text

CORPUS = Path(baselines.__file__).with_name("knowledge")
ITEMS = Path(iotbench.__file__).with_name("items")
NGRAM = 13
FENCE = re.compile(r"```python\n(.*?)```", re.DOTALL)


def word_ngrams(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    """Lower-cased word (\\w+) n-grams: punctuation and layout do not hide a copied passage."""
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_ngrams_are_counted_over_words_only() -> None:
    assert word_ngrams("a b c", 2) == {("a", "b"), ("b", "c")}
    assert (
        word_ngrams("x = f(a,  B)\n", 3)
        == word_ngrams("X=F (a, b)", 3)
        == {("x", "f", "a"), ("f", "a", "b")}
    )
    assert word_ngrams("too short", 3) == set()


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.md"))


def test_corpus_shares_no_13_gram_with_any_item_file() -> None:
    item_grams: dict[tuple[str, ...], str] = {}
    for path in sorted(ITEMS.rglob("*")):
        # naive*.py are what a model without the domain knowledge writes: not answers
        if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith("naive"):
            text = path.read_text(encoding="utf-8", errors="ignore")
            for gram in word_ngrams(text):
                item_grams.setdefault(gram, str(path.relative_to(ITEMS)))
    assert len(item_grams) > 10_000  # the items were really read
    shared = [
        f"{doc.name}: '{' '.join(gram)}' also in {item_grams[gram]}"
        for doc in corpus_files()
        for gram in sorted(word_ngrams(doc.read_text("utf-8")))
        if gram in item_grams
    ]
    assert not shared, "\n".join(shared[:40])


def test_every_section_is_a_passage_with_parseable_code() -> None:
    passages = [
        chunk
        for doc in corpus_files()
        for chunk in chunk_text(doc.read_text(encoding="utf-8"), 1600)
    ]
    assert 40 <= len(passages) <= 80
    assert all(p.startswith("## ") for p in passages)  # one section each, none cut
    with_code = [p for p in passages if FENCE.search(p)]
    assert len(with_code) >= len(passages) - 6  # a few design notes are prose only
    for passage in with_code:
        for block in FENCE.findall(passage):
            try:
                ast.parse(block)
            except SyntaxError as exc:  # pragma: no cover - names the broken passage
                pytest.fail(f"{passage.splitlines()[0]}: {exc}")
