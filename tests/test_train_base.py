"""`gpiot train` on a real base's terms: low-precision bases with fp32 adapters, 8-/4-bit refused
on a CPU, activation checkpointing that gives the same gradients, a device map, rows cut to
--max-len on the prompt side, and a run that refuses to leave a role untrained."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("peft")
pytest.importorskip("datasets")

from test_train import TINY  # noqa: E402

from gpiot_models.pect import CheckpointError, GPIoTModel, PECTConfig  # noqa: E402
from gpiot_models.pect.loading import (  # noqa: E402
    BaseLoading,
    Resolved,
    check,
    load_base,
    quantization_config,
)
from gpiot_models.testing import build_tiny_checkpoint, one_torch_thread, write_tiny_dataset  # noqa: E402
from gpiot_models.tiny_base import build_tiny_llm  # noqa: E402
from gpiot_models.train import main as train  # noqa: E402
from gpiot_models.training.data import (  # noqa: E402
    IGNORE,
    collate,
    cut_to_fit,
    encode_all,
    read_rows,
)
from gpiot_models.training.methods import PECTMethod, prepare_base  # noqa: E402
from gpiot_models.training.report import moved_b  # noqa: E402


@pytest.fixture(scope="module", autouse=True)
def _one_thread() -> Iterator[None]:
    with one_torch_thread():
        yield


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_llm(tmp_path_factory.mktemp("train-base") / "tiny")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_dataset(tmp_path_factory.getbasetemp() / "gpiot-tiny-data")


def batch_for(base: Path, data: Path) -> dict[str, Any]:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(base)
    examples, _ = encode_all(tokenizer, read_rows(data / "tdd")[:2], 128)
    return collate(examples, pad_id=0)


def cpu(dtype: str | None = None, device_map: str | None = None) -> Resolved:
    return check(BaseLoading(dtype=dtype, device_map=device_map), cuda=False)


def test_cut_to_fit_keeps_the_answer_and_both_ends_of_the_prompt() -> None:
    prompt, answer = list(range(100, 140)), list(range(10))
    cut_prompt, cut_answer = cut_to_fit(prompt, answer, 30)
    assert cut_answer == answer and len(cut_prompt) == 20  # the answer fits whole
    assert cut_prompt == [*prompt[:5], *prompt[-15:]]  # a quarter from the start, rest from the end
    whole = list(range(22))  # room for it while the prompt keeps a quarter of max_len
    cut_prompt, cut_answer = cut_to_fit(prompt, whole, 30)
    assert cut_answer == whole and cut_prompt == [*prompt[:2], *prompt[-6:]]
    long_answer = list(range(50))
    cut_prompt, cut_answer = cut_to_fit(prompt, long_answer, 30)
    assert len(cut_prompt) == 7 and cut_answer == long_answer[:23]  # the prompt keeps a quarter
    assert cut_to_fit(prompt[:3], answer, 30) == (prompt[:3], answer)


def test_length_report_counts_each_kind_of_cut(base: Path, data: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(base)
    rows = read_rows(data / "tdd")
    examples, report = encode_all(tokenizer, rows, 48)
    assert len(examples) == report.used == report.rows == len(rows) and report.dropped == 0
    assert report.fit + report.prompt_cut >= report.rows > report.fit
    assert all(len(e.ids) <= 48 and e.start < len(e.ids) for e in examples)
    kept, dropping = encode_all(tokenizer, rows, 48, truncate=False)
    assert len(kept) == dropping.fit == report.fit and dropping.dropped == report.rows - report.fit


def test_eight_and_four_bit_need_cuda_and_get_a_bitsandbytes_config() -> None:
    for quantization in ("8bit", "4bit"):
        with pytest.raises(CheckpointError, match="needs a CUDA GPU"):
            check(BaseLoading(quantization=quantization), cuda=False)
    four = quantization_config(Resolved("bf16", "4bit", "cuda", {"": 0}))
    assert four.load_in_4bit and four.bnb_4bit_quant_type == "nf4"
    assert four.bnb_4bit_compute_dtype == torch.bfloat16
    assert quantization_config(Resolved("fp16", "8bit", "cuda", {"": 0})).load_in_8bit
    assert check(BaseLoading(), cuda=False) == Resolved("fp32", None, "cpu", None)
    with pytest.raises(CheckpointError, match="no CUDA device"):
        check(BaseLoading(device="cuda"), cuda=False)


def test_the_command_refuses_8bit_on_this_machine_in_one_line(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = train(["--data", str(data), "--out", str(out), "--steps", "1", *TINY, "--load-in-8bit"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "--load-in-8bit needs a CUDA GPU" in err[0]
    assert not out.exists()


def test_adapters_stay_fp32_over_a_bf16_base(base: Path, data: Path) -> None:
    model = load_base(base, cpu("bf16"))
    prepare_base(model, gradient_checkpointing=False)
    method = PECTMethod(model, PECTConfig(rank=4, proj_rank=4), seed=0)
    loss = method.loss(batch_for(base, data), "cg")
    loss.backward()
    assert {p.dtype for p in model.parameters()} == {torch.bfloat16}
    assert {p.dtype for p in method.parameters()} == {torch.float32}
    grads = [p.grad for p in method.parameters() if p.grad is not None]
    assert grads and all(g.dtype == torch.float32 and torch.isfinite(g).all() for g in grads)
    assert torch.isfinite(loss)


def test_activation_checkpointing_recomputes_and_gives_the_same_gradients(
    base: Path, data: Path
) -> None:
    batch = batch_for(base, data)

    def gradients(checkpointing: bool) -> tuple[dict[str, Any], list[str]]:
        model = load_base(base, cpu())
        prepare_base(model, checkpointing)
        method = PECTMethod(model, PECTConfig(rank=4, proj_rank=4, dropout=0.1), seed=0)
        method.train(True)
        with torch.no_grad():  # B and `down` start at zero; random values make every path count
            generator = torch.Generator().manual_seed(1)
            for parameter in method.parameters():
                parameter.copy_(torch.randn(parameter.shape, generator=generator) * 0.05)
        calls = []  # the adapters' layout each time the first block's FFN runs
        ffn = model.model.layers[0].mlp
        ffn.register_forward_hook(lambda *_: calls.append(method.adapters.layout))
        torch.manual_seed(7)  # the same dropout masks in both runs
        with torch.utils.checkpoint.set_checkpoint_early_stop(False):  # recompute whole blocks
            method.loss(batch, "td").backward()
        named = method.adapters.named_parameters()
        return {n: p.grad.clone() for n, p in named if p.grad is not None}, calls

    plain, plain_calls = gradients(False)
    recomputed, recomputed_calls = gradients(True)
    assert plain_calls == ["dual"]
    assert recomputed_calls == ["dual", "dual"]  # backward ran the block again, on both streams
    assert plain.keys() == recomputed.keys() and len(plain) > 0
    for name, grad in plain.items():
        torch.testing.assert_close(recomputed[name], grad, rtol=1e-4, atol=1e-6, msg=name)


def test_a_device_map_base_trains_and_serves(base: Path, data: Path) -> None:
    model = load_base(base, cpu(device_map="auto"))  # accelerate places it (here: the CPU)
    assert {p.device.type for p in model.parameters()} == {"cpu"}
    prepare_base(model, gradient_checkpointing=False)
    method = PECTMethod(model, PECTConfig(rank=4, proj_rank=4), seed=0)
    method.loss(batch_for(base, data), "td").backward()
    assert any(p.grad is not None for p in method.parameters())


def test_a_bf16_runtime_generates_for_every_role(tmp_path_factory: pytest.TempPathFactory) -> None:
    from harness.adapters import Message

    checkpoint = build_tiny_checkpoint(tmp_path_factory.getbasetemp() / "gpiot-tiny-pect")
    runtime = GPIoTModel.load(checkpoint, loading=BaseLoading(dtype="bf16"))
    assert next(runtime.model.parameters()).dtype == torch.bfloat16
    assert {p.dtype for p in runtime.backend.adapters.parameters()} == {torch.float32}
    for role in ("td", "rt", "cg"):
        texts = runtime.generate(role, (Message("user", "Count steps."),), n=2, max_new_tokens=4)
        assert len(texts) == 2 and all(isinstance(t, str) for t in texts)


def test_a_role_that_would_lose_its_data_stops_the_run_with_the_counts(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    args = ["--data", str(data), "--out", str(out), "--steps", "2", *TINY]  # --max-len 160
    assert train([*args, "--max-len", "60", "--too-long", "drop"]) == 2
    captured = capsys.readouterr()
    assert "refusing to start" in captured.err and "td (TDD) would use" in captured.err
    assert "td (TDD): 24 rows" in captured.out and "dropped" in captured.out
    assert not out.exists()
    assert train([*args, "--td-share", "0"]) == 2
    assert "td (TDD) would get no batch" in capsys.readouterr().err


@pytest.mark.slow
def test_a_run_with_cut_rows_trains_both_paths(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from safetensors.torch import load_file

    out = tmp_path / "out"
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "ecg.md").write_text("# ECG\n\nPan-Tompkins finds R peaks.\n", encoding="utf-8")
    args = ["--data", str(data), "--out", str(out), "--steps", "6", *TINY, "--max-len", "60"]
    extra = ["--td-share", "0.5", "--gradient-checkpointing", "--knowledge", str(notes)]
    assert train([*args, *extra]) == 0
    printed = capsys.readouterr().out
    config = json.loads((out / "gpiot_config.json").read_text(encoding="utf-8"))
    assert config["knowledge"] == "knowledge" and (out / "knowledge" / "ecg.md").is_file()
    assert config["training"]["gradient_checkpointing"] is True
    assert "with the prompt cut" in printed
    tensors = sorted(load_file(str(out / "adapters.safetensors")).items())
    for role in ("td", "cg"):
        moved, total = moved_b(tensors, role)
        assert total > 0 and moved == total, role
        assert f"{moved}/{total} LoRA B matrices non-zero" in printed
    assert "never drawn" not in printed


def test_labels_of_a_cut_row_cover_only_its_answer(base: Path, data: Path) -> None:
    batch = batch_for(base, data)
    labels, ids = batch["labels"], batch["input_ids"]
    for row in range(labels.shape[0]):
        answer = labels[row][labels[row] != IGNORE]
        start = int((labels[row] != IGNORE).nonzero()[0])
        assert torch.equal(answer, ids[row, start : start + len(answer)])
