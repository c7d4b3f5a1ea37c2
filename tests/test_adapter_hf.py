"""The hf adapter on a tiny random-weight Llama saved to disk: loading, n, seeds, stops, PEFT."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from tiny_llm import build_lora, build_tiny_llm

from harness.adapters import AdapterError, GenerationRequest, Message, resolve_adapter

os.environ.setdefault("HF_HUB_OFFLINE", "1")
torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("peft")


@pytest.fixture(scope="module", autouse=True)
def _restore_torch_threads() -> Iterator[None]:
    """threads=1 (used below: fast and steady on a busy machine) is process-wide; undo it."""
    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)


def load(directory: Path, options: str = "") -> Any:
    return resolve_adapter(f"hf:{directory},threads=1" + (f",{options}" if options else ""))


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_llm(tmp_path_factory.mktemp("hf") / "tiny-llama")


@pytest.fixture(scope="module")
def loras(tiny: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("lora")
    return build_lora(tiny, root / "lora-a", seed=1), build_lora(tiny, root / "lora-b", seed=2)


def request(
    item: str,
    n: int = 2,
    *,
    seed: int = 7,
    tokens: int = 8,
    temperature: float = 1.0,
    stop: tuple[str, ...] = (),
    user: str = "Detect R peaks in an ECG signal.",
) -> GenerationRequest:
    messages = (Message("system", "You write Python for IoT devices."), Message("user", user))
    return GenerationRequest(
        item_id=item,
        messages=messages,
        prompt=user,
        n=n,
        temperature=temperature,
        top_p=0.95,
        max_new_tokens=tokens,
        stop=stop,
        seed=seed,
    )


@contextmanager
def count_forwards(model: Any) -> Iterator[list[int]]:
    """Count forward passes of the real model (a hook, not a replacement)."""
    calls = [0]

    def hook(*_: Any) -> None:
        calls[0] += 1

    handle = model.register_forward_hook(hook)
    try:
        yield calls
    finally:
        handle.remove()


def test_loads_from_disk_and_returns_exactly_n_per_request(tiny: Path) -> None:
    adapter = load(tiny, "batch_size=3")
    requests = [request("a", n=1), request("b", n=4), request("c", n=2)]
    out = adapter.generate(requests)
    assert adapter.name == "tiny-llama"
    assert [len(c) for c in out] == [1, 4, 2]
    assert all(isinstance(text, str) for completions in out for text in completions)
    assert len(set(out[1])) > 1  # sampled, not one completion copied n times


def test_fixed_seed_is_reproducible_and_the_seed_matters(tiny: Path) -> None:
    requests = [request("a", n=3), request("b", n=2)]
    first = load(tiny).generate(requests)
    again = load(tiny).generate(requests)
    other = load(tiny).generate([request("a", n=3, seed=8), request("b", n=2, seed=8)])
    assert first == again
    assert first != other


def test_batch_composition_and_order_do_not_change_samples(tiny: Path) -> None:
    requests = [
        request("a", n=3, tokens=6),
        request("b", n=2, tokens=10, temperature=0.5),
        request("c", n=1, tokens=4, temperature=0.0, user="Count steps from IMU."),
    ]
    batched = load(tiny, "batch_size=6").generate(requests)
    single = load(tiny, "batch_size=1")
    assert single.generate(requests) == batched
    assert single.generate(requests[::-1]) == batched[::-1]
    assert single.generate(requests[1:2]) == batched[1:2]


def test_temperature_zero_is_transformers_greedy_with_max_new_tokens(tiny: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    adapter: Any = load(tiny)
    req = request("g", n=2, tokens=10, temperature=0.0)
    first, second = adapter.generate([req])[0]
    tokenizer = AutoTokenizer.from_pretrained(tiny, local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(tiny, local_files_only=True)
    text = tokenizer.apply_chat_template(
        [{"role": m.role, "content": m.content} for m in req.messages],
        add_generation_prompt=True,
        tokenize=False,
    )
    ids = tokenizer(text, add_special_tokens=False, return_tensors="pt")
    expected = model.generate(**ids, do_sample=False, max_new_tokens=10)
    assert expected.shape[1] - ids["input_ids"].shape[1] == 10
    reference = tokenizer.decode(expected[0, ids["input_ids"].shape[1] :], skip_special_tokens=True)
    assert first == second == reference


def test_stop_string_truncates_and_ends_generation_early(tiny: Path) -> None:
    adapter: Any = load(tiny)
    with count_forwards(adapter.model) as calls:
        [[(full, reason)]] = adapter.generate_with_finish_reasons(
            [request("s", n=1, tokens=24, temperature=0.0)]
        )
    assert reason == "length" and calls[0] == 24
    words = [w for w in full.split() if w.isascii() and w.isalnum() and len(w) >= 2]
    stop = next(w for w in words if full.find(w) >= 4)
    with count_forwards(adapter.model) as calls:
        [[(cut, reason)]] = adapter.generate_with_finish_reasons(
            [request("s", n=1, tokens=24, temperature=0.0, stop=("@@never@@", stop))]
        )
    assert cut == full[: full.find(stop)]
    assert reason == "stop"
    assert calls[0] < 24


def test_chat_template_is_used_when_present_else_plain_format(tiny: Path, tmp_path: Path) -> None:
    req = request("p", user="USER TEXT")
    chat: Any = load(tiny)
    assert chat.render(req).endswith("<|user|>\nUSER TEXT</s>\n<|assistant|>\n")
    assert load(tiny, "chat=off").render(req) == (
        "You write Python for IoT devices.\n\nUSER TEXT\n\n"
    )
    raw = GenerationRequest(item_id="r", messages=(), prompt="def f(x):")
    assert chat.render(raw) == "def f(x):"  # a completion prompt goes in verbatim
    plain = tmp_path / "no-template"
    shutil.copytree(tiny, plain)
    (plain / "chat_template.jinja").unlink()
    no_template: Any = load(plain)
    assert not no_template.use_chat
    assert no_template.render(req) == "You write Python for IoT devices.\n\nUSER TEXT\n\n"
    with pytest.raises(AdapterError, match="no chat template"):
        load(plain, "chat=on")


def test_template_without_system_role_gets_system_text_in_the_user_turn(
    tiny: Path, tmp_path: Path
) -> None:
    strict = tmp_path / "no-system-role"
    shutil.copytree(tiny, strict)
    (strict / "chat_template.jinja").write_text(
        "{% for m in messages %}{% if m['role'] == 'system' %}"
        "{{ raise_exception('no system role') }}{% endif %}"
        "[{{ m['role'] }}] {{ m['content'] }}\n{% endfor %}[assistant] ",
        encoding="utf-8",
    )
    adapter = load(strict)
    text = adapter.render(request("p", user="USER TEXT"))
    assert text == "[user] You write Python for IoT devices.\n\nUSER TEXT\n[assistant] "


def test_an_empty_raw_prompt_starts_from_bos(tiny: Path) -> None:
    empty = GenerationRequest(item_id="e", messages=(), prompt="", n=2, max_new_tokens=3)
    assert [len(c) for c in load(tiny).generate([empty])] == [2]


def _logits(adapter: Any, text: str) -> Any:
    ids = adapter.tokenizer(text, return_tensors="pt")["input_ids"]
    with torch.inference_mode():
        return adapter.model(input_ids=ids).logits


def test_peft_lora_loads_and_changes_logits(tiny: Path, loras: tuple[Path, Path]) -> None:
    lora_a, lora_b = loras
    base: Any = load(tiny)
    tuned: Any = load(tiny, f"peft={lora_a}")
    both: Any = load(tiny, f"peft={lora_a}+{lora_b}")
    assert tuned.name == "tiny-llama+lora-a"
    assert both.name == "tiny-llama+lora-a+lora-b"
    text = "def detect(signal, fs): return peaks"
    plain, adapted, stacked = _logits(base, text), _logits(tuned, text), _logits(both, text)
    assert (plain - adapted).abs().max() > 1e-3
    assert (adapted - stacked).abs().max() > 1e-3  # the second adapter is active too
    with tuned.model.disable_adapter():
        assert torch.allclose(_logits(tuned, text), plain, atol=1e-5)
    assert [len(c) for c in tuned.generate([request("l", n=3)])] == [3]


def test_dtype_device_and_threads_options(tiny: Path) -> None:
    torch.set_num_threads(2)
    adapter: Any = load(tiny, "dtype=bfloat16,device=cpu")
    assert torch.get_num_threads() == 1
    assert next(adapter.model.parameters()).dtype == torch.bfloat16
    assert adapter.device.type == "cpu"
    assert [len(c) for c in adapter.generate([request("d", n=2, tokens=4)])] == [2]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("hf:{missing}", "does not exist"),
        ("hf:{no_tokenizer}", "no tokenizer files"),
        ("hf:{tiny},batchsize=2", "unknown option 'batchsize'; did you mean 'batch_size'"),
        ("hf:{tiny},dtype=float64", "bad value 'float64' for option 'dtype'"),
        ("hf:{tiny},batch_size=0", "bad value '0' for option 'batch_size'"),
        ("hf:{tiny},device=tpu", "bad value 'tpu' for option 'device'"),
        ("hf:{tiny},peft={missing}", "has no adapter_config.json"),
        ("hf:", "needs a model directory"),
        ("hf:{tiny},4", "is not key=value"),
    ],
)
def test_errors_are_one_clear_line(tiny: Path, tmp_path: Path, spec: str, expected: str) -> None:
    no_tokenizer = tmp_path / "weights-only"
    no_tokenizer.mkdir()
    for name in ("config.json", "model.safetensors"):
        shutil.copy(tiny / name, no_tokenizer / name)
    text = spec.format(tiny=tiny, missing=tmp_path / "nowhere", no_tokenizer=no_tokenizer)
    with pytest.raises(AdapterError) as caught:
        resolve_adapter(text)
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message
