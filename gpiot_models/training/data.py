"""Training data for `gpiot train`: read TDD / CGD, tokenise, mask, and draw mixed batches.

A source is a `datasets` directory written with ``save_to_disk`` or a ``.jsonl`` file; each row
has ``messages`` = [{"role", "content"}, ...] ending with the assistant turn (other columns are
ignored). The prompt is rendered exactly as the runtime renders it at inference (the tokenizer's
chat template when it has one, else the hf adapter's plain format), and only the assistant tokens
(plus EOS) carry loss.
"""

from __future__ import annotations

import importlib
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.adapter_options import plain_prompt
from harness.adapters import GenerationRequest, Message

SOURCES = ("td", "cg")  # TDD trains the TD path, CGD the CG path
IGNORE = -100


class DataError(ValueError):
    """Bad training data; the message names the file and field (one line)."""


@dataclass(frozen=True)
class Example:
    ids: list[int]
    start: int  # first position whose token carries loss (the assistant part)


def read_rows(path: Path) -> list[list[dict[str, str]]]:
    """The `messages` of every row of a dataset directory or .jsonl file, validated."""
    rows: list[Any]
    if path.is_dir():
        try:
            dataset: Any = importlib.import_module("datasets").load_from_disk(str(path))
        except Exception as exc:  # noqa: BLE001 (datasets raises many kinds; one line for the user)
            raise DataError(f"{path}: not a `datasets` save_to_disk directory ({exc})") from None
        if "messages" not in dataset.column_names:
            raise DataError(f"{path}: no 'messages' column (columns: {dataset.column_names})")
        rows = list(dataset["messages"])
    elif path.suffix == ".jsonl" and path.is_file():
        rows = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"{path}:{number}: not JSON ({exc.msg})") from None
            if not isinstance(record, dict) or "messages" not in record:
                raise DataError(f"{path}:{number}: expected an object with field 'messages'")
            rows.append(record["messages"])
    else:
        raise DataError(f"{path}: expected a datasets directory or a .jsonl file")
    if not rows:
        raise DataError(f"{path}: no rows")
    return [_check_messages(path, index, row) for index, row in enumerate(rows)]


def _check_messages(path: Path, index: int, row: Any) -> list[dict[str, str]]:
    where = f"{path}: row {index}: field 'messages'"
    if not isinstance(row, list) or len(row) < 2:
        raise DataError(f"{where} must be a list of at least two {{role, content}} turns")
    for turn in row:
        if not (
            isinstance(turn, dict)
            and isinstance(turn.get("role"), str)
            and isinstance(turn.get("content"), str)
        ):
            raise DataError(f"{where}: every turn needs string 'role' and 'content'")
    if row[-1]["role"] != "assistant":
        raise DataError(f"{where}: the last turn must be the assistant's answer")
    return [{"role": turn["role"], "content": turn["content"]} for turn in row]


def render_prompt(tokenizer: Any, messages: Sequence[dict[str, str]]) -> tuple[str, bool]:
    """The prompt text before the answer and whether a chat template made it.

    Same rendering as the hf adapter's `render` (with chat=auto), so training and inference see
    identical prompts: the template with a generation prompt; a system turn folded into the
    first user turn for templates that refuse one; the plain format without a template.
    """
    if not getattr(tokenizer, "chat_template", None):
        turns = tuple(Message(m["role"], m["content"]) for m in messages)
        return plain_prompt(GenerationRequest(item_id="", messages=turns, prompt="")), False
    try:
        text = tokenizer.apply_chat_template(
            list(messages), add_generation_prompt=True, tokenize=False
        )
    except Exception:  # noqa: BLE001 (a template without a system role)
        system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
        rest = [dict(m) for m in messages if m["role"] != "system"]
        if system and rest and rest[0]["role"] == "user":
            rest[0]["content"] = f"{system}\n\n{rest[0]['content']}"
        text = tokenizer.apply_chat_template(rest, add_generation_prompt=True, tokenize=False)
    return str(text), True


# a cut prompt keeps 1/PROMPT_HEAD of its budget from its start and the rest from its end, and
# at least 1/PROMPT_FLOOR of max_len (or all of a shorter prompt)
PROMPT_HEAD = 4
PROMPT_FLOOR = 4


@dataclass
class LengthReport:
    """How one source's rows fared against --max-len (see `encode_all`)."""

    rows: int = 0
    fit: int = 0  # prompt and answer whole
    prompt_cut: int = 0  # the middle of the prompt removed
    answer_cut: int = 0  # the end of the answer removed
    dropped: int = 0  # not used: too long with --too-long drop, or an empty answer

    @property
    def used(self) -> int:
        return self.rows - self.dropped

    def as_dict(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "used": self.used,
            "fit": self.fit,
            "prompt_cut": self.prompt_cut,
            "answer_cut": self.answer_cut,
            "dropped": self.dropped,
        }


def cut_to_fit(prompt: list[int], answer: list[int], max_len: int) -> tuple[list[int], list[int]]:
    """Prompt and answer cut to `max_len` tokens together, on the prompt side first.

    The answer stays whole whenever the prompt can make room for it while keeping a quarter of
    `max_len` (or all of a shorter prompt); only a longer answer loses its end. The prompt loses
    its middle: it keeps the first quarter of its budget (the start of the system message) and
    the rest from its end (the end of the request and the marker that opens the answer, right
    before the answer tokens).
    """
    if len(prompt) + len(answer) <= max_len:
        return prompt, answer
    budget = max(max_len - len(answer), min(len(prompt), max_len // PROMPT_FLOOR))
    budget = min(budget, len(prompt), max_len - 1)
    answer = answer[: max_len - budget]
    if budget < len(prompt):
        head = budget // PROMPT_HEAD
        prompt = prompt[:head] + prompt[len(prompt) - (budget - head) :]
    return prompt, answer


def tokens(tokenizer: Any, messages: Sequence[dict[str, str]]) -> tuple[list[int], list[int]]:
    """(prompt ids, answer ids + EOS) of one row, the prompt rendered as at inference."""
    text, templated = render_prompt(tokenizer, messages[:-1])
    prompt = list(tokenizer(text, add_special_tokens=not templated)["input_ids"])
    answer = list(tokenizer(messages[-1]["content"], add_special_tokens=False)["input_ids"])
    if tokenizer.eos_token_id is not None:
        answer.append(int(tokenizer.eos_token_id))
    return prompt, answer


def encode(
    tokenizer: Any, messages: Sequence[dict[str, str]], max_len: int, truncate: bool = True
) -> Example | None:
    """Prompt ids + answer ids + EOS within `max_len` (cut by `cut_to_fit` when `truncate`).

    None when the row cannot be used: its answer is empty, or it is too long and `truncate` is
    off.
    """
    return _fit(*tokens(tokenizer, messages), max_len, truncate)


def _fit(prompt: list[int], answer: list[int], max_len: int, truncate: bool) -> Example | None:
    if not answer or max_len < 2 or (not truncate and len(prompt) + len(answer) > max_len):
        return None
    prompt, answer = cut_to_fit(prompt, answer, max_len)
    return Example(ids=prompt + answer, start=len(prompt))


def encode_all(
    tokenizer: Any, rows: list[list[dict[str, str]]], max_len: int, truncate: bool = True
) -> tuple[list[Example], LengthReport]:
    """Encoded examples of one source and how its rows fared against `max_len`."""
    report = LengthReport(rows=len(rows))
    kept = []
    for row in rows:
        prompt, answer = tokens(tokenizer, row)
        example = _fit(prompt, answer, max_len, truncate)
        if example is None:
            report.dropped += 1
            continue
        kept.append(example)
        report.fit += len(prompt) + len(answer) <= max_len
        report.prompt_cut += example.start < len(prompt)
        report.answer_cut += len(example.ids) - example.start < len(answer)
    return kept, report


def collate(examples: Sequence[Example], pad_id: int) -> dict[str, Any]:
    """Right-padded input_ids, attention_mask and labels (IGNORE outside the answers)."""
    import torch

    width = max(len(example.ids) for example in examples)
    ids, mask, labels = [], [], []
    for example in examples:
        pad = width - len(example.ids)
        ids.append(example.ids + [pad_id] * pad)
        mask.append([1] * len(example.ids) + [0] * pad)
        labels.append([IGNORE] * example.start + example.ids[example.start :] + [IGNORE] * pad)
    return {
        "input_ids": torch.tensor(ids),
        "attention_mask": torch.tensor(mask),
        "labels": torch.tensor(labels),
    }


class MixedSampler:
    """Draws (source, example indices) batches: source at random by share, then in epoch order.

    Each source walks through its own shuffled order and reshuffles when it runs out, so a
    source's examples are all seen before any repeats. The whole state (random generator,
    orders, cursors) round-trips through `state_dict`, which makes a resumed run draw the same
    batches as an uninterrupted one.
    """

    def __init__(self, sizes: dict[str, int], batch_size: int, td_share: float, seed: int) -> None:
        self.sizes = sizes
        self.batch_size = batch_size
        self.td_share = td_share
        self.rng = random.Random(seed)
        self.order: dict[str, list[int]] = {source: [] for source in sizes}
        self.cursor = {source: 0 for source in sizes}
        self.epoch = {source: 0 for source in sizes}

    def next(self) -> tuple[str, list[int]]:
        source = "td" if self.rng.random() < self.td_share else "cg"
        picked: list[int] = []
        while len(picked) < min(self.batch_size, self.sizes[source]):
            if self.cursor[source] >= len(self.order[source]):
                order = list(range(self.sizes[source]))
                self.rng.shuffle(order)
                self.order[source], self.cursor[source] = order, 0
                self.epoch[source] += 1
            picked.append(self.order[source][self.cursor[source]])
            self.cursor[source] += 1
        return source, picked

    def state_dict(self) -> dict[str, Any]:
        return {
            "rng": self.rng.getstate(),
            "order": self.order,
            "cursor": self.cursor,
            "epoch": self.epoch,
        }

    def load_state_dict(self, state: dict[str, Any]) -> None:
        version, internal, gauss = state["rng"]
        self.rng.setstate((version, tuple(internal), gauss))
        self.order = {k: list(v) for k, v in state["order"].items()}
        self.cursor = dict(state["cursor"])
        self.epoch = dict(state["epoch"])
