"""Memory a PECT co-tuning step needs, estimated from the config (``gpiot params --memory``).

The estimate adds four parts (bytes, excluding the framework's own overhead such as a CUDA
context):

- **base weights**: every base parameter at the base's width (fp32 4 bytes, bf16/fp16 2); with
  8-bit or 4-bit loading the decoder's linear layers take 1 or 0.53 bytes (nf4 plus its
  double-quantised scales) while embeddings and the LM head stay at 2 bytes;
- **adapters**: PECT parameters are fp32, with a gradient and AdamW's two moments: 16 bytes each;
- **activations**: a step runs two streams, so 2 × batch × seq rows of tokens. Without
  checkpointing each decoder layer keeps, per token, about 7·H + 2·H_kv + 4·I values at the
  base's compute width (the inputs and outputs of norms, q/k/v/o and the SwiGLU FFN) plus
  4·H fp32 values (the adapters' inputs cast to fp32: q/k/v and the projection); with
  checkpointing it keeps only the layer input (H values) and one layer's full set at a time;
- **logits**: only the answer positions reach the LM head: answer tokens × vocabulary at the
  compute width, in fp32 for the loss and for its gradient.

H is the hidden size, H_kv the key/value width, I the FFN width; the compute width is 2 bytes
except for an fp32 base. The figures are an estimate to plan a GPU, checked against a measured
CPU run in ``benchmarks/pect.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MODES = ("fp32", "bf16", "8bit", "4bit")
WEIGHT_BYTES = {"fp32": 4.0, "bf16": 2.0, "8bit": 1.0, "4bit": 0.53}
GIB = 1024.0**3


@dataclass(frozen=True)
class Shape:
    """What the estimate needs from a config and the adapter count."""

    hidden: int
    kv: int
    ffn: int
    layers: int
    vocab: int
    base: int  # all base parameters
    embeddings: int  # input embeddings + LM head (not quantised)
    adapters: int  # all PECT parameters


@dataclass(frozen=True)
class Estimate:
    weights: float
    adapters: float
    activations: float
    logits: float

    @property
    def total(self) -> float:
        return self.weights + self.adapters + self.activations + self.logits


def shape_of(config: dict[str, Any], base: int, adapters: int) -> Shape:
    hidden = int(config["hidden_size"])
    heads = int(config["num_attention_heads"])
    kv_heads = int(config.get("num_key_value_heads") or heads)
    vocab = int(config["vocab_size"])
    tied = bool(config.get("tie_word_embeddings", False))
    return Shape(
        hidden=hidden,
        kv=hidden * kv_heads // heads,
        ffn=int(config["intermediate_size"]),
        layers=int(config["num_hidden_layers"]),
        vocab=vocab,
        base=base,
        embeddings=vocab * hidden * (1 if tied else 2),
        adapters=adapters,
    )


def estimate(
    shape: Shape, mode: str, checkpointing: bool, batch: int, seq: int, answer: int
) -> Estimate:
    """Bytes of one co-tuning step (see the module docstring); `answer` tokens per row."""
    compute = 4.0 if mode == "fp32" else 2.0
    if mode in ("8bit", "4bit"):
        weights = (shape.base - shape.embeddings) * WEIGHT_BYTES[mode] + shape.embeddings * 2.0
    else:
        weights = shape.base * WEIGHT_BYTES[mode]
    tokens = 2 * batch * seq  # the TD and the CG stream
    per_layer = (7 * shape.hidden + 2 * shape.kv + 4 * shape.ffn) * compute + 4 * shape.hidden * 4
    if checkpointing:
        activations = tokens * (shape.layers * shape.hidden * compute + per_layer)
    else:
        activations = tokens * shape.layers * per_layer
    logits = batch * answer * shape.vocab * (compute + 4.0 + 4.0)
    return Estimate(weights, 16.0 * shape.adapters, activations, logits)


def table(shape: Shape, batch: int, seq: int, answer: int) -> list[str]:
    """One line per mode and checkpointing choice, in GiB."""
    lines = [
        f"memory of one co-tuning step (batch {batch} x {seq} tokens, {answer} answer tokens "
        "per row; GiB, without framework overhead)",
        f"  {'base':<6}{'checkpointing':<15}{'weights':>9}{'adapters':>10}"
        f"{'activations':>13}{'logits':>8}{'total':>8}",
    ]
    for mode in MODES:
        for checkpointing in (False, True):
            e = estimate(shape, mode, checkpointing, batch, seq, answer)
            lines.append(
                f"  {mode:<6}{'on' if checkpointing else 'off':<15}{e.weights / GIB:>9.2f}"
                f"{e.adapters / GIB:>10.2f}{e.activations / GIB:>13.2f}"
                f"{e.logits / GIB:>8.2f}{e.total / GIB:>8.2f}"
            )
    return lines
