"""Tiny random-weight Llama bases: what `gpiot train --base tiny` trains on, and test models.

Everything here is built locally (no model hub): a byte-level BPE tokenizer trained with
`tokenizers` on the given text (the training data for `gpiot train --base tiny`, a fixed
pseudo-code corpus for the test models of tests/tiny_llm.py) and a Llama with random weights
saved like a real checkpoint. A directory that already holds a finished build is reused. A tiny
training set and trained checkpoint for tests: `gpiot_models.testing`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

BOS, EOS, PAD = "<s>", "</s>", "<pad>"
# A deliberately simple template: role markers as plain text, EOS after each turn.
CHAT_TEMPLATE = (
    "{{ bos_token }}{% for m in messages %}<|{{ m['role'] }}|>\n{{ m['content'] }}{{ eos_token }}\n"
    "{% endfor %}{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)
DONE_FILE = "tiny_llm_done.json"

_WORDS_TEXT = (
    "def return import numpy as np scipy signal ecg peak detect heart rate sensor window "
    "filter sample fs accel gyro wifi csi label train test model predict array float int "
    "for in range if else while len sum mean std max min abs threshold band pass low high "
    "the a of to and with from data value index time frequency amplitude noise device edge"
)
_WORDS = _WORDS_TEXT.split(" ")


def corpus(lines: int = 400) -> list[str]:
    """Deterministic pseudo-code lines over a small IoT vocabulary (no randomness needed)."""
    out = []
    for i in range(lines):
        words = [_WORDS[(i * 7 + j * 13 + (i // 5) * j) % len(_WORDS)] for j in range(3 + i % 9)]
        indent = "    " * (i % 3)
        out.append(f"{indent}{' '.join(words)}({i % 17}, {i * 0.25:.2f}):  # {words[0]}")
    return out


def build_tokenizer(
    directory: Path,
    *,
    vocab_size: int = 1000,
    chat_template: bool = True,
    texts: Iterable[str] | None = None,
) -> int:
    """Train a byte-level BPE tokenizer on `texts` (default: `corpus()`); save; return its size."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    raw = Tokenizer(models.BPE())
    raw.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    raw.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=[PAD, BOS, EOS],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    raw.train_from_iterator(corpus() if texts is None else texts, trainer=trainer)
    tokenizer = PreTrainedTokenizerFast(  # type: ignore[no-untyped-call]
        tokenizer_object=raw, bos_token=BOS, eos_token=EOS, pad_token=PAD
    )
    if chat_template:
        tokenizer.chat_template = CHAT_TEMPLATE
    tokenizer.save_pretrained(directory)
    return len(tokenizer)


def build_tiny_llm(
    directory: Path,
    *,
    hidden_size: int = 64,
    layers: int = 2,
    chat_template: bool = True,
    seed: int = 0,
    texts: Iterable[str] | None = None,
    vocab_size: int = 1000,
) -> Path:
    """Write a random-weight Llama + tokenizer to `directory` (reused when already built).

    The tokenizer is trained on `texts` (default: the fixed pseudo-code corpus).
    """
    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    directory = Path(directory)
    if (directory / DONE_FILE).exists():
        return directory
    directory.mkdir(parents=True, exist_ok=True)
    vocab = build_tokenizer(
        directory, chat_template=chat_template, texts=texts, vocab_size=vocab_size
    )
    tokenizer = AutoTokenizer.from_pretrained(directory, local_files_only=True)
    config = LlamaConfig(
        vocab_size=vocab,
        hidden_size=hidden_size,
        intermediate_size=2 * hidden_size,
        num_hidden_layers=layers,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=4096,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        tie_word_embeddings=False,
    )
    torch.manual_seed(seed)
    model = LlamaForCausalLM(config).eval()  # type: ignore[no-untyped-call]
    model.save_pretrained(directory)
    (directory / DONE_FILE).write_text(json.dumps({"vocab": vocab, "seed": seed}), encoding="utf-8")
    return directory
