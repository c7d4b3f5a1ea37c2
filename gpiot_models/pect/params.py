"""`gpiot params`: PECT trainable parameters for a model config, in total and per role.

The base model and the adapters are built on torch's "meta" device (shapes only, no memory, no
weights), so a 13B config is counted in a second. Default config: Llama-2-13B's shape. A role's
count is what that SLM uses at inference: its own LoRAs on W_q/W_k/W_v, the shared W_k/W_v
LoRAs and its projection. Usage:

    gpiot params [--config CONFIG.json | --config '{"hidden_size": ...}'] [--rank 64]
                 [--proj-rank 64] [--json]
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
        "--config", help="HF config.json file or inline JSON object (default: Llama-2-13B shape)"
    )
    parser.add_argument("--rank", type=int, default=64, help="LoRA rank")
    parser.add_argument("--proj-rank", type=int, default=64, help="SwiGLU projection width")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
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
    return 0
