"""PECT modules on a tiny random Llama: Eq. 9/10 by hand, zero init, gradient routing, save/load,
the per-role runtime, and the parameter count."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.adapters import GenerationRequest, Message

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from gpiot_models.pect import ROLES, GPIoTModel, PECTAdapters, PECTConfig  # noqa: E402
from gpiot_models.pect.checkpoint import load_adapters, save_adapters  # noqa: E402
from gpiot_models.pect.modules import owner  # noqa: E402
from gpiot_models.pect.params import count  # noqa: E402
from gpiot_models.pect.params import main as params_main  # noqa: E402
from gpiot_models.testing import build_tiny_checkpoint, one_torch_thread  # noqa: E402
from gpiot_models.tiny_base import build_tiny_llm  # noqa: E402

CONFIG = PECTConfig(rank=4, alpha=8.0, dropout=0.0, proj_rank=6, lam=0.3, gamma=0.7)
MESSAGES = (
    Message("system", "You are an IoT programmer."),
    Message("user", "Use ECG data to detect heartbeats on a Raspberry Pi."),
)


@pytest.fixture(scope="module", autouse=True)
def _one_thread() -> Iterator[None]:
    with one_torch_thread():
        yield


@pytest.fixture(scope="module")
def base_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_llm(tmp_path_factory.mktemp("pect") / "tiny")


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_checkpoint(tmp_path_factory.getbasetemp() / "gpiot-tiny-pect")


def load_base(directory: Path) -> Any:
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(directory, local_files_only=True).eval()
    model.requires_grad_(False)
    return model


def randomise(adapters: PECTAdapters, seed: int = 5) -> None:
    """Give every adapter parameter (also B and `down`, zero at init) random values."""
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for parameter in adapters.parameters():
            parameter.copy_(torch.randn(parameter.shape, generator=generator) * 0.05)


def ids() -> Any:
    return torch.tensor([[1, 17, 40, 99, 3, 250, 8], [1, 5, 60, 61, 62, 63, 64]])


def test_zero_initialised_adapters_give_the_base_logits_on_every_path(base_dir: Path) -> None:
    model = load_base(base_dir)
    with torch.no_grad():
        expected = model(input_ids=ids()).logits
        adapters = PECTAdapters.for_model(model, CONFIG).attach(model).eval()
        for layout in ("td", "cg", "off"):
            with adapters.route(layout):
                assert torch.equal(model(input_ids=ids()).logits, expected), layout
        with adapters.route("dual"):
            dual = model(input_ids=torch.cat([ids(), ids()])).logits
        assert torch.equal(dual, torch.cat([expected, expected]))


def test_key_projection_follows_eq9_and_the_mlp_follows_eq10(base_dir: Path) -> None:
    model = load_base(base_dir)
    adapters = PECTAdapters.for_model(model, CONFIG).attach(model).eval()
    randomise(adapters)
    layer, block = model.model.layers[1], adapters.blocks[1]
    x = torch.randn(2, 3, 64, generator=torch.Generator().manual_seed(1))
    s, lam, gamma = CONFIG.alpha / CONFIG.rank, CONFIG.lam, CONFIG.gamma
    w = layer.self_attn.k_proj.weight

    def lora(name: str) -> Any:
        return block.k[name].B @ block.k[name].A * s

    with torch.no_grad(), adapters.route("dual"):
        keys = layer.self_attn.k_proj(x)
        out = layer.mlp(x)
    k1 = x[0] @ (w + lora("td") + lam * lora("shared")).T  # Eq. 9, TD stream
    k2 = x[1] @ (w + lora("cg") + (1 - lam) * lora("shared")).T  # CG stream
    torch.testing.assert_close(keys, torch.stack([k1, k2]), rtol=1e-5, atol=1e-6)

    def swiglu(p: Any, v: Any) -> Any:
        hidden = torch.nn.functional.silu(v @ p.gate.weight.T) * (v @ p.up.weight.T)
        return hidden @ p.down.weight.T

    with torch.no_grad():
        with adapters.route("off"):
            ffn = layer.mlp(x)  # F(x), the frozen FFN alone
        td = ffn[0] + gamma * swiglu(block.proj["td"], x[1])  # Eq. 10: TD reads the CG stream
        cg = ffn[1] + (1 - gamma) * swiglu(block.proj["cg"], x[0])
    torch.testing.assert_close(out, torch.stack([td, cg]), rtol=1e-5, atol=1e-6)
    with torch.no_grad(), adapters.route("td"):  # one role alone: its projection reads itself
        torch.testing.assert_close(
            layer.mlp(x[:1])[0],
            ffn[0] + gamma * swiglu(block.proj["td"], x[0]),
            rtol=1e-5,
            atol=1e-6,
        )


def test_dual_layout_refuses_an_odd_batch(base_dir: Path) -> None:
    model = load_base(base_dir)
    adapters = PECTAdapters.for_model(model, CONFIG).attach(model)
    with adapters.route("dual"), pytest.raises(ValueError, match="even batch"):
        model(input_ids=ids()[:1])


@pytest.mark.parametrize("source", ["td", "cg"])
def test_a_step_updates_only_its_path_and_the_shared_parts(base_dir: Path, source: str) -> None:
    from gpiot_models.training.methods import PECTMethod

    model = load_base(base_dir)
    base_before = {k: v.clone() for k, v in model.state_dict().items()}
    method = PECTMethod(model, CONFIG, seed=0)
    before = {k: v.clone() for k, v in method.adapters.state_dict().items()}
    optimizer = torch.optim.AdamW(method.parameters(), lr=1e-2)
    labels = ids().clone()
    labels[:, :3] = -100
    batch = {"input_ids": ids(), "attention_mask": torch.ones_like(ids()), "labels": labels}
    for _ in range(2):  # B starts at zero, so A moves only from the second step on
        optimizer.zero_grad(set_to_none=True)
        method.loss(batch, source).backward()
        optimizer.step()
    after = method.adapters.state_dict()
    changed = {name for name in after if not torch.equal(after[name], before[name])}
    mine = {name for name in after if owner(name) in (source, "shared")}
    assert changed == mine
    assert any(".proj." in name for name in changed) and any(".shared." in name for name in changed)
    assert all(torch.equal(v, base_before[k]) for k, v in model.state_dict().items())


def test_save_then_load_gives_identical_logits(base_dir: Path, tmp_path: Path) -> None:
    model = load_base(base_dir)
    adapters = PECTAdapters.for_model(model, CONFIG).attach(model).eval()
    randomise(adapters)
    save_adapters(adapters, tmp_path)
    fresh = load_base(base_dir)
    loaded = load_adapters(fresh, CONFIG, tmp_path).eval()
    with torch.no_grad():
        for layout in ("td", "cg"):
            with adapters.route(layout), loaded.route(layout):
                a, b = model(input_ids=ids()).logits, fresh(input_ids=ids()).logits
            assert torch.equal(a, b)
            with adapters.route("off"):
                assert not torch.allclose(a, model(input_ids=ids()).logits)


def test_runtime_routes_each_role_on_one_base(checkpoint: Path) -> None:
    runtime = GPIoTModel.load(checkpoint)
    plain = load_base(checkpoint / "base")
    with torch.no_grad():
        expected = plain(input_ids=ids()).logits
        logits = {}
        for role in ROLES:
            with runtime.role(role) as model:
                logits[role] = model(input_ids=ids()).logits
    assert torch.equal(logits["rt"], expected)  # rt = the untouched base
    assert not torch.allclose(logits["td"], expected) and not torch.allclose(
        logits["cg"], logits["td"]
    )
    assert sum(p.numel() for p in runtime.model.parameters()) == sum(
        p.numel() for p in plain.parameters()
    )  # the adapters are not a second copy of the base


def test_runtime_generation_is_reproducible_per_role_and_rt_equals_the_hf_adapter(
    checkpoint: Path,
) -> None:
    from baselines.hf import HFAdapter, HFSettings

    runtime = GPIoTModel.load(checkpoint)
    out = {
        role: runtime.generate(role, MESSAGES, n=3, temperature=1.0, max_new_tokens=8, seed=11)
        for role in ROLES
    }
    for role in ROLES:
        assert len(out[role]) == 3 and len(set(out[role])) > 1
        assert (
            runtime.generate(role, MESSAGES, n=3, temperature=1.0, max_new_tokens=8, seed=11)
            == out[role]
        )
    assert (
        runtime.generate("td", MESSAGES, n=3, temperature=1.0, max_new_tokens=8, seed=12)
        != out["td"]
    )
    assert len({tuple(v) for v in out.values()}) == 3
    greedy = runtime.generate("cg", MESSAGES, n=2, temperature=0, max_new_tokens=6)
    assert greedy[0] == greedy[1]
    hf = HFAdapter(HFSettings(path=checkpoint / "base"))
    request = GenerationRequest(
        item_id="gpiot-rt",
        messages=MESSAGES,
        prompt="",
        n=3,
        temperature=1.0,
        max_new_tokens=8,
        seed=11,
    )
    assert hf.generate([request])[0] == out["rt"]


def test_runtime_rejects_bad_input(tmp_path: Path, checkpoint: Path) -> None:
    from gpiot_models.pect import CheckpointError

    with pytest.raises(CheckpointError, match="does not exist"):
        GPIoTModel.load(tmp_path / "missing")
    with pytest.raises(CheckpointError, match="not a GPIoT checkpoint"):
        GPIoTModel.load(tmp_path)
    with pytest.raises(ValueError, match="unknown role"):
        GPIoTModel.load(checkpoint).generate("xx", MESSAGES)


def test_parameter_count_matches_hand_arithmetic() -> None:
    counts = count(
        {
            "model_type": "llama",
            "hidden_size": 5120,
            "num_hidden_layers": 40,
            "num_attention_heads": 40,
            "num_key_value_heads": 40,
            "intermediate_size": 13824,
            "vocab_size": 32000,
        },
        PECTConfig(rank=64),
    )
    lora, proj = 64 * (5120 + 5120), 3 * 5120 * 64  # one r=64 LoRA; one SwiGLU projection
    assert counts.base == 13_015_864_320
    assert counts.total == 40 * (8 * lora + 2 * proj)
    assert counts.per_role == {"td": 40 * (5 * lora + proj), "cg": 40 * (5 * lora + proj)}
    assert counts.per_role["td"] / counts.base < 0.015 and counts.total / counts.base < 0.025
    gqa = count(
        {
            "hidden_size": 64,
            "num_hidden_layers": 2,
            "num_attention_heads": 4,
            "num_key_value_heads": 2,
            "intermediate_size": 128,
            "vocab_size": 100,
        },
        PECTConfig(rank=4, proj_rank=3),
    )  # k/v project 64 -> 32
    q, kv, p = 4 * (64 + 64), 4 * (64 + 32), 3 * 64 * 3
    assert gqa.total == 2 * (2 * q + 6 * kv + 2 * p)


def test_params_command_prints_the_budget(capsys: pytest.CaptureFixture[str]) -> None:
    assert params_main(["--rank", "64"]) == 0
    out = capsys.readouterr().out
    assert "170,393,600" in out and "288,358,400" in out and "EXCEEDED" not in out
    assert params_main(["--config", "{not json"]) == 2
    assert "--config" in capsys.readouterr().err


def test_memory_estimate_adds_weights_adapters_activations_and_logits(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from gpiot_models.pect.memory import Shape, estimate

    shape = Shape(
        hidden=8, kv=4, ffn=16, layers=2, vocab=10, base=1000, embeddings=160, adapters=50
    )
    plain = estimate(shape, "bf16", False, batch=1, seq=4, answer=2)
    assert (plain.weights, plain.adapters) == (2000.0, 800.0)
    per_layer = (7 * 8 + 2 * 4 + 4 * 16) * 2 + 4 * 8 * 4  # compute-width values + fp32 inputs
    assert plain.activations == 2 * 4 * 2 * per_layer  # two streams x seq x layers
    assert plain.logits == 2 * 10 * (2 + 4 + 4)
    checkpointed = estimate(shape, "bf16", True, batch=1, seq=4, answer=2)
    assert checkpointed.activations == 2 * 4 * (2 * 8 * 2 + per_layer)
    int8 = estimate(shape, "8bit", True, batch=1, seq=4, answer=2)
    assert int8.weights == (1000 - 160) * 1.0 + 160 * 2.0
    assert params_main(["--config", "qwen2.5-coder-1.5b", "--memory"]) == 0
    table = capsys.readouterr().out.split("memory of one co-tuning step")[1].splitlines()
    assert len([line for line in table if line.strip().startswith(("fp32", "bf16", "8bit"))]) == 6
