"""Serve the three GPIoT roles from one frozen base model loaded once.

``GPIoTModel.load(checkpoint_dir)`` reads the directory `gpiot train` wrote (its
``gpiot_config.json`` names the base model and the method), loads the base through the project's
``hf`` adapter (same prompt rendering, per-sample seeds, stop strings and batching as
``--model hf:BASE``), and attaches the tuned parameters:

- method "pect": the PECT adapters, routed per role — "td" runs the TD path (TD LoRAs, λ of the
  shared key/value adapters, the TD projection), "cg" the CG path, "rt" the base with every
  adapter and projection off;
- method "lora" (the w/o-PECT ablation): two real peft adapters on the one base, switched per
  role, disabled for "rt".

Tests that need a checkpoint quickly: ``gpiot_models.testing.build_tiny_checkpoint(dir)``
trains a tiny random-weight model for a few steps (a few seconds on one CPU core) and returns the
checkpoint directory; ``method="lora"`` gives the ablation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol

from baselines.hf import HFAdapter, HFSettings
from gpiot_models.pect.checkpoint import LORA_DIR, load_adapters
from gpiot_models.pect.config import TUNED_ROLES, CheckpointConfig, CheckpointError
from gpiot_models.pect.engine import LoadedEngine
from gpiot_models.pect.loading import BaseLoading, load_base
from gpiot_models.pect.loading import check as check_loading
from gpiot_models.pect.modules import PECTAdapters
from harness.adapter_options import plain_prompt
from harness.adapters import GenerationRequest, Message

ROLES = ("td", "rt", "cg")  # task decomposition, requirement transformation (untuned), codegen


class _Backend(Protocol):
    """What a training method leaves at inference: the model to call and a per-role switch."""

    model: Any

    def route(self, role: str) -> AbstractContextManager[None]: ...


class _PECTBackend:
    def __init__(self, base: Any, checkpoint: Path, config: CheckpointConfig) -> None:
        self.adapters: PECTAdapters = load_adapters(base, config.pect, checkpoint).eval()
        self.model = base

    def route(self, role: str) -> AbstractContextManager[None]:
        return self.adapters.route("off" if role == "rt" else role)


class _LoraBackend:
    def __init__(self, base: Any, checkpoint: Path, config: CheckpointConfig) -> None:
        from peft import PeftModel

        folders = {role: checkpoint / LORA_DIR / role for role in TUNED_ROLES}
        for role, folder in folders.items():
            if not (folder / "adapter_config.json").is_file():
                raise CheckpointError(
                    f"gpiot: lora checkpoint {str(checkpoint)!r} has no peft "
                    f"adapter for role {role!r} in {LORA_DIR}/{role}"
                )
        model = PeftModel.from_pretrained(base, str(folders["td"]), adapter_name="td")
        model.load_adapter(str(folders["cg"]), adapter_name="cg")
        self.model = model.eval()

    @contextmanager
    def route(self, role: str) -> Iterator[None]:
        if role == "rt":
            with self.model.disable_adapter():
                yield
            return
        self.model.set_adapter(role)
        yield


BACKENDS: dict[str, Callable[[Any, Path, CheckpointConfig], _Backend]] = {
    "pect": _PECTBackend,
    "lora": _LoraBackend,
}


class GPIoTModel:
    """One base model in memory, three roles; `generate` answers for one role at a time."""

    tokenizer: Any

    def __init__(
        self, engine: HFAdapter, backend: _Backend, config: CheckpointConfig, checkpoint_dir: Path
    ) -> None:
        self.engine = engine
        self.backend = backend
        self.config = config
        self.checkpoint_dir = checkpoint_dir
        self.tokenizer = engine.tokenizer
        engine.model = backend.model

    @classmethod
    def load(
        cls,
        checkpoint_dir: str | Path,
        device: str | None = None,
        loading: BaseLoading | None = None,
    ) -> GPIoTModel:
        """Load the base named by the checkpoint once and attach the tuned parameters.

        `loading` chooses the base's dtype, quantisation and device map (default: fp32 on the
        CPU, bf16 on CUDA); `device` is a shorthand for ``BaseLoading(device=...)``.
        """
        directory = Path(checkpoint_dir).expanduser()
        if not directory.is_dir():
            raise CheckpointError(f"gpiot: checkpoint directory {str(directory)!r} does not exist")
        config = CheckpointConfig.load(directory)
        if config.method not in BACKENDS:
            raise CheckpointError(
                f"gpiot: {directory}/gpiot_config.json: field 'method' is "
                f"{config.method!r}; expected one of {sorted(BACKENDS)}"
            )
        base = config.base_path(directory)
        if not (base / "config.json").is_file():
            raise CheckpointError(
                f"gpiot: {directory}/gpiot_config.json: field 'base_model' "
                f"points at {str(base)!r}, which is not a model directory"
            )
        if device not in (None, "cpu", "cuda"):
            raise CheckpointError(f"gpiot: device must be 'cpu' or 'cuda', got {device!r}")
        import torch
        from transformers import AutoTokenizer

        chosen = loading or BaseLoading(device=device)
        resolved = check_loading(chosen, torch.cuda.is_available())
        tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
        model = load_base(base, resolved).eval()
        engine = LoadedEngine(HFSettings(path=base, device=resolved.device), model, tokenizer)
        backend = BACKENDS[config.method](engine.model, directory, config)
        return cls(engine, backend, config, directory)

    @property
    def model(self) -> Any:
        """The HF model that generates (for the lora method, the peft wrapper)."""
        return self.engine.model

    @contextmanager
    def role(self, role: str) -> Iterator[Any]:
        """Route every forward pass inside the block through `role`; yields the model."""
        if role not in ROLES:
            raise ValueError(f"gpiot: unknown role {role!r} (expected one of {ROLES})")
        with self.backend.route(role):
            yield self.engine.model

    def generate(
        self,
        role: str,
        messages: Sequence[Message],
        *,
        n: int = 1,
        temperature: float = 0.8,
        top_p: float = 0.95,
        max_new_tokens: int = 512,
        seed: int = 0,
        stop: Sequence[str] = (),
    ) -> list[str]:
        """`n` completions of the chat `messages` by `role` ("td", "rt" or "cg").

        Chat template when the tokenizer has one, else the plain format of the hf adapter
        (contents separated by blank lines). temperature 0 = greedy. Each sample has its own
        generator seeded from (seed, role, sample index), so a call is reproducible.
        """
        turns = tuple(Message(m.role, m.content) for m in messages)
        request = GenerationRequest(
            item_id=f"gpiot-{role}",
            messages=turns,
            prompt=plain_prompt_of(turns),
            n=n,
            temperature=temperature,
            top_p=top_p,
            max_new_tokens=max_new_tokens,
            stop=tuple(stop),
            seed=seed,
        )
        with self.role(role):
            return self.engine.generate([request])[0]


def plain_prompt_of(messages: Sequence[Message]) -> str:
    """The plain (no chat template) prompt text for `messages`, as the hf adapter builds it."""
    return plain_prompt(GenerationRequest(item_id="", messages=tuple(messages), prompt=""))
