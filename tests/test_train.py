"""`gpiot train` on a tiny random Llama: data handling, loss masking, the loop, resume, the
plain-LoRA ablation as real peft adapters."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.adapters import GenerationRequest, Message

torch = pytest.importorskip("torch")
pytest.importorskip("peft")
pytest.importorskip("datasets")

from gpiot_models.pect import GPIoTModel  # noqa: E402
from gpiot_models.testing import (  # noqa: E402
    build_tiny_checkpoint,
    one_torch_thread,
    tiny_records,
    write_tiny_dataset,
)
from gpiot_models.tiny_base import build_tiny_llm  # noqa: E402
from gpiot_models.train import TrainOptions, parser  # noqa: E402
from gpiot_models.train import main as train  # noqa: E402
from gpiot_models.training.data import (  # noqa: E402
    IGNORE,
    MixedSampler,
    collate,
    encode,
    render_prompt,
)

TINY = [
    "--base",
    "tiny",
    "--rank",
    "4",
    "--proj-rank",
    "4",
    "--lr",
    "5e-3",
    "--batch-size",
    "2",
    "--grad-accum",
    "2",
    "--max-len",
    "160",
    "--tiny-hidden",
    "64",
    "--tiny-layers",
    "2",
    "--tiny-vocab",
    "600",
    "--no-progress",
]


@pytest.fixture(scope="module", autouse=True)
def _one_thread() -> Iterator[None]:
    with one_torch_thread():
        yield


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_dataset(tmp_path_factory.getbasetemp() / "gpiot-tiny-data")


def log(out: Path) -> list[dict[str, Any]]:
    lines = (out / "train_log.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_only_answer_tokens_carry_loss_and_prompts_match_the_hf_adapter(tmp_path: Path) -> None:
    from transformers import AutoTokenizer

    from baselines.hf import HFAdapter, HFSettings

    row = tiny_records(1)["cgd"][0]["messages"]
    assert isinstance(row, list)
    for chat in (True, False):
        model = build_tiny_llm(tmp_path / f"chat-{chat}", chat_template=chat)
        tokenizer = AutoTokenizer.from_pretrained(model)
        example = encode(tokenizer, row, 400)
        assert example is not None
        batch = collate([example, example], pad_id=0)
        kept = [int(t) for t in batch["labels"][0] if t != IGNORE]
        answer = tokenizer(row[-1]["content"], add_special_tokens=False)["input_ids"]
        assert kept == [*answer, tokenizer.eos_token_id]
        request = GenerationRequest(
            item_id="x",
            prompt="",
            messages=tuple(Message(m["role"], m["content"]) for m in row[:-1]),
        )
        assert render_prompt(tokenizer, row[:-1])[0] == HFAdapter(HFSettings(path=model)).render(
            request
        )
        assert encode(tokenizer, row, 5, truncate=False) is None  # too long and not to be cut


def test_mixed_sampler_covers_each_source_and_its_state_round_trips() -> None:
    sampler = MixedSampler({"td": 5, "cg": 3}, batch_size=2, td_share=0.5, seed=3)
    draws = [sampler.next() for _ in range(40)]
    for source, size in (("td", 5), ("cg", 3)):
        seen = [i for s, batch in draws if s == source for i in batch]
        assert sorted(seen[:size]) == list(range(size))  # a full pass before any repeat
    assert 10 < sum(s == "td" for s, _ in draws) < 30
    state = json.loads(json.dumps(sampler.state_dict()))
    twin = MixedSampler({"td": 5, "cg": 3}, batch_size=2, td_share=0.5, seed=99)
    twin.load_state_dict(state)
    assert [twin.next() for _ in range(10)] == [sampler.next() for _ in range(10)]


@pytest.mark.slow
def test_training_lowers_the_loss_and_resume_continues_identically(
    data: Path, tmp_path: Path
) -> None:
    full = tmp_path / "full"
    args = ["--data", str(data), "--steps", "8", "--save-every", "4", "--keep", "5", *TINY]
    assert train([*args, "--out", str(full)]) == 0
    records = log(full)
    assert [r["step"] for r in records] == list(range(1, 9))
    assert records[-1]["loss"] < records[0]["loss"]
    assert {"td", "cg"} <= {key[5:] for r in records for key in r if key.startswith("loss_")}
    # an interrupted run: only what existed right after step 4 (its log line for step 5 too)
    cut = tmp_path / "cut"
    shutil.copytree(full / "base", cut / "base")
    shutil.copytree(full / "checkpoints" / "step-000004", cut / "checkpoints" / "step-000004")
    (cut / "train_log.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records[:5]), encoding="utf-8"
    )
    assert train([*args, "--out", str(cut), "--resume"]) == 0
    assert [r["loss"] for r in log(cut)] == [r["loss"] for r in records]
    from safetensors.torch import load_file

    a = load_file(str(full / "adapters.safetensors"))
    b = load_file(str(cut / "adapters.safetensors"))
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)
    assert train([*args, "--out", str(cut), "--resume"]) == 0  # finished: nothing to do


def test_every_option_of_the_command_is_a_field_of_the_training_api(tmp_path: Path) -> None:
    """`gpiot train ARGS` and `train(TrainOptions(...))`: the same names and the same defaults."""
    from dataclasses import fields

    given = parser().parse_args(["--base", "tiny", "--out", str(tmp_path), *TINY, "--resume"])
    options = TrainOptions(**vars(given))
    assert (options.rank, options.tiny_vocab, options.progress, options.resume) == (
        4,
        600,
        False,
        True,
    )
    defaults = TrainOptions(**vars(parser().parse_args(["--base", "b", "--out", "o"])))
    assert defaults == TrainOptions(base="b", out=Path("o"))
    dests = {action.dest for action in parser()._actions if action.dest != "help"}
    assert dests == {field.name for field in fields(TrainOptions)}


def test_refuses_to_overwrite_and_names_bad_input(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    assert train(["--data", str(data), "--out", str(out), "--steps", "1", *TINY]) == 2
    assert "not empty" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps(
            {
                "messages": [
                    {"role": "user", "content": "hi"},
                    {"role": "user", "content": "no answer"},
                ]
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert (
        train(
            [
                "--tdd",
                str(bad),
                "--cgd",
                str(data / "cgd"),
                "--out",
                str(tmp_path / "n"),
                "--steps",
                "1",
                *TINY,
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "bad.jsonl" in err and "'messages'" in err and "assistant" in err
    assert not (tmp_path / "n").exists()
    assert train(["--tdd", str(data / "tdd"), "--out", str(tmp_path / "m"), *TINY]) == 2
    assert "--cgd" in capsys.readouterr().err


@pytest.mark.slow
def test_jsonl_sources_and_the_lora_ablation_give_real_peft_adapters(
    data: Path, tmp_path: Path
) -> None:
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    records = tiny_records(8)
    files = {}
    for name in ("tdd", "cgd"):
        files[name] = tmp_path / f"{name}.jsonl"
        files[name].write_text(
            "".join(json.dumps(r) + "\n" for r in records[name]), encoding="utf-8"
        )
    out = build_tiny_checkpoint(
        tmp_path / "lora", method="lora", steps=3, tdd=files["tdd"], cgd=files["cgd"]
    )
    for role in ("td", "cg"):
        assert (out / "lora" / role / "adapter_config.json").is_file()
    base = AutoModelForCausalLM.from_pretrained(out / "base").eval()
    ids = torch.tensor([[1, 30, 31, 32, 33]])
    with torch.no_grad():
        plain = base(input_ids=ids).logits
        peft_td = PeftModel.from_pretrained(base, str(out / "lora" / "td")).eval()
        tuned = peft_td(input_ids=ids).logits
    assert not torch.allclose(plain, tuned)
    runtime = GPIoTModel.load(out)
    with torch.no_grad():
        with runtime.role("td") as model:
            assert torch.allclose(model(input_ids=ids).logits, tuned, atol=1e-6)
        with runtime.role("rt") as model:
            assert torch.equal(model(input_ids=ids).logits, plain)
    messages = (Message("user", "Use IMU data to count steps."),)
    first = runtime.generate("cg", messages, n=2, max_new_tokens=6, seed=4)
    assert runtime.generate("cg", messages, n=2, max_new_tokens=6, seed=4) == first
