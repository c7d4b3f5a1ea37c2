"""Save and load PECT adapter weights (safetensors) next to the checkpoint's JSON config."""

from __future__ import annotations

from pathlib import Path

from torch import nn

from gpiot_models.pect.config import CheckpointError, PECTConfig
from gpiot_models.pect.modules import PECTAdapters

ADAPTERS_FILE = "adapters.safetensors"
LORA_DIR = "lora"  # the plain-LoRA ablation: peft adapters in lora/td and lora/cg


def save_adapters(adapters: PECTAdapters, directory: Path) -> Path:
    from safetensors.torch import save_file

    tensors = {
        name: tensor.detach().contiguous().cpu() for name, tensor in adapters.state_dict().items()
    }
    target = directory / ADAPTERS_FILE
    save_file(tensors, str(target), metadata={"format": "gpiot-pect"})
    return target


def load_adapters(model: nn.Module, config: PECTConfig, directory: Path) -> PECTAdapters:
    """Build adapters shaped for `model`, fill them from `directory`, attach them to `model`."""
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    source = directory / ADAPTERS_FILE
    if not source.is_file():
        raise CheckpointError(f"gpiot: {str(directory)!r} has no {ADAPTERS_FILE}")
    adapters = PECTAdapters.for_model(model, config)
    try:
        tensors = load_file(str(source))
    except (OSError, SafetensorError) as exc:
        raise CheckpointError(f"gpiot: cannot read {source}: {exc}") from None
    try:
        adapters.load_state_dict(tensors, strict=True)
    except RuntimeError as exc:
        first = str(exc).strip().splitlines()[0]
        raise CheckpointError(f"gpiot: {source} does not fit the base model: {first}") from None
    return adapters.attach(model)
