"""Load the frozen base model the way a real GPU run needs it: dtype, 8-/4-bit, device map.

`BaseLoading` holds the choices `gpiot train` and `GPIoTModel.load` share: ``dtype`` (fp32, bf16
or fp16; default fp32 on the CPU, bf16 on CUDA, fp16 on GPUs without bf16), ``quantization``
(``8bit`` / ``4bit`` through bitsandbytes, CUDA only), ``device`` and ``device_map`` (``auto``:
accelerate spreads the layers over the GPUs and the CPU). `check` refuses impossible choices in
one line before anything heavy loads. The PECT adapters stay fp32 whatever the base's dtype (see
`gpiot_models.pect.modules`); `input_device` is where a batch must go for a loaded model.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gpiot_models.pect.config import CheckpointError

DTYPES = {"fp32": "float32", "bf16": "bfloat16", "fp16": "float16"}
QUANTIZATIONS = ("8bit", "4bit")
DEVICE_MAPS = ("auto",)


@dataclass(frozen=True)
class BaseLoading:
    """How to load the base: dtype, quantisation, device or device map (None: defaults)."""

    dtype: str | None = None  # a key of DTYPES
    quantization: str | None = None  # "8bit" | "4bit" (bitsandbytes, CUDA only)
    device: str | None = None  # "cpu" | "cuda"; None: cuda when available
    device_map: str | None = None  # "auto" (accelerate); quantisation implies one


@dataclass(frozen=True)
class Resolved:
    """`BaseLoading` with every default decided for this machine."""

    dtype: str
    quantization: str | None
    device: str
    device_map: str | dict[str, int] | None


def check(loading: BaseLoading, cuda: bool, prog: str = "gpiot") -> Resolved:
    """Decide the defaults; raise CheckpointError (one line) for choices this machine cannot run."""
    if loading.dtype is not None and loading.dtype not in DTYPES:
        raise CheckpointError(f"{prog}: dtype must be one of {', '.join(DTYPES)}")
    if loading.quantization is not None and loading.quantization not in QUANTIZATIONS:
        raise CheckpointError(f"{prog}: quantization must be one of {', '.join(QUANTIZATIONS)}")
    if loading.device_map is not None and loading.device_map not in DEVICE_MAPS:
        raise CheckpointError(f"{prog}: device map must be one of {', '.join(DEVICE_MAPS)}")
    device = loading.device or ("cuda" if cuda else "cpu")
    if device == "cuda" and not cuda:
        raise CheckpointError(f"{prog}: device cuda requested but torch sees no CUDA device")
    if loading.quantization is not None:
        if device != "cuda":
            raise CheckpointError(
                f"{prog}: --load-in-{loading.quantization} needs a CUDA GPU (bitsandbytes "
                "kernels); on this machine use --dtype bf16 or fp32 instead"
            )
        import importlib.util

        if importlib.util.find_spec("bitsandbytes") is None:
            raise CheckpointError(
                f"{prog}: --load-in-{loading.quantization} needs bitsandbytes: "
                "pip install bitsandbytes"
            )
    if loading.device_map is not None:
        import importlib.util

        if importlib.util.find_spec("accelerate") is None:
            raise CheckpointError(f"{prog}: --device-map needs accelerate: pip install accelerate")
    dtype = loading.dtype or ("fp32" if device == "cpu" else "bf16" if _bf16_ok() else "fp16")
    device_map: str | dict[str, int] | None = loading.device_map
    if loading.quantization is not None and device_map is None:
        device_map = {"": 0}  # bitsandbytes places the weights while loading: one GPU
    return Resolved(dtype, loading.quantization, device, device_map)


def _bf16_ok() -> bool:
    import torch

    return bool(torch.cuda.is_available() and torch.cuda.is_bf16_supported())


def quantization_config(resolved: Resolved) -> Any:
    """The transformers `BitsAndBytesConfig` for the resolved choice (None without one)."""
    if resolved.quantization is None:
        return None
    import torch
    from transformers import BitsAndBytesConfig

    compute = getattr(torch, DTYPES[resolved.dtype])
    if resolved.quantization == "8bit":
        return BitsAndBytesConfig(load_in_8bit=True)  # type: ignore[no-untyped-call]
    return BitsAndBytesConfig(  # type: ignore[no-untyped-call]
        load_in_4bit=True,
        bnb_4bit_quant_type="nf4",
        bnb_4bit_use_double_quant=True,
        bnb_4bit_compute_dtype=compute,
    )


def load_base(path: Path, resolved: Resolved) -> Any:
    """The causal LM in `path` (local files only), loaded and placed as `resolved` says."""
    import torch
    from transformers import AutoModelForCausalLM

    options: dict[str, Any] = {
        "local_files_only": True,
        "dtype": getattr(torch, DTYPES[resolved.dtype]),
    }
    quantization = quantization_config(resolved)
    if quantization is not None:
        options["quantization_config"] = quantization
    if resolved.device_map is not None:
        options["device_map"] = resolved.device_map
    model: Any = AutoModelForCausalLM.from_pretrained(path, **options)
    if resolved.device_map is None:
        model = model.to(resolved.device)
    return model


def input_device(model: Any) -> Any:
    """The device a batch must be on for `model`: that of its input embeddings."""
    return model.get_input_embeddings().weight.device
