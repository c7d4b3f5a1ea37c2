"""`gpiot export` and serving: merged PECT roles equal the runtime's roles, LoRA roles load as
peft adapters, and `iotbench serve gpiot:DIR` answers through the OpenAI API as a real process."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.adapters import GenerationRequest, Message

torch = pytest.importorskip("torch")
pytest.importorskip("peft")

from test_serve import call, start, stop  # noqa: E402

from gpiot_models.export import main as export  # noqa: E402
from gpiot_models.pect import ROLES, GPIoTModel  # noqa: E402
from gpiot_models.testing import build_tiny_checkpoint, one_torch_thread  # noqa: E402

IDS = [[1, 17, 40, 99, 3, 250, 8], [1, 5, 60, 61, 62, 63, 64]]


@pytest.fixture(scope="module", autouse=True)
def _one_thread() -> Iterator[None]:
    with one_torch_thread():
        yield


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_checkpoint(tmp_path_factory.getbasetemp() / "gpiot-tiny-pect")


def role_logits(runtime: GPIoTModel) -> dict[str, Any]:
    with torch.no_grad():
        out = {}
        for role in ROLES:
            with runtime.role(role) as model:
                out[role] = model(input_ids=torch.tensor(IDS)).logits
        return out


def test_merged_pect_roles_are_plain_checkpoints_with_the_runtime_logits(
    checkpoint: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from transformers import AutoModelForCausalLM

    out = tmp_path / "export"
    assert export([str(checkpoint), str(out), "--dtype", "fp32"]) == 0
    assert "td: merged_checkpoint" in capsys.readouterr().out
    manifest = json.loads((out / "export.json").read_text(encoding="utf-8"))
    assert manifest["roles"]["rt"]["form"] == "base_model" and manifest["knowledge"] == "builtin"
    expected = role_logits(GPIoTModel.load(checkpoint))
    base = json.loads((checkpoint / "base" / "config.json").read_text(encoding="utf-8"))
    for role in ("td", "cg"):
        config = json.loads((out / role / "config.json").read_text(encoding="utf-8"))
        assert config["intermediate_size"] == base["intermediate_size"] + 4  # proj_rank 4
        merged = AutoModelForCausalLM.from_pretrained(out / role).eval()  # no custom code
        with torch.no_grad():
            logits = merged(input_ids=torch.tensor(IDS)).logits
        torch.testing.assert_close(logits, expected[role], rtol=1e-4, atol=1e-5)
        assert not torch.allclose(logits, expected["rt"])
    assert export([str(checkpoint), str(out)]) == 2  # not empty
    assert "not empty" in capsys.readouterr().err


@pytest.mark.slow
def test_lora_roles_export_as_peft_adapters(tmp_path: Path) -> None:
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    checkpoint = build_tiny_checkpoint(tmp_path / "lora", method="lora", steps=3)
    out = tmp_path / "export"
    assert export([str(checkpoint), str(out)]) == 0
    expected = role_logits(GPIoTModel.load(checkpoint))
    for role in ("td", "cg"):
        settings = json.loads((out / role / "adapter_config.json").read_text(encoding="utf-8"))
        base = AutoModelForCausalLM.from_pretrained(settings["base_model_name_or_path"])
        model = PeftModel.from_pretrained(base, str(out / role)).eval()
        with torch.no_grad():
            logits = model(input_ids=torch.tensor(IDS)).logits
        torch.testing.assert_close(logits, expected[role], rtol=1e-5, atol=1e-6)


@pytest.mark.slow
def test_iotbench_serve_answers_as_the_gpiot_cg_role(checkpoint: Path, tmp_path: Path) -> None:
    from gpiot_models.adapter import GPIoTAdapter

    server = start(f"gpiot:{checkpoint},threads=1,knowledge=none", tmp_path / "logs")
    try:
        body = {
            "model": "gpiot",
            "messages": [
                {"role": "system", "content": "You write Python."},
                {"role": "user", "content": "Detect R peaks."},
            ],
            "n": 2,
            "max_tokens": 8,
            "seed": 3,
            "temperature": 0.9,
        }
        status, answer = call(f"{server.url}/chat/completions", body)
        assert status == 200 and answer["model"] == f"gpiot-{checkpoint.name}"
        served = [choice["message"]["content"] for choice in answer["choices"]]
        status, models = call(f"{server.url}/models")
        assert status == 200 and models["data"][0]["id"] == f"gpiot-{checkpoint.name}"
    finally:
        stop(server)
    request = GenerationRequest(
        item_id="chat",
        messages=(Message("system", "You write Python."), Message("user", "Detect R peaks.")),
        prompt="Detect R peaks.",
        n=2,
        temperature=0.9,
        top_p=1.0,
        max_new_tokens=8,
        seed=3,
    )
    local = GPIoTAdapter.from_spec(f"{checkpoint},knowledge=none").generate([request])[0]
    assert served == local  # the served answers are the CG role's, seed for seed
