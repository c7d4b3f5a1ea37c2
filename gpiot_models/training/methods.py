"""The two things `gpiot train` can tune on one frozen base: PECT, or two plain peft LoRAs.

A method owns its trainable parameters, computes the causal-LM loss of a batch that came from
one source ("td" or "cg"), and saves / loads its weights in the checkpoint layout that
`GPIoTModel.load` reads. Both compute the loss the same way (decoder hidden states, the LM head
on the rows that carry loss, cross-entropy on the answer tokens), so their step times compare.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import torch
import torch.nn.functional as functional
from torch import nn

from gpiot_models.pect.checkpoint import ADAPTERS_FILE, LORA_DIR, save_adapters
from gpiot_models.pect.config import TUNED_ROLES, CheckpointError, PECTConfig
from gpiot_models.pect.loading import input_device
from gpiot_models.pect.modules import PECTAdapters
from gpiot_models.training.data import IGNORE


class Method(Protocol):
    name: str

    def parameters(self) -> list[nn.Parameter]: ...

    def named_tensors(self) -> list[tuple[str, torch.Tensor]]: ...

    def loss(self, batch: dict[str, torch.Tensor], source: str) -> torch.Tensor: ...

    def save(self, directory: Path) -> None: ...

    def load(self, directory: Path) -> None: ...

    def train(self, mode: bool = True) -> None: ...


def answer_loss(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Mean next-token cross-entropy over the positions whose label is not IGNORE."""
    return functional.cross_entropy(
        logits[:, :-1].reshape(-1, logits.shape[-1]).float(),
        labels[:, 1:].reshape(-1),
        ignore_index=IGNORE,
    )


def head_loss(head: Any, hidden: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """`answer_loss` with the LM head applied only where a label follows (the answer tokens).

    The same value as ``answer_loss(head(hidden), labels)`` without the logits of the prompt
    positions, which on a large vocabulary are most of a step's memory. Works when a device map
    leaves `hidden` and `labels` on different devices.
    """
    targets = labels[:, 1:]
    keep = targets != IGNORE
    chosen = hidden[:, :-1][keep.to(hidden.device)]
    logits = head(chosen)
    return functional.cross_entropy(logits.float(), targets[keep].to(logits.device))


def to_device(batch: dict[str, torch.Tensor], device: Any) -> dict[str, torch.Tensor]:
    """The batch's tensors on `device` (where the model's input embeddings are)."""
    return {key: value.to(device) for key, value in batch.items()}


def prepare_base(model: Any, gradient_checkpointing: bool) -> None:
    """Freeze the base; with `gradient_checkpointing`, recompute each block's activations.

    transformers checkpoints only in training mode, so the base is then put in it (Llama and
    Qwen bases have no active dropout: their attention dropout is 0). Non-reentrant checkpointing
    lets gradients reach the adapters although every base weight is frozen.
    """
    model.requires_grad_(False)
    if not gradient_checkpointing:
        model.eval()
        return
    enable = getattr(model, "activation_checkpointing_enable", None)
    if enable is not None:
        enable({"use_reentrant": False})
    else:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    model.train()


def _decode(model: Any, input_ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    output = model.get_decoder()(input_ids=input_ids, attention_mask=mask, use_cache=False)
    hidden: torch.Tensor = output.last_hidden_state
    return hidden


class PECTMethod:
    """Both streams run as one doubled batch; the loss is taken on the sample's own stream."""

    name = "pect"

    def __init__(self, model: Any, config: PECTConfig, seed: int) -> None:
        torch.manual_seed(seed)
        self.model: Any = model
        self.adapters = PECTAdapters.for_model(model, config).attach(model)
        # the dual layout stays on (not a context around the forward pass): with activation
        # checkpointing, backward() runs each block's forward again and must route it the same way
        self.adapters.layout = "dual"

    def parameters(self) -> list[nn.Parameter]:
        return list(self.adapters.parameters())

    def named_tensors(self) -> list[tuple[str, torch.Tensor]]:
        return [(name, p.detach()) for name, p in self.adapters.named_parameters()]

    def loss(self, batch: dict[str, torch.Tensor], source: str) -> torch.Tensor:
        self.adapters.set_trainable(source)  # gradients reach this path + the shared parts only
        batch = to_device(batch, input_device(self.model))
        ids, mask = batch["input_ids"], batch["attention_mask"]
        hidden = _decode(self.model, torch.cat([ids, ids]), torch.cat([mask, mask]))
        rows = ids.shape[0]
        own = hidden[:rows] if source == "td" else hidden[rows:]
        return head_loss(self.model.get_output_embeddings(), own, batch["labels"])

    def save(self, directory: Path) -> None:
        save_adapters(self.adapters, directory)

    def load(self, directory: Path) -> None:
        from safetensors.torch import load_file

        self.adapters.load_state_dict(load_file(str(directory / ADAPTERS_FILE)), strict=True)

    def train(self, mode: bool = True) -> None:
        self.adapters.train(mode)


class LoraMethod:
    """The w/o-PECT ablation: a TD and a CG peft LoRA on q/k/v, each trained on its own data."""

    name = "lora"

    def __init__(self, model: Any, config: PECTConfig, seed: int) -> None:
        from peft import LoraConfig, get_peft_model

        options: dict[str, Any] = {
            "r": config.rank,
            "lora_alpha": config.alpha,
            "lora_dropout": config.dropout,
            "task_type": "CAUSAL_LM",
            "target_modules": ["q_proj", "k_proj", "v_proj"],
        }
        lora = LoraConfig(**options)
        torch.manual_seed(seed)
        with warnings.catch_warnings():  # peft calls a transformers property deprecated in v5
            warnings.filterwarnings("ignore", ".*is_gradient_checkpointing", FutureWarning)
            self.peft: Any = get_peft_model(model, lora, adapter_name="td")
        self.peft.add_adapter("cg", lora)
        self.model: Any = self.peft.get_base_model()

    def parameters(self) -> list[nn.Parameter]:
        return [p for _, p in self._named_lora()]

    def _named_lora(self) -> list[tuple[str, nn.Parameter]]:
        return [(name, p) for name, p in self.peft.named_parameters() if "lora_" in name]

    def named_tensors(self) -> list[tuple[str, torch.Tensor]]:
        return [(name, p.detach()) for name, p in self._named_lora()]

    def loss(self, batch: dict[str, torch.Tensor], source: str) -> torch.Tensor:
        self.peft.set_adapter(source)
        batch = to_device(batch, input_device(self.model))
        hidden = _decode(self.model, batch["input_ids"], batch["attention_mask"])
        return head_loss(self.model.get_output_embeddings(), hidden, batch["labels"])

    def save(self, directory: Path) -> None:
        self.peft.save_pretrained(str(directory / LORA_DIR))

    def load(self, directory: Path) -> None:
        from peft import set_peft_model_state_dict
        from safetensors.torch import load_file

        for role in TUNED_ROLES:
            weights = directory / LORA_DIR / role / "adapter_model.safetensors"
            if not weights.is_file():
                raise CheckpointError(f"gpiot train: {weights} is missing")
            set_peft_model_state_dict(self.peft, load_file(str(weights)), adapter_name=role)

    def train(self, mode: bool = True) -> None:
        for name, module in self.peft.named_modules():
            if "lora_dropout" in name:
                module.train(mode)


METHODS: dict[str, Callable[[Any, PECTConfig, int], Method]] = {
    "pect": PECTMethod,
    "lora": LoraMethod,
}
