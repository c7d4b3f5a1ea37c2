"""The optimisation loop of `gpiot train`: mixed batches, accumulation, cosine LR, checkpoints.

A checkpoint (OUT/checkpoints/step-NNNNNN) is a loadable GPIoT checkpoint plus
``trainer_state.pt`` (optimizer, scheduler, sampler, torch RNG, step), so a resumed run takes the
same steps as an uninterrupted one. Every optimizer step appends one JSON line to
OUT/train_log.jsonl.
"""

from __future__ import annotations

import json
import math
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from gpiot_models.training.data import DataError, Example, MixedSampler, collate
from gpiot_models.training.methods import Method

STATE_FILE = "trainer_state.pt"
LOG_FILE = "train_log.jsonl"
CHECKPOINTS = "checkpoints"


@dataclass(frozen=True)
class LoopSettings:
    steps: int
    batch_size: int
    grad_accum: int
    lr: float
    warmup_ratio: float
    weight_decay: float
    max_grad_norm: float
    td_share: float
    seed: int
    save_every: int
    keep: int
    progress: bool


def latest_checkpoint(out: Path) -> Path | None:
    found = sorted((out / CHECKPOINTS).glob("step-*/" + STATE_FILE))
    return found[-1].parent if found else None


def _rng_state() -> dict[str, Any]:
    state: dict[str, Any] = {"torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def _set_rng_state(state: dict[str, Any]) -> None:
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


class Trainer:
    """Runs `settings.steps` optimizer steps of `method`, resuming from a checkpoint if given."""

    def __init__(
        self,
        method: Method,
        examples: dict[str, list[Example]],
        pad_id: int,
        settings: LoopSettings,
        out: Path,
        write_checkpoint: Callable[[Path], None],
        run_args: dict[str, Any],
    ) -> None:
        from transformers import get_cosine_schedule_with_warmup

        self.method, self.examples, self.pad_id = method, examples, pad_id
        self.settings, self.out = settings, out
        self.write_checkpoint, self.run_args = write_checkpoint, run_args
        self.parameters = method.parameters()
        self.optimizer = torch.optim.AdamW(
            self.parameters, lr=settings.lr, weight_decay=settings.weight_decay
        )
        warmup = math.ceil(settings.warmup_ratio * settings.steps)
        self.scheduler = get_cosine_schedule_with_warmup(self.optimizer, warmup, settings.steps)
        self.sampler = MixedSampler(
            {s: len(e) for s, e in examples.items()},
            settings.batch_size,
            settings.td_share,
            settings.seed,
        )
        self.step = 0

    # -- resume -----------------------------------------------------------------------------
    def resume(self, checkpoint: Path) -> None:
        state = torch.load(checkpoint / STATE_FILE, weights_only=True)
        changed = sorted(
            key
            for key in set(state["args"]) | set(self.run_args)
            if state["args"].get(key) != self.run_args.get(key)
        )
        if changed:
            raise DataError(
                f"gpiot train: --resume with different settings than the run in "
                f"{checkpoint} ({', '.join(changed)}); use the same options"
            )
        self.method.load(checkpoint)
        self.optimizer.load_state_dict(state["optimizer"])
        self.scheduler.load_state_dict(state["scheduler"])
        self.sampler.load_state_dict(state["sampler"])
        _set_rng_state(state["rng"])
        self.step = int(state["step"])
        log = self.out / LOG_FILE
        if log.exists():  # drop lines of steps after the checkpoint (the run died later)
            kept = [
                line
                for line in log.read_text(encoding="utf-8").splitlines()
                if line.strip() and json.loads(line)["step"] <= self.step
            ]
            log.write_text("".join(line + "\n" for line in kept), encoding="utf-8")

    # -- the loop ---------------------------------------------------------------------------
    def run(self) -> list[dict[str, Any]]:
        from tqdm import tqdm

        settings, records = self.settings, []
        self.method.train(True)
        bar = tqdm(
            total=settings.steps,
            initial=self.step,
            disable=not settings.progress,
            desc="gpiot train",
            unit="step",
        )
        with (self.out / LOG_FILE).open("a", encoding="utf-8") as log, bar:
            while self.step < settings.steps:
                record = self._one_step()
                records.append(record)
                log.write(json.dumps(record) + "\n")
                log.flush()
                bar.update(1)
                bar.set_postfix(loss=f"{record['loss']:.4f}")
                if (
                    settings.save_every and self.step % settings.save_every == 0
                ) or self.step == settings.steps:
                    self._save_checkpoint()
        self.method.train(False)
        return records

    def _one_step(self) -> dict[str, Any]:
        started = time.perf_counter()
        self.optimizer.zero_grad(set_to_none=True)
        losses: dict[str, list[float]] = {"td": [], "cg": []}
        tokens = 0
        for _ in range(self.settings.grad_accum):
            source, indices = self.sampler.next()
            batch = collate([self.examples[source][i] for i in indices], self.pad_id)
            loss = self.method.loss(batch, source)
            (loss / self.settings.grad_accum).backward()  # type: ignore[no-untyped-call]
            losses[source].append(float(loss.detach()))
            tokens += int((batch["labels"][:, 1:] >= 0).sum())
        with_grad = [p for p in self.parameters if p.grad is not None]
        norm = torch.nn.utils.clip_grad_norm_(with_grad, self.settings.max_grad_norm)
        self.optimizer.step()  # parameters without a gradient (the other path) stay untouched
        lr = self.scheduler.get_last_lr()[0]
        self.scheduler.step()
        self.step += 1
        every = losses["td"] + losses["cg"]
        record: dict[str, Any] = {
            "step": self.step,
            "loss": sum(every) / len(every),
            "lr": lr,
            "grad_norm": float(norm),
            "tokens": tokens,
        }
        for source, values in losses.items():
            if values:
                record[f"loss_{source}"] = sum(values) / len(values)
        record["seconds"] = round(time.perf_counter() - started, 4)
        return record

    def _save_checkpoint(self) -> None:
        root = self.out / CHECKPOINTS
        final = root / f"step-{self.step:06d}"
        partial = root / f".step-{self.step:06d}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        self.write_checkpoint(partial)
        torch.save(
            {
                "step": self.step,
                "optimizer": self.optimizer.state_dict(),
                "scheduler": self.scheduler.state_dict(),
                "sampler": self.sampler.state_dict(),
                "rng": _rng_state(),
                "args": self.run_args,
            },
            partial / STATE_FILE,
        )
        shutil.rmtree(final, ignore_errors=True)
        partial.rename(final)
        for old in sorted(root.glob("step-*"))[: -max(self.settings.keep, 1)]:
            shutil.rmtree(old)
