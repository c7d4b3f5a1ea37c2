"""Adapter for a local transformers causal LM, optionally with PEFT (LoRA) adapters.

``hf:PATH[,peft=ADAPTER_DIR[+ADAPTER_DIR...]][,dtype=float32|bfloat16|float16][,batch_size=N]
[,device=cpu|cuda][,chat=auto|on|off][,threads=N]``. Everything loads from local directories
(never a hub). ``threads`` sets torch's CPU threads for the whole process (torch.set_num_threads):
on a machine shared with other work, 1 avoids threads waiting on each other.

Reproducibility: every completion has its own random generator, seeded from (request seed,
item id, sample index), and samples its tokens from its own row of logits only. Which other rows
share its batch, and in which order requests arrive, therefore do not change the draw; what can
change it are floating-point differences of batched kernels (padding changes matrix shapes), so
exact equality holds for a fixed machine, dtype, library versions and batch layout, and almost
always across batch sizes. torch, transformers and peft are imported only when a model loads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.adapter_options import (
    Completion,
    choice,
    derived_seed,
    parse_options,
    plain_prompt,
    positive_int,
    split_options,
    truncate_at_stop,
)
from harness.adapters import AdapterError, GenerationRequest

if TYPE_CHECKING:
    import torch

DTYPES = ("float32", "bfloat16", "float16")
TOKENIZER_FILES = ("tokenizer.json", "tokenizer.model", "vocab.json", "vocab.txt", "spiece.model")


@dataclass(frozen=True)
class HFSettings:
    path: Path
    peft: tuple[Path, ...] = ()
    dtype: str | None = None  # None: float32 on CPU, bfloat16 (or float16) on CUDA
    batch_size: int = 8
    device: str | None = None  # None: cuda when available
    chat: str = "auto"
    threads: int | None = None  # None: torch's default


@dataclass
class _Row:
    """One completion to draw: which request, which sample, and its prompt tokens."""

    request: int
    sample: int
    ids: list[int]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _check_settings(settings: HFSettings) -> None:
    """Reject a bad path, a missing tokenizer or adapter before any heavy import."""
    path = settings.path
    if not path.is_dir():
        raise AdapterError(
            f"hf: model directory {str(path)!r} does not exist "
            "(hf:PATH takes a local directory; download hub models first)"
        )
    if not (path / "config.json").is_file():
        raise AdapterError(f"hf: {str(path)!r} has no config.json; not a transformers model dir")
    if not any((path / name).is_file() for name in TOKENIZER_FILES):
        raise AdapterError(
            f"hf: no tokenizer files in {str(path)!r} (expected one of "
            f"{', '.join(TOKENIZER_FILES)})"
        )
    for adapter in settings.peft:
        if not (adapter / "adapter_config.json").is_file():
            raise AdapterError(
                f"hf: peft adapter directory {str(adapter)!r} has no adapter_config.json"
            )


def parse_spec(argument: str) -> HFSettings:
    """``PATH[,key=value...]`` as settings; a bad option is a one-line AdapterError."""
    path, options = split_options(argument)
    if not path:
        raise AdapterError("hf adapter needs a model directory: --model hf:PATH[,peft=DIR]")
    parsed: dict[str, Any] = parse_options(
        "hf",
        options,
        {
            "peft": lambda v: tuple(Path(p).expanduser() for p in v.split("+") if p),
            "dtype": choice(*DTYPES),
            "batch_size": positive_int,
            "device": choice("cpu", "cuda"),
            "chat": choice("auto", "on", "off"),
            "threads": positive_int,
        },
    )
    return HFSettings(path=Path(path).expanduser(), **parsed)


class HFAdapter:
    """Batched sampling from a local causal LM with per-completion seeds and stop strings."""

    def __init__(self, settings: HFSettings) -> None:
        _check_settings(settings)
        self.settings = settings
        self.name = "+".join(
            [settings.path.resolve().name] + [p.resolve().name for p in settings.peft]
        )
        try:
            import torch
            import transformers
        except ImportError as exc:
            raise AdapterError(
                f"hf adapter needs torch and transformers ({exc}); install "
                "them with: pip install 'iotbench[hf]'"
            ) from None
        if settings.threads is not None:
            torch.set_num_threads(settings.threads)
        device = settings.device or ("cuda" if torch.cuda.is_available() else "cpu")
        if device == "cuda" and not torch.cuda.is_available():
            raise AdapterError("hf: device=cuda requested but torch sees no CUDA device")
        dtype = settings.dtype or (
            "float32"
            if device == "cpu"
            else "bfloat16"
            if torch.cuda.is_bf16_supported()
            else "float16"
        )
        self.device = torch.device(device)
        self.tokenizer: Any
        try:
            self.tokenizer = transformers.AutoTokenizer.from_pretrained(
                settings.path, local_files_only=True
            )
            model = transformers.AutoModelForCausalLM.from_pretrained(
                settings.path, local_files_only=True, dtype=getattr(torch, dtype)
            )
        except Exception as exc:  # transformers raises many kinds; the user needs one line
            raise AdapterError(
                f"hf: cannot load {str(settings.path)!r}: {_first_line(exc)}"
            ) from exc
        self.model: Any = self._with_peft(model)
        self.model.to(self.device).eval()
        self.tokenizer.padding_side = "left"
        if self.tokenizer.pad_token_id is None:
            if self.tokenizer.eos_token_id is None:
                raise AdapterError(
                    f"hf: the tokenizer in {str(settings.path)!r} has neither a "
                    "pad nor an eos token"
                )
            self.tokenizer.pad_token = self.tokenizer.eos_token
        has_template = bool(getattr(self.tokenizer, "chat_template", None))
        if settings.chat == "on" and not has_template:
            raise AdapterError(
                f"hf: chat=on but the tokenizer in {str(settings.path)!r} has no chat template"
            )
        self.use_chat = has_template and settings.chat != "off"
        self.eos_ids = self._eos_ids()

    @classmethod
    def check_spec(cls, argument: str) -> None:
        """Check the spec and the directories it names without importing torch (one line)."""
        _check_settings(parse_spec(argument))

    @classmethod
    def from_spec(cls, argument: str) -> HFAdapter:
        return cls(parse_spec(argument))

    def _with_peft(self, model: Any) -> Any:
        if not self.settings.peft:
            return model
        try:
            from peft import PeftModel
        except ImportError as exc:
            raise AdapterError(f"hf: peft= needs the peft package ({exc})") from None
        names: list[str] = []
        try:
            for index, directory in enumerate(self.settings.peft):
                name = f"{directory.resolve().name}_{index}"
                if index == 0:
                    model = PeftModel.from_pretrained(model, directory, adapter_name=name)
                else:
                    model.load_adapter(directory, adapter_name=name)
                names.append(name)
        except Exception as exc:  # incompatible adapter, bad weights: one line for the user
            raise AdapterError(
                f"hf: cannot load peft adapter {str(directory)!r}: {_first_line(exc)}"
            ) from exc
        if len(names) > 1:
            model.base_model.set_adapter(names)  # all adapters active at once
        return model

    def _eos_ids(self) -> set[int]:
        ids: set[int] = set()
        for source in (
            self.tokenizer.eos_token_id,
            getattr(self.model.generation_config, "eos_token_id", None),
        ):
            if isinstance(source, int):
                ids.add(source)
            elif isinstance(source, list):
                ids.update(i for i in source if isinstance(i, int))
        return ids

    def render(self, request: GenerationRequest) -> str:
        """The prompt text the model sees: chat template when in use, else the plain format."""
        if not (self.use_chat and request.messages):
            return plain_prompt(request)
        messages = [{"role": m.role, "content": m.content} for m in request.messages]
        try:
            text = self.tokenizer.apply_chat_template(
                messages, add_generation_prompt=True, tokenize=False
            )
        except Exception:  # noqa: BLE001 (e.g. a template that refuses a system role)
            text = self._template_without_system(messages, request.item_id)
        return str(text)

    def _template_without_system(self, messages: list[dict[str, str]], item_id: str) -> Any:
        """Fold system text into the first user turn, for templates without a system role."""
        system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
        rest = [dict(m) for m in messages if m["role"] != "system"]
        if system and rest and rest[0]["role"] == "user":
            rest[0]["content"] = f"{system}\n\n{rest[0]['content']}"
        try:
            return self.tokenizer.apply_chat_template(
                rest, add_generation_prompt=True, tokenize=False
            )
        except Exception as exc:  # a template error is the user's to see, in one line
            raise AdapterError(
                f"hf: the chat template of {str(self.settings.path)!r} fails on "
                f"item {item_id!r}: {_first_line(exc)} (chat=off uses the "
                "plain format)"
            ) from exc

    def _encode(self, request: GenerationRequest) -> list[int]:
        templated = self.use_chat and bool(request.messages)  # templates carry their own BOS
        ids = self.tokenizer(self.render(request), add_special_tokens=not templated)["input_ids"]
        if not ids:  # generation needs at least one token to condition on
            start = self.tokenizer.bos_token_id
            if start is None:
                raise AdapterError(
                    f"hf: item {request.item_id!r}: the prompt is empty and the "
                    "tokenizer has no BOS token to start from"
                )
            ids = [start]
        return [int(i) for i in ids]

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[str]]:
        return [
            [text for text, _ in completions]
            for completions in self.generate_with_finish_reasons(requests)
        ]

    def generate_with_finish_reasons(
        self, requests: Sequence[GenerationRequest]
    ) -> list[list[Completion]]:
        """Like `generate`, with each completion's finish_reason ("stop" or "length")."""
        rows = []
        for index, request in enumerate(requests):
            ids = self._encode(request)
            rows += [_Row(index, sample, ids) for sample in range(request.n)]
        rows.sort(key=lambda row: len(row.ids))  # similar lengths share a batch: less padding
        out: list[list[Completion | None]] = [[None] * r.n for r in requests]
        size = self.settings.batch_size
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            for row, completion in zip(batch, self._generate_batch(requests, batch), strict=True):
                out[row.request][row.sample] = completion
        return [[c for c in completions if c is not None] for completions in out]

    def _generate_batch(
        self, requests: Sequence[GenerationRequest], batch: list[_Row]
    ) -> list[Completion]:
        import torch
        from transformers import GenerationConfig, LogitsProcessorList, StoppingCriteriaList

        width = max(len(row.ids) for row in batch)
        pad = int(self.tokenizer.pad_token_id)
        input_ids = torch.tensor([[pad] * (width - len(r.ids)) + r.ids for r in batch])
        mask = torch.tensor([[0] * (width - len(r.ids)) + [1] * len(r.ids) for r in batch])
        chosen = [requests[row.request] for row in batch]
        sampler = _Sampler(
            chosen,
            [
                derived_seed(requests[r.request].seed, requests[r.request].item_id, r.sample)
                for r in batch
            ],
            self.device,
        )
        stopper = _Stopper(self.tokenizer, chosen, width, self.eos_ids)
        config = GenerationConfig(  # type: ignore[no-untyped-call]
            do_sample=False,
            num_beams=1,
            max_new_tokens=max(r.max_new_tokens for r in chosen),
            pad_token_id=pad,
            eos_token_id=sorted(self.eos_ids) or None,
            repetition_penalty=1.0,
            no_repeat_ngram_size=0,
        )  # the request alone sets decoding
        with torch.inference_mode():
            sequences = self.model.generate(
                input_ids=input_ids.to(self.device),
                attention_mask=mask.to(self.device),
                generation_config=config,
                logits_processor=LogitsProcessorList([sampler]),
                stopping_criteria=StoppingCriteriaList([stopper]),
            )
        completions = []
        for index, request in enumerate(chosen):
            length = stopper.length[index]
            new = sequences[
                index, width : width + (length if length is not None else request.max_new_tokens)
            ].tolist()
            hit_eos = next((i for i, token in enumerate(new) if token in self.eos_ids), None)
            text = self.tokenizer.decode(new[:hit_eos], skip_special_tokens=True)
            text, stopped = truncate_at_stop(text, request.stop)
            completions.append((text, "stop" if stopped or hit_eos is not None else "length"))
        return completions


class _Sampler:
    """Logits processor that draws each row's next token with that row's own generator.

    generate() runs in greedy mode; this processor leaves only the drawn token finite, so the
    argmax is the draw. Temperature 0 means greedy; top_p keeps the smallest nucleus.
    """

    def __init__(
        self, requests: list[GenerationRequest], seeds: list[int], device: torch.device
    ) -> None:
        import torch

        self.requests = requests
        self.generators = []
        for seed in seeds:
            generator = torch.Generator(device=device)
            generator.manual_seed(seed)
            self.generators.append(generator)

    def __call__(self, input_ids: torch.Tensor, scores: torch.Tensor) -> torch.Tensor:
        import torch

        tokens = []
        for row, request in enumerate(self.requests):
            logits = scores[row].float()
            if request.temperature <= 0:
                tokens.append(int(torch.argmax(logits)))
                continue
            probs = torch.softmax(logits / request.temperature, dim=-1)
            if request.top_p < 1.0:
                ordered, order = torch.sort(probs, descending=True)
                before = torch.cumsum(ordered, dim=-1) - ordered  # mass strictly above each
                ordered[before >= request.top_p] = 0.0
                probs = torch.zeros_like(probs).scatter_(0, order, ordered)
            drawn = torch.multinomial(probs, 1, generator=self.generators[row])
            tokens.append(int(drawn))
        out = torch.full_like(scores, float("-inf"))
        out[torch.arange(len(tokens)), torch.tensor(tokens, device=scores.device)] = 0.0
        return out


class _Stopper:
    """Stopping criterion per row: EOS, the row's own max_new_tokens, or one of its stop strings.

    Records how many new tokens each row keeps, so rows of one batch may have different limits.
    """

    def __init__(
        self,
        tokenizer: Any,
        requests: list[GenerationRequest],
        prompt_width: int,
        eos_ids: set[int],
    ) -> None:
        self.tokenizer = tokenizer
        self.requests = requests
        self.width = prompt_width
        self.eos_ids = eos_ids
        self.length: list[int | None] = [None] * len(requests)

    def __call__(self, input_ids: torch.Tensor, scores: Any, **_: Any) -> torch.Tensor:
        import torch

        new = input_ids.shape[1] - self.width
        for row, request in enumerate(self.requests):
            if self.length[row] is not None:
                continue
            last = int(input_ids[row, -1])
            if last in self.eos_ids or new >= request.max_new_tokens:
                self.length[row] = new
            elif request.stop:
                text = self.tokenizer.decode(
                    input_ids[row, self.width :].tolist(), skip_special_tokens=True
                )
                if truncate_at_stop(text, request.stop)[1]:
                    self.length[row] = new
        done = [length is not None for length in self.length]
        return torch.tensor(done, dtype=torch.bool, device=input_ids.device)
