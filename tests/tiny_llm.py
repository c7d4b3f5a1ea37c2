"""Build a tiny random-weight Llama and a locally trained tokenizer, saved like a real checkpoint.

Tests and benchmarks need a causal LM that loads through ``AutoModelForCausalLM`` and
``AutoTokenizer`` from a directory without touching a model hub. The builders live in
`gpiot_models.tiny_base` (``gpiot train --base tiny`` uses them too); this module re-exports them
for the tests and adds `build_lora`. Call `build_tiny_llm` with a cache directory; a directory
that already holds a finished build is reused.
"""

from __future__ import annotations

from pathlib import Path

from gpiot_models.tiny_base import (
    BOS,
    CHAT_TEMPLATE,
    DONE_FILE,
    EOS,
    PAD,
    build_tiny_llm,
    build_tokenizer,
    corpus,
)

_DONE = DONE_FILE
__all__ = [
    "BOS",
    "CHAT_TEMPLATE",
    "EOS",
    "PAD",
    "build_lora",
    "build_tiny_llm",
    "build_tokenizer",
    "corpus",
]


def build_lora(model_dir: Path, directory: Path, *, seed: int = 1, rank: int = 4) -> Path:
    """Save a LoRA adapter for `model_dir` whose B matrices are random (so it changes outputs)."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    directory = Path(directory)
    if (directory / "adapter_config.json").exists():
        return directory
    base = AutoModelForCausalLM.from_pretrained(model_dir, local_files_only=True)
    torch.manual_seed(seed)
    config = LoraConfig(
        r=rank,
        lora_alpha=2 * rank,
        target_modules=["q_proj", "v_proj"],
        init_lora_weights=False,
        task_type="CAUSAL_LM",
    )
    peft_model = get_peft_model(base, config)
    peft_model.save_pretrained(str(directory))
    return directory
