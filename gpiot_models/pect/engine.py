"""The hf adapter's generation over a base that GPIoT loaded itself (dtype, 8-/4-bit, device map).

`baselines.hf.HFAdapter` loads its model from a path in fp32 and moves it to one device; a GPIoT
checkpoint may need its base in bf16, quantised or spread over several GPUs, with the adapters
attached afterwards. `LoadedEngine` is an HFAdapter around such an already loaded model and its
tokenizer: prompt rendering, per-sample seeds, batching and stop strings stay the hf adapter's.
Its `device` (where prompts are sent) is re-read from the model before each call, so a model
moved after loading still gets its inputs on its own device.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from baselines.hf import HFAdapter, HFSettings
from gpiot_models.pect.loading import input_device
from harness.adapter_options import Completion
from harness.adapters import AdapterError, GenerationRequest


class LoadedEngine(HFAdapter):
    """An HFAdapter over a model and tokenizer loaded elsewhere."""

    def __init__(self, settings: HFSettings, model: Any, tokenizer: Any) -> None:
        self.settings = settings
        self.name = settings.path.resolve().name
        self.tokenizer = tokenizer
        self.model = model
        self.device = input_device(model)
        tokenizer.padding_side = "left"
        if tokenizer.pad_token_id is None:
            if tokenizer.eos_token_id is None:
                raise AdapterError(
                    f"gpiot: the tokenizer in {str(settings.path)!r} has neither a pad nor an "
                    "eos token"
                )
            tokenizer.pad_token = tokenizer.eos_token
        has_template = bool(getattr(tokenizer, "chat_template", None))
        self.use_chat = has_template and settings.chat != "off"
        self.eos_ids = self._eos_ids()

    def generate_with_finish_reasons(
        self, requests: Sequence[GenerationRequest]
    ) -> list[list[Completion]]:
        self.device = input_device(self.model)
        return super().generate_with_finish_reasons(requests)
