"""Every batch reaches the model on the model's device: training steps and generation, with the
model on PyTorch's ``meta`` device while the data loader and tokenizer produce CPU tensors.

A forgotten ``.to(device)`` on a GPU run crashes at the first step; on this CPU-only machine the
``meta`` device plays the GPU: a forward pre-hook on the decoder records the device of every
tensor that reaches it, so a tensor left on the CPU fails the test by name instead of passing
unnoticed. `test_the_device_check_sees_a_tensor_left_behind` shows the check catches one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.adapters import Message

torch = pytest.importorskip("torch")
pytest.importorskip("peft")

from gpiot_models.pect import PECTConfig  # noqa: E402
from gpiot_models.testing import build_tiny_checkpoint, one_torch_thread, write_tiny_dataset  # noqa: E402
from gpiot_models.training.data import collate, encode_all, read_rows  # noqa: E402
from gpiot_models.training.methods import METHODS  # noqa: E402

META = torch.device("meta")
MESSAGES = (Message("system", "You write Python."), Message("user", "Count steps from IMU data."))


class Reached(Exception):
    """Raised by the hook once the inputs were checked: the rest cannot run on meta anyway."""


class DeviceCheck:
    """Forward pre-hook recording every tensor argument that is not on `device`."""

    def __init__(self, device: Any, stop: bool) -> None:
        self.device, self.stop = device, stop
        self.calls = 0
        self.stray: list[str] = []

    def __call__(self, module: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        self.calls += 1
        named = [(f"arg{i}", v) for i, v in enumerate(args)] + list(kwargs.items())
        self.stray += [
            f"{type(module).__name__}.{name} on {value.device}"
            for name, value in named
            if isinstance(value, torch.Tensor) and value.device != self.device
        ]
        if self.stop:
            raise Reached


def watch(model: Any, stop: bool = False) -> DeviceCheck:
    """Check the inputs of the decoder and of the LM head of `model`."""
    check = DeviceCheck(META, stop)
    model.get_decoder().register_forward_pre_hook(check, with_kwargs=True)
    model.get_output_embeddings().register_forward_pre_hook(check, with_kwargs=True)
    return check


@pytest.fixture(scope="module", autouse=True)
def _one_thread() -> Iterator[None]:
    with one_torch_thread():
        yield


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_checkpoint(tmp_path_factory.getbasetemp() / "gpiot-tiny-pect")


@pytest.fixture(scope="module")
def cpu_batch(checkpoint: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A training batch exactly as the loop builds it (CPU tensors from `collate`)."""
    from transformers import AutoTokenizer

    data = write_tiny_dataset(tmp_path_factory.getbasetemp() / "gpiot-tiny-data")
    tokenizer = AutoTokenizer.from_pretrained(checkpoint / "base")
    examples, _ = encode_all(tokenizer, read_rows(data / "tdd")[:2], 96)
    return collate(examples, pad_id=0)


@pytest.fixture(autouse=True)
def _meta_boolean_masks() -> Iterator[None]:
    """Selecting the answer positions (a boolean mask) has a data-dependent size, which meta
    tensors cannot know; torch's switch makes meta assume every position is selected."""
    from torch.fx.experimental import _config as fx_config

    with fx_config.patch(meta_nonzero_assume_all_nonzero=True):
        yield


def meta_base(checkpoint: Path) -> Any:
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(
        checkpoint / "base", local_files_only=True, attn_implementation="eager"
    )  # sdpa decides on masks with .item(), which meta tensors cannot answer
    return model.requires_grad_(False).to(META)


def test_the_device_check_sees_a_tensor_left_behind(checkpoint: Path) -> None:
    model = meta_base(checkpoint)
    check = watch(model)
    ids = torch.tensor([[1, 5, 9]])  # a CPU batch handed to a model that is elsewhere
    model.get_decoder()(input_ids=ids, attention_mask=torch.ones_like(ids))  # meta lets it pass
    assert check.stray == [
        "LlamaModel.input_ids on cpu",
        "LlamaModel.attention_mask on cpu",
    ]


@pytest.mark.parametrize("method_name", ["pect", "lora"])
@pytest.mark.parametrize("source", ["td", "cg"])
def test_a_training_step_runs_wholly_on_the_models_device(
    checkpoint: Path, cpu_batch: dict[str, Any], method_name: str, source: str
) -> None:
    model = meta_base(checkpoint)
    method = METHODS[method_name](model, PECTConfig(rank=4, proj_rank=4), 0)
    model.to(META)  # peft puts new LoRA weights beside a GPU weight, but on the CPU beside meta
    check = watch(model)
    loss = method.loss(cpu_batch, source)
    loss.backward()
    assert check.calls >= 2 and check.stray == []
    assert loss.device == META
    trained = [p for p in method.parameters() if p.grad is not None]
    assert trained and all(p.device == META and p.grad.device == META for p in trained)
    assert all(v.device.type == "cpu" for v in cpu_batch.values())  # the caller's batch untouched


def test_the_training_loop_hands_its_batches_to_the_models_device(
    checkpoint: Path, tmp_path: Path
) -> None:
    from transformers import AutoTokenizer

    from gpiot_models.training.loop import LoopSettings, Trainer

    data = write_tiny_dataset(tmp_path / "data")
    tokenizer = AutoTokenizer.from_pretrained(checkpoint / "base")
    examples = {s: encode_all(tokenizer, read_rows(data / f"{s}d"), 96)[0] for s in ("td", "cg")}
    model = meta_base(checkpoint)
    method = METHODS["pect"](model, PECTConfig(rank=4, proj_rank=4), 0)
    settings = LoopSettings(
        steps=1,
        batch_size=2,
        grad_accum=1,
        lr=1e-3,
        warmup_ratio=0.0,
        weight_decay=0.0,
        max_grad_norm=1.0,
        td_share=0.5,
        seed=0,
        save_every=0,
        keep=1,
        progress=False,
    )
    trainer = Trainer(method, examples, 0, settings, tmp_path, lambda _: None, {})
    check = watch(model, stop=True)
    with pytest.raises(Reached):
        trainer.run()
    assert check.calls == 1 and check.stray == []


@pytest.fixture
def meta_runtime(checkpoint: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, DeviceCheck]:
    """The checkpoint's runtime moved to meta after loading; its `generate` is watched.

    transformers' generate asks its tensors yes/no questions (``.any()``) before the first
    forward pass, which meta tensors cannot answer, so the check sits at the model's `generate`:
    what GPIoT hands it must already be on the model's device.
    """
    import baselines.hf
    from gpiot_models.pect import GPIoTModel

    class NoSampler:  # torch cannot seed a generator on meta; sampling is not what is tested
        def __init__(self, *args: Any) -> None:
            pass

    monkeypatch.setattr(baselines.hf, "_Sampler", NoSampler)
    runtime = GPIoTModel.load(checkpoint)
    runtime.model.to(META)
    runtime.backend.adapters.to(META)
    check = DeviceCheck(META, stop=True)

    def generate(*args: Any, **kwargs: Any) -> Any:
        check(runtime.model, args, kwargs)

    monkeypatch.setattr(runtime.model, "generate", generate)
    return runtime, check


@pytest.mark.parametrize("role", ["td", "rt", "cg"])
def test_generation_sends_prompts_to_the_models_device(
    meta_runtime: tuple[Any, DeviceCheck], role: str
) -> None:
    runtime, check = meta_runtime
    with pytest.raises(Reached):
        runtime.generate(role, MESSAGES, max_new_tokens=2)
    assert check.calls == 1 and check.stray == []


def test_the_pipeline_generates_on_the_models_device(meta_runtime: tuple[Any, DeviceCheck]) -> None:
    from gpiot_models.pipeline import Pipeline
    from gpiot_models.rtslm import RTSLM, Sampling

    runtime, check = meta_runtime
    with pytest.raises(Reached):
        Pipeline(runtime, RTSLM(runtime)).run("Count steps from IMU data.", Sampling())
    assert check.calls == 1 and check.stray == []
