"""`gpiot params`: PECT trainable parameters for a model config, in total and per role.

The base model and the adapters are built on torch's "meta" device (shapes only, no memory, no
weights), so a 13B config is counted in a second. Default config: Llama-2-13B's shape. A role's
count is what that SLM uses at inference: its own LoRAs on W_q/W_k/W_v, the shared W_k/W_v
LoRAs and its projection. Usage:

    gpiot params [--config CONFIG.json | --config '{"hidden_size": ...}' | --config NAME]
                 [--rank 64] [--proj-rank 64] [--json] [--memory [--batch 2 --seq 1024]]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gpiot_models.pect.config import TUNED_ROLES, CheckpointError, PECTConfig

LLAMA2_13B = {
    "model_type": "llama",
    "hidden_size": 5120,
    "num_hidden_layers": 40,
    "num_attention_heads": 40,
    "num_key_value_heads": 40,
    "intermediate_size": 13824,
    "vocab_size": 32000,
    "tie_word_embeddings": False,
}
# public config values of the models the docs plan for (`--config NAME`)
SHAPES: dict[str, dict[str, Any]] = {
    "llama-2-13b": LLAMA2_13B,
    "qwen2.5-coder-1.5b": {
        "model_type": "qwen2",
        "hidden_size": 1536,
        "num_hidden_layers": 28,
        "num_attention_heads": 12,
        "num_key_value_heads": 2,
        "intermediate_size": 8960,
        "vocab_size": 151936,
        "tie_word_embeddings": True,
    },
    "qwen2.5-coder-7b": {
        "model_type": "qwen2",
        "hidden_size": 3584,
        "num_hidden_layers": 28,
        "num_attention_heads": 28,
        "num_key_value_heads": 4,
        "intermediate_size": 18944,
        "vocab_size": 152064,
        "tie_word_embeddings": False,
    },
    "llama-3.2-1b": {
        "model_type": "llama",
        "hidden_size": 2048,
        "num_hidden_layers": 16,
        "num_attention_heads": 32,
        "num_key_value_heads": 8,
        "intermediate_size": 8192,
        "vocab_size": 128256,
        "tie_word_embeddings": True,
    },
}
ROLE_BUDGET, TOTAL_BUDGET = 0.015, 0.025  # shares of the base: the targets this design meets


@dataclass(frozen=True)
class Counts:
    base: int
    total: int
    per_role: dict[str, int]
    by_part: dict[str, int]  # owner/part -> count, e.g. "td.lora", "shared.lora", "td.proj"
    lora_ablation_per_role: int


def count(model_config: dict[str, Any], pect: PECTConfig) -> Counts:
    """Count base and PECT parameters for an HF config dict (built on the meta device)."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    from gpiot_models.pect.modules import PECTAdapters, owner

    settings = dict(model_config)
    hf_config = AutoConfig.for_model(settings.pop("model_type", "llama"), **settings)
    with torch.device("meta"):
        model = AutoModelForCausalLM.from_config(hf_config)  # type: ignore[no-untyped-call]
        adapters = PECTAdapters.for_model(model, pect)
    base = sum(p.numel() for p in model.parameters())
    by_part: dict[str, int] = {}
    for name, parameter in adapters.named_parameters():
        part = f"{owner(name)}.{'proj' if '.proj.' in name else 'lora'}"
        by_part[part] = by_part.get(part, 0) + parameter.numel()
    per_role = {
        role: sum(p.numel() for _, p in adapters.role_parameters(role)) for role in TUNED_ROLES
    }
    # the w/o-PECT ablation: one plain LoRA per role on q, k and v
    ablation = sum(
        parameter.numel()
        for block in adapters.block_list()
        for loras in (block.q, block.k, block.v)
        for parameter in loras["td"].parameters()
    )
    return Counts(
        base=base,
        total=sum(p.numel() for p in adapters.parameters()),
        per_role=per_role,
        by_part=dict(sorted(by_part.items())),
        lora_ablation_per_role=ablation,
    )


def _read_config(value: str | None) -> dict[str, Any]:
    if value is None:
        return dict(LLAMA2_13B)
    if value.lower() in SHAPES:
        return dict(SHAPES[value.lower()])
    text = value if value.lstrip().startswith("{") else Path(value).read_text(encoding="utf-8")
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("the config must be a JSON object")
    return data


def report(counts: Counts, pect: PECTConfig) -> str:
    def share(n: int) -> str:
        return f"{n:>14,d}  {100 * n / counts.base:6.3f} %"

    lines = [
        f"PECT parameters (rank {pect.rank}, projection width {pect.proj_rank}) "
        f"against a base of {counts.base:,d}",
        "",
    ]
    lines += [f"  {part:<22}{share(n)}" for part, n in counts.by_part.items()]
    lines += ["", f"  {'total (all roles)':<22}{share(counts.total)}"]
    lines += [f"  {'per role ' + role:<22}{share(n)}" for role, n in counts.per_role.items()]
    lines += [
        f"  {'per role rt':<22}{share(0)}",
        f"  {'lora ablation, a role':<22}{share(counts.lora_ablation_per_role)}",
        "",
    ]
    role_ok = max(counts.per_role.values()) <= ROLE_BUDGET * counts.base
    total_ok = counts.total <= TOTAL_BUDGET * counts.base
    lines.append(
        f"budget: per role <= {100 * ROLE_BUDGET:.1f} %: "
        f"{'ok' if role_ok else 'EXCEEDED'}; total <= {100 * TOTAL_BUDGET:.1f} %: "
        f"{'ok' if total_ok else 'EXCEEDED'}"
    )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="gpiot params", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--config",
        help="HF config.json file, inline JSON object, or one of "
        f"{', '.join(SHAPES)} (default: llama-2-13b)",
    )
    parser.add_argument("--rank", type=int, default=64, help="LoRA rank")
    parser.add_argument("--proj-rank", type=int, default=64, help="SwiGLU projection width")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    parser.add_argument(
        "--memory", action="store_true", help="also estimate a co-tuning step's memory per mode"
    )
    parser.add_argument("--batch", type=int, default=2, help="--memory: rows per batch")
    parser.add_argument("--seq", type=int, default=1024, help="--memory: tokens per row")
    parser.add_argument("--answer", type=int, default=512, help="--memory: answer tokens per row")
    args = parser.parse_args(argv)
    try:
        model_config = _read_config(args.config)
        pect = PECTConfig(rank=args.rank, proj_rank=args.proj_rank)
        counts = count(model_config, pect)
    except (OSError, ValueError, TypeError, KeyError, CheckpointError) as exc:
        print(f"gpiot params: --config: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(
            json.dumps(
                {
                    "base": counts.base,
                    "total": counts.total,
                    "per_role": counts.per_role,
                    "by_part": counts.by_part,
                    "lora_ablation_per_role": counts.lora_ablation_per_role,
                },
                indent=2,
            )
        )
    else:
        print(report(counts, pect))
    if args.memory:
        from gpiot_models.pect.memory import shape_of, table

        shape = shape_of(model_config, counts.base, counts.total)
        print("\n" + "\n".join(table(shape, args.batch, args.seq, args.answer)))
    return 0
