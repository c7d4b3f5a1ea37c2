"""PECT adapters and how they attach to a frozen Llama/Qwen-family causal LM.

Per decoder block the adapters are (the paper's Fig. 11, Eq. 9 and Eq. 10):

- W_q: a TD and a CG LoRA; W_k and W_v: a TD, a CG and a shared LoRA. The TD stream sees
  W + B_td·A_td + λ·B_c·A_c, the CG stream W + B_cg·A_cg + (1 − λ)·B_c·A_c (no shared term on W_q).
- Two SwiGLU projections beside the FFN. `proj.td` adds into the TD stream what it reads from the
  CG stream, `proj.cg` the converse: with h the post-attention residual and x = norm2(h),
  out_td = h_td + F(x_td) + γ·P_td(x_cg),  out_cg = h_cg + F(x_cg) + (1 − γ)·P_cg(x_td).

Nothing of the base model is copied or replaced: forward hooks on ``self_attn.{q,k,v}_proj`` add
the LoRA terms to the frozen projections' outputs, and a hook on ``mlp`` adds the projection term
to the FFN output, which the decoder layer then adds to its residual. The adapters live in their
own `PECTAdapters` module (saved and loaded on their own), so one base model in memory can serve
every role and the plain base is one `route("off")` away.

Which path a forward pass takes is the adapters' `layout`:
"dual" — the batch is two stacked copies, rows [0, B) the TD stream and [B, 2B) the CG stream, so
attention, masks and KV caches of the base work unchanged; "td" / "cg" — every row is that role's
stream and its projection reads the row's own hidden state (inference, see docs/gpiot.md);
"off" — the untouched base.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

import torch
import torch.nn.functional as functional
from torch import nn

from gpiot_models.pect.config import TUNED_ROLES, CheckpointError, PECTConfig

LAYOUTS = ("dual", "td", "cg", "off")
OWNERS = ("td", "cg", "shared")


@dataclass(frozen=True)
class BlockShape:
    """Feature sizes of one decoder block: hidden width and the q/k/v output widths (GQA aware)."""

    hidden: int
    q_out: int
    k_out: int
    v_out: int


class LoRA(nn.Module):
    """delta(x) = scale · B·A·dropout(x); A Kaiming-uniform (as peft does), B zero."""

    def __init__(
        self, in_features: int, out_features: int, rank: int, scale: float, dropout: float
    ) -> None:
        super().__init__()
        self.A = nn.Parameter(torch.empty(rank, in_features))
        self.B = nn.Parameter(torch.zeros(out_features, rank))
        nn.init.kaiming_uniform_(self.A, a=math.sqrt(5))
        self.scale = scale
        self.dropout: nn.Module = nn.Dropout(dropout) if dropout > 0 else nn.Identity()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        inner = functional.linear(self.dropout(x), self.A)
        out: torch.Tensor = functional.linear(inner, self.B) * self.scale
        return out


class SwiGLUProjection(nn.Module):
    """down(silu(gate(x)) · up(x)) with a narrow inner width; `down` starts at zero."""

    def __init__(self, hidden: int, width: int) -> None:
        super().__init__()
        self.gate = nn.Linear(hidden, width, bias=False)
        self.up = nn.Linear(hidden, width, bias=False)
        self.down = nn.Linear(width, hidden, bias=False)
        nn.init.zeros_(self.down.weight)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.down(functional.silu(self.gate(x)) * self.up(x))
        return out


class BlockAdapters(nn.Module):
    """All PECT parameters of one decoder block."""

    q: nn.ModuleDict
    k: nn.ModuleDict
    v: nn.ModuleDict
    proj: nn.ModuleDict

    def __init__(self, shape: BlockShape, config: PECTConfig) -> None:
        super().__init__()

        def loras(out: int, owners: Sequence[str]) -> nn.ModuleDict:
            return nn.ModuleDict(
                {
                    owner: LoRA(shape.hidden, out, config.rank, config.scale, config.dropout)
                    for owner in owners
                }
            )

        self.q = loras(shape.q_out, TUNED_ROLES)
        self.k = loras(shape.k_out, OWNERS)
        self.v = loras(shape.v_out, OWNERS)
        self.proj = nn.ModuleDict(
            {role: SwiGLUProjection(shape.hidden, config.proj_rank) for role in TUNED_ROLES}
        )


def is_decoder_block(module: nn.Module) -> bool:
    attention = getattr(module, "self_attn", None)
    return (
        attention is not None
        and isinstance(getattr(module, "mlp", None), nn.Module)
        and all(
            isinstance(getattr(attention, name, None), nn.Linear)
            for name in ("q_proj", "k_proj", "v_proj")
        )
    )


def decoder_blocks(model: nn.Module) -> list[nn.Module]:
    """The decoder layers of a Llama/Qwen-style model (the ModuleList made of such blocks)."""
    for module in model.modules():
        if (
            isinstance(module, nn.ModuleList)
            and len(module) > 0
            and all(is_decoder_block(block) for block in module)
        ):
            return list(module)
    raise CheckpointError(
        f"pect: {type(model).__name__} has no list of decoder layers with "
        "self_attn.{q,k,v}_proj linears and an mlp (Llama/Qwen-style models)"
    )


def block_shapes(model: nn.Module) -> list[BlockShape]:
    shapes = []
    for block in decoder_blocks(model):
        attention: Any = block.self_attn
        shapes.append(
            BlockShape(
                hidden=attention.q_proj.in_features,
                q_out=attention.q_proj.out_features,
                k_out=attention.k_proj.out_features,
                v_out=attention.v_proj.out_features,
            )
        )
    return shapes


def owner(name: str) -> str:
    """Which path a parameter belongs to: "td", "cg" or "shared" ("blocks.3.k.shared.A")."""
    return name.split(".")[3]


def _first_input(args: tuple[Any, ...], kwargs: dict[str, Any]) -> torch.Tensor:
    value = args[0] if args else next(iter(kwargs.values()))
    if not isinstance(value, torch.Tensor):
        raise TypeError(f"pect hook: expected a tensor input, got {type(value).__name__}")
    return value


class PECTAdapters(nn.Module):
    """The PECT parameters of a whole model, plus the hooks that apply them to a base model."""

    def __init__(self, shapes: Sequence[BlockShape], config: PECTConfig) -> None:
        super().__init__()
        self.config = config
        self.blocks = nn.ModuleList(BlockAdapters(shape, config) for shape in shapes)
        self.layout = "off"
        self._handles: list[Any] = []

    @classmethod
    def for_model(cls, model: nn.Module, config: PECTConfig) -> PECTAdapters:
        return cls(block_shapes(model), config)

    # -- attaching --------------------------------------------------------------------------
    def attach(self, model: nn.Module) -> PECTAdapters:
        """Hook every decoder block of `model`; each block's adapters move to that block's device.

        The adapters keep their own dtype (fp32 by default) over a bf16, fp16 or quantised base:
        the hooks cast the block's input to it and the result back to the base's dtype.
        """
        blocks = decoder_blocks(model)
        if len(blocks) != len(self.blocks):
            raise CheckpointError(
                f"pect: adapters for {len(self.blocks)} layers cannot attach to "
                f"a model with {len(blocks)} layers"
            )
        self.detach()
        for block, adapters in zip(blocks, self.block_list(), strict=True):
            attention: Any = block.self_attn
            mlp = cast(nn.Module, block.mlp)
            adapters.to(attention.q_proj.weight.device)  # a device map may spread the blocks
            for name in ("q", "k", "v"):
                target = getattr(attention, f"{name}_proj")
                self._handles.append(
                    target.register_forward_hook(
                        self._lora_hook(getattr(adapters, name)), with_kwargs=True
                    )
                )
            self._handles.append(
                mlp.register_forward_hook(self._projection_hook(adapters.proj), with_kwargs=True)
            )
        return self

    def detach(self) -> None:
        for handle in self._handles:
            handle.remove()
        self._handles = []

    @contextmanager
    def route(self, layout: str) -> Iterator[None]:
        """Run forward passes inside the block with the given layout (see the module doc)."""
        if layout not in LAYOUTS:
            raise ValueError(f"pect: unknown layout {layout!r} (expected one of {LAYOUTS})")
        before, self.layout = self.layout, layout
        try:
            yield
        finally:
            self.layout = before

    # -- the maths of Eq. 9 and Eq. 10 ------------------------------------------------------
    def _lora_hook(self, loras: nn.ModuleDict) -> Callable[..., torch.Tensor | None]:
        lam = self.config.lam
        share = {"td": lam, "cg": 1.0 - lam}
        shared = dict(loras.items()).get("shared")  # W_q has none

        def hook(
            _module: nn.Module, args: tuple[Any, ...], kwargs: dict[str, Any], output: torch.Tensor
        ) -> torch.Tensor | None:
            if self.layout == "off":
                return None
            x = _first_input(args, kwargs).to(self._dtype)
            if self.layout != "dual":
                delta: torch.Tensor = loras[self.layout](x)
                if shared is not None:
                    delta = delta + share[self.layout] * shared(x)
                return output + delta.to(output.dtype)
            td, cg = self._halves(x)
            parts = [loras["td"](td), loras["cg"](cg)]
            if shared is not None:  # one pass over both streams, weighted per half
                common_td, common_cg = self._halves(shared(x))
                parts = [parts[0] + lam * common_td, parts[1] + (1.0 - lam) * common_cg]
            return output + torch.cat(parts).to(output.dtype)

        return hook

    def _projection_hook(self, projections: nn.ModuleDict) -> Callable[..., torch.Tensor | None]:
        gamma = self.config.gamma
        weight = {"td": gamma, "cg": 1.0 - gamma}

        def hook(
            _module: nn.Module, args: tuple[Any, ...], kwargs: dict[str, Any], output: torch.Tensor
        ) -> torch.Tensor | None:
            if self.layout == "off":
                return None
            x = _first_input(args, kwargs).to(self._dtype)
            if self.layout == "dual":
                td, cg = self._halves(x)
                extra = torch.cat(
                    [weight["td"] * projections["td"](cg), weight["cg"] * projections["cg"](td)]
                )
            else:
                extra = weight[self.layout] * projections[self.layout](x)
            return output + extra.to(output.dtype)

        return hook

    def block_list(self) -> list[BlockAdapters]:
        return [cast(BlockAdapters, block) for block in self.blocks]

    @property
    def _dtype(self) -> torch.dtype:
        return next(self.parameters()).dtype

    @staticmethod
    def _halves(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        if x.shape[0] % 2:
            raise ValueError(
                f"pect: the dual layout needs an even batch (TD rows then CG rows), "
                f"got {x.shape[0]} rows"
            )
        half = x.shape[0] // 2
        return x[:half], x[half:]

    # -- which parameters a role owns -------------------------------------------------------
    def role_parameters(self, role: str) -> Iterator[tuple[str, nn.Parameter]]:
        """The parameters the `role` SLM uses at inference: its own path and the shared one."""
        if role not in TUNED_ROLES:
            raise ValueError(f"pect: role {role!r} has no adapters (tuned roles: {TUNED_ROLES})")
        for name, parameter in self.named_parameters():
            if owner(name) in (role, "shared"):
                yield name, parameter

    def set_trainable(self, role: str) -> None:
        """Let gradients reach only the `role` path and the shared adapters (Sec. 4.2 rule)."""
        chosen = {name for name, _ in self.role_parameters(role)}
        for name, parameter in self.named_parameters():
            parameter.requires_grad_(name in chosen)
