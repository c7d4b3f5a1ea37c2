"""`gpiot export CHECKPOINT OUT`: each tuned role in a form that standard tools load.

    gpiot export CHECKPOINT OUT [--dtype bf16|fp16|fp32] [--force]

- A ``lora`` checkpoint (the w/o-PECT ablation): every role is a plain LoRA, so OUT/td and
  OUT/cg are peft adapter folders for the base (``PeftModel.from_pretrained``, vLLM's
  ``--lora-modules``, TGI adapters).
- A ``pect`` checkpoint: a role is its LoRAs on W_q/W_k/W_v (the shared k/v LoRA folded in with
  its weight λ or 1 − λ) plus its SwiGLU projection beside the FFN. The LoRAs merge into the
  attention weights; the projection merges exactly into a wider FFN, because
  F(x) + γ·P(x) = [W_down, γ·P_down]·(silu([W_gate; P_gate]·x) ⊙ [W_up; P_up]·x). OUT/td and
  OUT/cg are therefore complete Hugging Face checkpoints of the base's own architecture with
  ``intermediate_size`` grown by the projection width, which any loader of that architecture
  (transformers, vLLM, TGI, llama.cpp's converter) reads without custom code.

OUT/rt is never written: RTSLM is the untouched base, named in OUT/export.json together with the
roles, their form and the knowledge store RTSLM retrieves from. docs/gpiot.md says what of PECT
survives the merge.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from gpiot_models.pect.config import TUNED_ROLES, CheckpointConfig, CheckpointError
from gpiot_models.pect.loading import DTYPES

MANIFEST = "export.json"


def _dtype_of(base: Path, chosen: str | None) -> str:
    """The export dtype: the option, else the base's own (its config's torch_dtype), else fp32."""
    if chosen:
        return chosen
    try:
        config = json.loads((base / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "fp32"
    stored = config.get("dtype") or config.get("torch_dtype")
    return {name: key for key, name in DTYPES.items()}.get(str(stored), "fp32")


def merge_role(model: Any, adapters: Any, role: str) -> None:
    """Fold `role`'s PECT parameters into `model` in place (see the module docstring)."""
    import torch
    from torch import nn

    from gpiot_models.pect.modules import decoder_blocks

    config = adapters.config
    share = config.lam if role == "td" else 1.0 - config.lam
    gamma = config.gamma if role == "td" else 1.0 - config.gamma
    if getattr(model.config, "hidden_act", "silu") != "silu":
        raise CheckpointError(
            f"gpiot export: the base's FFN uses {model.config.hidden_act!r}, not silu; "
            "the SwiGLU projection cannot be merged into it"
        )
    with torch.no_grad():
        for block, parts in zip(decoder_blocks(model), adapters.block_list(), strict=True):
            attention: Any = block.self_attn
            for name in ("q", "k", "v"):
                linear = getattr(attention, f"{name}_proj")
                loras = getattr(parts, name)
                delta = loras[role].B.float() @ loras[role].A.float()
                if "shared" in loras:
                    delta = delta + share * (loras["shared"].B.float() @ loras["shared"].A.float())
                merged = linear.weight.float() + config.scale * delta.to(linear.weight.device)
                linear.weight.copy_(merged.to(linear.weight.dtype))
            mlp: Any = block.mlp
            projection = parts.proj[role]
            for name, extra in (("gate_proj", projection.gate), ("up_proj", projection.up)):
                old = getattr(mlp, name)
                grown = nn.Linear(
                    old.in_features,
                    old.out_features + extra.out_features,
                    bias=old.bias is not None,
                    device=old.weight.device,
                    dtype=old.weight.dtype,
                )
                grown.weight.copy_(torch.cat([old.weight, extra.weight.to(old.weight)]))
                if old.bias is not None:
                    grown.bias.copy_(torch.cat([old.bias, old.bias.new_zeros(extra.out_features)]))
                setattr(mlp, name, grown)
            old = mlp.down_proj
            down = nn.Linear(
                old.in_features + projection.down.in_features,
                old.out_features,
                bias=old.bias is not None,
                device=old.weight.device,
                dtype=old.weight.dtype,
            )
            scaled = (gamma * projection.down.weight.float()).to(old.weight)
            down.weight.copy_(torch.cat([old.weight, scaled], dim=1))
            if old.bias is not None:
                down.bias.copy_(old.bias)
            mlp.down_proj = down
            if hasattr(mlp, "intermediate_size"):
                mlp.intermediate_size = down.in_features
    model.config.intermediate_size = int(model.config.intermediate_size) + config.proj_rank


def _merged(checkpoint: Path, config: CheckpointConfig, base: Path, dtype: str, out: Path) -> None:
    """OUT/td and OUT/cg as merged checkpoints of a PECT run."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from gpiot_models.pect.checkpoint import load_adapters

    tokenizer = AutoTokenizer.from_pretrained(checkpoint, local_files_only=True)
    for role in TUNED_ROLES:
        model: Any = AutoModelForCausalLM.from_pretrained(
            base, local_files_only=True, dtype=getattr(torch, DTYPES[dtype])
        )
        adapters = load_adapters(model, config.pect, checkpoint)
        adapters.detach()  # the hooks would add the terms a second time
        merge_role(model, adapters, role)
        model.save_pretrained(out / role)
        tokenizer.save_pretrained(out / role)


def _peft_folders(checkpoint: Path, base: Path, out: Path) -> None:
    """OUT/td and OUT/cg as peft adapter folders of a LoRA run, pointing at the base."""
    from gpiot_models.pect.checkpoint import LORA_DIR

    for role in TUNED_ROLES:
        shutil.copytree(checkpoint / LORA_DIR / role, out / role)
        settings_file = out / role / "adapter_config.json"
        settings = json.loads(settings_file.read_text(encoding="utf-8"))
        settings["base_model_name_or_path"] = str(base)
        settings_file.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")


def export(checkpoint: Path, out: Path, dtype: str | None = None, force: bool = False) -> Path:
    """Write the export of `checkpoint` to `out` (see the module docstring); return OUT."""
    config = CheckpointConfig.load(checkpoint)
    base = config.base_path(checkpoint)
    if out.exists() and any(out.iterdir()) and not force:
        raise CheckpointError(f"gpiot export: {out} is not empty; pass --force to replace it")
    if dtype is not None and dtype not in DTYPES:
        raise CheckpointError(f"gpiot export: --dtype must be one of {', '.join(DTYPES)}")
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    chosen = _dtype_of(base, dtype)
    if config.method == "lora":
        _peft_folders(checkpoint, base.resolve(), out)
        form = "peft_adapter"
    else:
        _merged(checkpoint, config, base, chosen, out)
        form = "merged_checkpoint"
    knowledge = config.knowledge or "builtin"
    if knowledge not in ("builtin", "none"):
        knowledge = str((checkpoint / knowledge).resolve())
    manifest = {
        "format": "gpiot-export",
        "method": config.method,
        "checkpoint": str(checkpoint.resolve()),
        "base_model": os.path.relpath(base.resolve(), out.resolve()),
        "dtype": chosen if form == "merged_checkpoint" else None,
        "roles": {
            "td": {"form": form, "path": "td"},
            "cg": {"form": form, "path": "cg"},
            "rt": {"form": "base_model", "path": os.path.relpath(base.resolve(), out.resolve())},
        },
        "knowledge": knowledge,
        "pect": {"rank": config.pect.rank, "proj_rank": config.pect.proj_rank},
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="gpiot export", description=__doc__.splitlines()[0])
    parser.add_argument("checkpoint", type=Path, help="a directory written by gpiot train")
    parser.add_argument("out", type=Path, help="where to write the roles")
    parser.add_argument(
        "--dtype", choices=tuple(DTYPES), help="merged weights (default: the base's dtype)"
    )
    parser.add_argument("--force", action="store_true", help="replace a non-empty OUT")
    args = parser.parse_args(argv)
    try:
        out = export(args.checkpoint.expanduser(), args.out.expanduser(), args.dtype, args.force)
    except CheckpointError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    for role, entry in manifest["roles"].items():
        print(f"gpiot export: {role}: {entry['form']} in {out / entry['path']}")
    return 0
