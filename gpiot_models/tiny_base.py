"""Tiny random-weight Llama bases, a tiny TD/CG training set and a tiny trained checkpoint.

Everything here is built locally (no model hub): a byte-level BPE tokenizer trained with
`tokenizers` on the given text (the training data for `gpiot train --base tiny`, a fixed
pseudo-code corpus for the test models of tests/tiny_llm.py), a Llama with random weights saved
like a real checkpoint, and `build_tiny_checkpoint`, which trains PECT (or the LoRA ablation) on
`write_tiny_dataset` for a few steps so tests of the runtime have a real checkpoint in seconds.
Directories that already hold a finished build are reused.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

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


def build_tokenizer(directory: Path, *, vocab_size: int = 1000, chat_template: bool = True,
                    texts: Iterable[str] | None = None) -> int:
    """Train a byte-level BPE tokenizer on `texts` (default: `corpus()`); save; return its size."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    raw = Tokenizer(models.BPE())
    raw.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    raw.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=[PAD, BOS, EOS],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  show_progress=False)
    raw.train_from_iterator(corpus() if texts is None else texts, trainer=trainer)
    tokenizer = PreTrainedTokenizerFast(  # type: ignore[no-untyped-call]
        tokenizer_object=raw, bos_token=BOS, eos_token=EOS, pad_token=PAD)
    if chat_template:
        tokenizer.chat_template = CHAT_TEMPLATE
    tokenizer.save_pretrained(directory)
    return len(tokenizer)


def build_tiny_llm(directory: Path, *, hidden_size: int = 64, layers: int = 2,
                   chat_template: bool = True, seed: int = 0,
                   texts: Iterable[str] | None = None, vocab_size: int = 1000) -> Path:
    """Write a random-weight Llama + tokenizer to `directory` (reused when already built).

    The tokenizer is trained on `texts` (default: the fixed pseudo-code corpus).
    """
    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    directory = Path(directory)
    if (directory / DONE_FILE).exists():
        return directory
    directory.mkdir(parents=True, exist_ok=True)
    vocab = build_tokenizer(directory, chat_template=chat_template, texts=texts,
                            vocab_size=vocab_size)
    tokenizer = AutoTokenizer.from_pretrained(directory, local_files_only=True)
    config = LlamaConfig(
        vocab_size=vocab, hidden_size=hidden_size, intermediate_size=2 * hidden_size,
        num_hidden_layers=layers, num_attention_heads=4, num_key_value_heads=2,
        max_position_embeddings=4096, bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id,
        tie_word_embeddings=False)
    torch.manual_seed(seed)
    model = LlamaForCausalLM(config).eval()  # type: ignore[no-untyped-call]
    model.save_pretrained(directory)
    (directory / DONE_FILE).write_text(json.dumps({"vocab": vocab, "seed": seed}),
                                       encoding="utf-8")
    return directory


# -- a tiny TD / CG training set in the layout `gpiot data build` writes -----------------------

TD_SYSTEM = ("You are an IoT application developer. Break the problem statement into sub-tasks "
             "with implementation steps, one blank line between sub-tasks.")
CG_SYSTEM = "You are an IoT programmer. Write one documented Python function for the specification."
_SENSORS = ("ECG", "PPG", "IMU", "WiFi CSI", "radar", "audio")
_GOALS = ("detect heartbeats", "recognise activities", "remove baseline drift",
          "estimate breathing rate", "count steps", "flag anomalies")
_PLATFORMS = ("a laptop", "a Raspberry Pi", "a Jetson Nano board")
_STEPS = (("Load the data", "read the recordings into numpy arrays"),
          ("Filter the signal", "apply a band-pass filter with scipy.signal"),
          ("Extract features", "compute windowed mean, std and peak counts"),
          ("Run the model", "train a small classifier and predict labels"))


def tiny_records(size: int = 24) -> dict[str, list[dict[str, Any]]]:
    """Deterministic TD and CG examples (messages + metadata), `size` of each."""
    tdd: list[dict[str, Any]] = []
    cgd: list[dict[str, Any]] = []
    for i in range(size):
        sensor, goal = _SENSORS[i % len(_SENSORS)], _GOALS[(i // 2) % len(_GOALS)]
        platform = _PLATFORMS[i % len(_PLATFORMS)]
        steps = [_STEPS[(i + j) % len(_STEPS)] for j in range(2 + i % 3)]
        plan = "\n\n".join(f"- Sub-Task {k} [{name}]\n  - {how} for the {sensor} data"
                           for k, (name, how) in enumerate(steps, 1))
        tdd.append({"id": f"tdd-{i:04d}", "task_type": "decomposition",
                    "domain": sensor.lower(), "operator": "original", "messages": [
                        {"role": "system", "content": TD_SYSTEM},
                        {"role": "user", "content": f"Use {sensor} data to {goal} on {platform}."},
                        {"role": "assistant", "content": plan}]})
        name = goal.split(" ")[0] + "_" + sensor.lower().replace(" ", "_")
        spec = (f"**Target**\nWrite a function that can {goal} from {sensor} samples.\n\n"
                "**Input Specification**\n- `signal` (np.ndarray): the samples.\n"
                "- `fs` (float): sampling rate in Hz.\n\n"
                "**Output Specification**\n- `result` (np.ndarray): one value per window.")
        body = (f"def {name}(signal, fs):\n    \"\"\"{goal.capitalize()} from {sensor}.\"\"\"\n"
                f"    window = int(fs * {1 + i % 4})\n"
                "    return signal[: len(signal) // window * window].reshape(-1, window)"
                f".{('mean', 'std', 'max')[i % 3]}(axis=1)\n")
        cgd.append({"id": f"cgd-{i:04d}", "task_type": "codegen", "domain": sensor.lower(),
                    "operator": "original", "messages": [
                        {"role": "system", "content": CG_SYSTEM},
                        {"role": "user", "content": spec},
                        {"role": "assistant", "content": f"```python\n{body}```"}]})
    return {"tdd": tdd, "cgd": cgd}


def write_tiny_dataset(directory: Path, *, size: int = 24) -> Path:
    """Save `tiny_records` as DIR/tdd and DIR/cgd (`datasets` save_to_disk); reuse if present."""
    import importlib

    dataset: Any = importlib.import_module("datasets").Dataset
    directory = Path(directory)
    for name, rows in tiny_records(size).items():
        if not (directory / name / "dataset_info.json").exists():
            dataset.from_list(rows).save_to_disk(str(directory / name))
    return directory


def build_tiny_checkpoint(directory: Path, *, method: str = "pect", steps: int = 6,
                          seed: int = 0, extra: Sequence[str] = ()) -> Path:
    """Train a tiny PECT (or "lora") checkpoint for a few steps in `directory`/model; return it.

    Takes a few seconds on one CPU core; reused when already built. `extra` adds `gpiot train`
    options.
    """
    from gpiot_models.pect.config import CONFIG_FILE
    from gpiot_models.train import main as train

    directory = Path(directory)
    out = directory / "model"
    if (out / CONFIG_FILE).exists():
        return out
    data = write_tiny_dataset(directory / "data")
    code = train(["--base", "tiny", "--data", str(data), "--out", str(out), "--method", method,
                  "--steps", str(steps), "--rank", "4", "--proj-rank", "4", "--lr", "5e-3",
                  "--batch-size", "2", "--grad-accum", "1", "--max-len", "160",
                  "--tiny-hidden", "64", "--tiny-layers", "2", "--tiny-vocab", "600",
                  "--seed", str(seed), "--no-progress", *extra])
    if code != 0:
        raise RuntimeError(f"gpiot train failed with exit code {code} while building {out}")
    return out
