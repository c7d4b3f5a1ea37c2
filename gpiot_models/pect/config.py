"""PECT hyper-parameters and the JSON file that describes a GPIoT checkpoint.

`PECTConfig` holds the shape of the adapters (LoRA rank and scale, projection width) and the two
mixing weights of the paper (λ for the shared key/value adapter, γ for the cross-stream
projections). `CheckpointConfig` is what `gpiot train` writes beside the weights: which method
produced it (PECT or the plain-LoRA ablation), where the frozen base model is, and the adapter
settings, so that `GPIoTModel.load` needs nothing but the checkpoint directory.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from harness.adapters import AdapterError

CONFIG_FILE = "gpiot_config.json"
FORMAT = "gpiot-checkpoint"
FORMAT_VERSION = 1

TUNED_ROLES = ("td", "cg")  # the two roles with their own adapters; "rt" is the untuned base


class CheckpointError(AdapterError):
    """A checkpoint directory or its config is missing or malformed (one line for the user)."""


@dataclass(frozen=True)
class PECTConfig:
    """Adapter shapes and mixing weights.

    rank / alpha: every LoRA adapter is B·A with A: rank × in, B: out × rank, scaled by
    alpha / rank. proj_rank: the inner width of each SwiGLU projection layer (a bottleneck, so the
    extra parameters stay near 1 % of the base). lam: λ of Eq. 9 (TD stream gets λ of the shared
    key/value adapter, CG gets 1 − λ). gamma: γ of Eq. 10 (TD stream gets γ·L(other), CG 1 − γ).
    """

    rank: int = 64
    alpha: float = 16.0
    dropout: float = 0.1
    proj_rank: int = 64
    lam: float = 0.5
    gamma: float = 0.5

    def __post_init__(self) -> None:
        if self.rank < 1 or self.proj_rank < 1:
            raise CheckpointError(
                f"pect config: rank ({self.rank}) and proj_rank "
                f"({self.proj_rank}) must be positive integers"
            )
        if not 0.0 <= self.dropout < 1.0:
            raise CheckpointError(f"pect config: dropout must be in [0, 1), got {self.dropout}")
        for name in ("lam", "gamma"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise CheckpointError(
                    f"pect config: {name} must be in [0, 1], got {getattr(self, name)}"
                )

    @property
    def scale(self) -> float:
        return self.alpha / self.rank

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "pect config") -> PECTConfig:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise CheckpointError(
                f"{source}: unknown key(s) {', '.join(unknown)} (expected "
                f"{', '.join(sorted(known))})"
            )
        try:
            return cls(**data)
        except TypeError as exc:
            raise CheckpointError(f"{source}: {exc}") from None


@dataclass(frozen=True)
class CheckpointConfig:
    """The checkpoint's own description, stored as `gpiot_config.json`.

    base_model is stored as given (absolute) or relative to the checkpoint directory; `base_path`
    resolves it. method is "pect" (adapters.safetensors) or "lora" (peft adapters in lora/td and
    lora/cg).
    """

    method: str
    base_model: str
    pect: PECTConfig = field(default_factory=PECTConfig)
    training: dict[str, Any] = field(default_factory=dict)
    # RTSLM's retrieval store: "builtin" (the shipped IoT notes), "none", or a directory
    # (relative to the checkpoint); None: not recorded (older checkpoints)
    knowledge: str | None = None

    def base_path(self, checkpoint_dir: Path) -> Path:
        path = Path(self.base_model).expanduser()
        return path if path.is_absolute() else (checkpoint_dir / path).resolve()

    def save(self, checkpoint_dir: Path) -> Path:
        data = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "method": self.method,
            "base_model": self.base_model,
            "pect": asdict(self.pect),
            "training": self.training,
        }
        if self.knowledge is not None:
            data["knowledge"] = self.knowledge
        target = checkpoint_dir / CONFIG_FILE
        target.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return target

    @classmethod
    def load(cls, checkpoint_dir: Path) -> CheckpointConfig:
        source = checkpoint_dir / CONFIG_FILE
        if not source.is_file():
            raise CheckpointError(
                f"gpiot: {str(checkpoint_dir)!r} is not a GPIoT checkpoint "
                f"(no {CONFIG_FILE}; `gpiot train --out DIR` writes one)"
            )
        try:
            data = json.loads(source.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CheckpointError(f"gpiot: cannot read {source}: {exc}") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise CheckpointError(f"gpiot: {source}: field 'format' must be {FORMAT!r}")
        if data.get("version") != FORMAT_VERSION:
            raise CheckpointError(
                f"gpiot: {source}: field 'version' is {data.get('version')!r}; "
                f"this code reads version {FORMAT_VERSION}"
            )
        for key in ("method", "base_model"):
            if not isinstance(data.get(key), str) or not data[key]:
                raise CheckpointError(f"gpiot: {source}: field {key!r} must be a non-empty string")
        pect = data.get("pect", {})
        if not isinstance(pect, dict):
            raise CheckpointError(f"gpiot: {source}: field 'pect' must be an object")
        training = data.get("training", {})
        knowledge = data.get("knowledge")
        if knowledge is not None and (not isinstance(knowledge, str) or not knowledge):
            raise CheckpointError(f"gpiot: {source}: field 'knowledge' must be a non-empty string")
        return cls(
            method=data["method"],
            base_model=data["base_model"],
            pect=PECTConfig.from_dict(pect, f"gpiot: {source}: field 'pect'"),
            training=training if isinstance(training, dict) else {},
            knowledge=knowledge,
        )
