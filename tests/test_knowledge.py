"""harness.knowledge: chunking, search with the real MiniLM embedder, save/load, errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from harness.knowledge import (
    KnowledgeError,
    KnowledgeStore,
    Passage,
    chunk_text,
    documents_digest,
)
from harness.metrics import embedding

os.environ.setdefault("HF_HUB_OFFLINE", "1")

PASSAGES = [
    Passage(
        "ecg",
        "notes.md",
        "Detect R peaks in an electrocardiogram with the Pan-Tompkins "
        "band-pass, derivative, squaring and moving integration.",
    ),
    Passage(
        "mqtt",
        "notes.md",
        "Decode the remaining length of an MQTT fixed header, a "
        "variable-length integer of up to four bytes.",
    ),
    Passage(
        "gps",
        "notes.md",
        "The haversine formula gives the great-circle distance between "
        "two latitude and longitude points on the Earth.",
    ),
    Passage(
        "battery",
        "notes.md",
        "Battery life of a duty-cycled sensor node follows from its "
        "average current and the capacity in milliampere hours.",
    ),
]


slow = pytest.mark.slow  # the first test to embed pays for loading MiniLM (seconds)


@pytest.fixture(scope="module")
def store() -> KnowledgeStore:
    return KnowledgeStore.from_passages(PASSAGES)


def test_chunks_break_at_paragraphs_and_headings_but_never_inside_code() -> None:
    text = (
        "# Title\n\n## First\nalpha beta\n\ngamma\n\n```python\nx = 1\n\ny = 2\n```\n"
        "## Second\ndelta\n"
    )
    assert chunk_text(text, 800) == [
        "## First\nalpha beta\n\ngamma\n\n```python\nx = 1\n\ny = 2\n```",
        "## Second\ndelta",
    ]
    # A small limit closes a chunk at each paragraph; the code block stays whole regardless.
    assert chunk_text(text, 12) == [
        "## First\nalpha beta",
        "gamma",
        "```python\nx = 1\n\ny = 2\n```",
        "## Second\ndelta",
    ]
    # Outside Markdown, '#' lines are comments, not headings.
    assert chunk_text("# note\nx = 1\n\n# other\ny = 2\n", 800, markdown=False) == [
        "# note\nx = 1\n\n# other\ny = 2"
    ]
    with pytest.raises(KnowledgeError, match="chunk_chars must be >= 1"):
        chunk_text(text, 0)


@slow
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("find heartbeats in an ECG signal", "ecg"),
        ("parse the header of an MQTT packet", "mqtt"),
        ("distance between two GPS fixes in metres", "gps"),
        ("how long will the coin cell last", "battery"),
    ],
)
def test_search_ranks_the_obviously_relevant_passage_first(
    store: KnowledgeStore, query: str, expected: str
) -> None:
    hits = store.search(query, k=4)
    assert hits[0][0].id == expected
    scores = [score for _, score in hits]
    assert scores == sorted(scores, reverse=True) and -1.0 <= scores[-1] <= scores[0] <= 1.0
    assert scores[0] > scores[1] + 0.05  # clearly first, not by a rounding error


@slow
def test_scores_are_cosine_similarities(store: KnowledgeStore) -> None:
    query = "great circle distance"
    vector = embedding.MiniLMEmbedder().encode([query])[0]
    passage_vectors = embedding.MiniLMEmbedder().encode([p.text for p in PASSAGES])
    expected = (
        passage_vectors
        @ vector
        / (np.linalg.norm(passage_vectors, axis=1) * np.linalg.norm(vector))
    )
    hits = dict((p.id, s) for p, s in store.search(query, k=4))
    assert [hits[p.id] for p in PASSAGES] == pytest.approx(expected.tolist(), abs=1e-5)
    assert len(store.search(query, k=2)) == 2 and len(store.search(query, k=99)) == 4


@slow
def test_stores_share_one_embedding_model(store: KnowledgeStore) -> None:
    other = KnowledgeStore.from_passages(PASSAGES[:2])
    other.search("mqtt", k=1)
    store.search("mqtt", k=1)
    assert embedding._load_minilm.cache_info().currsize == 1


@slow
def test_from_documents_reads_files_and_folders(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    (notes / "sub").mkdir(parents=True)
    (notes / "radar.md").write_text(
        "# Radar\n\n## Range FFT\nAn FFT over one chirp gives "
        "range bins.\n\n## CFAR\nCompare each cell with its "
        "neighbours.\n",
        encoding="utf-8",
    )
    (notes / "sub" / "crc.py").write_text(
        "def crc8(data):\n    return sum(data) % 256\n", encoding="utf-8"
    )
    (notes / "ignored.csv").write_text("a,b\n", encoding="utf-8")
    single = tmp_path / "wifi.txt"
    single.write_text("CSI amplitude varies when a person moves.\n", encoding="utf-8")
    store = KnowledgeStore.from_documents([notes, single])
    assert [(p.id, p.source) for p in store.passages] == [
        ("radar.md#0", "radar.md"),
        ("radar.md#1", "radar.md"),
        ("sub/crc.py#0", "sub/crc.py"),
        ("wifi.txt#0", "wifi.txt"),
    ]
    assert store.passages[1].text == "## CFAR\nCompare each cell with its neighbours."
    assert store.search("checksum of bytes", k=1)[0][0].id == "sub/crc.py#0"
    assert store.meta == {"documents_sha256": documents_digest([notes, single]), "chunk_chars": 800}


@slow
def test_save_load_round_trip(store: KnowledgeStore, tmp_path: Path) -> None:
    store.meta["note"] = "kept"
    store.save(tmp_path / "index")
    loaded = KnowledgeStore.load(tmp_path / "index")
    assert loaded.passages == store.passages and len(loaded) == 4
    assert np.array_equal(loaded.vectors, store.vectors)
    assert loaded.embedder == "minilm" and loaded.meta["note"] == "kept"
    query = "RR intervals and QRS complexes"
    assert loaded.search(query, k=3) == store.search(query, k=3)
    manifest = json.loads((tmp_path / "index" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["count"] == 4 and manifest["dim"] == 384
    assert sorted(p.name for p in (tmp_path / "index").iterdir()) == [
        "manifest.json",
        "passages.jsonl",
        "vectors.npy",
    ]


@slow
def test_bad_inputs_are_one_line_errors(tmp_path: Path, store: KnowledgeStore) -> None:
    cases = [
        (lambda: KnowledgeStore.from_documents([tmp_path / "missing"]), "does not exist"),
        (lambda: KnowledgeStore.from_documents([tmp_path]), "no knowledge passages found"),
        (lambda: KnowledgeStore.from_passages([]), "the knowledge store is empty"),
        (lambda: KnowledgeStore.load(tmp_path), "is not a saved knowledge store"),
        (lambda: store.search("x", k=0), "k >= 1"),
        (lambda: KnowledgeStore.from_passages(PASSAGES[:1], embedder="nope"), "unknown embedder"),
        (lambda: KnowledgeStore.from_passages([PASSAGES[0], PASSAGES[0]]), "two passages with id"),
    ]
    data = tmp_path / "data.csv"
    data.write_text("1,2\n", encoding="utf-8")
    cases.append((lambda: KnowledgeStore.from_documents([data]), "is not one of .md"))
    for make, message in cases:
        with pytest.raises(KnowledgeError, match=message) as caught:
            make()
        assert "\n" not in str(caught.value)


@slow
def test_a_damaged_saved_store_is_refused(store: KnowledgeStore, tmp_path: Path) -> None:
    store.save(tmp_path / "index")
    with open(tmp_path / "index" / "passages.jsonl", "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "extra", "source": "x", "text": "y"}) + "\n")
    with pytest.raises(KnowledgeError, match="5 passages, manifest says 4"):
        KnowledgeStore.load(tmp_path / "index")
    (tmp_path / "index" / "vectors.npy").write_bytes(b"not numpy")
    with pytest.raises(KnowledgeError, match="cannot load the knowledge store"):
        KnowledgeStore.load(tmp_path / "index")
