"""`gpiot train`: co-tune PECT adapters (or the plain-LoRA ablation) on TDD + CGD.

    gpiot train --base MODEL_DIR|tiny --data DIR --out OUT [--method pect|lora] [--steps N]
    gpiot train --base tiny --tdd TDD.jsonl --cgd CGD.jsonl --out OUT ...

``--data DIR`` reads DIR/tdd and DIR/cgd (`datasets` save_to_disk directories); ``--tdd`` /
``--cgd`` take such directories or .jsonl files. ``--base tiny`` builds a random-weight Llama in
OUT/base whose tokenizer is trained on the training text (no hub), for CPU runs in minutes. OUT
ends up a checkpoint `GPIoTModel.load` reads; OUT/checkpoints/ keeps resumable states
(``--resume``) and OUT/train_log.jsonl the loss of every step. From Python: ``train(TrainOptions(
base=..., out=..., data=...))``, whose fields are the command's options.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from gpiot_models.pect.config import CONFIG_FILE, CheckpointConfig, CheckpointError, PECTConfig
from gpiot_models.training.data import SOURCES, DataError, encode_all, read_rows

TINY = "tiny"
# options that may differ between a run and its resumption
_RUN_ONLY = {"resume", "progress", "threads", "device", "out"}


@dataclass(frozen=True)
class TrainOptions:
    """One training run; each field is the `gpiot train` option of the same name (``proj_rank``
    is ``--proj-rank``), with the same default."""

    base: str  # frozen base model directory, or "tiny"
    out: Path  # checkpoint directory to create
    data: Path | None = None  # directory holding tdd/ and cgd/ datasets
    tdd: Path | None = None  # TDD dataset directory or .jsonl (overrides data)
    cgd: Path | None = None  # CGD dataset directory or .jsonl (overrides data)
    method: str = "pect"  # or "lora": two separate peft adapters (w/o PECT)
    rank: int = 64
    alpha: float = 16.0
    dropout: float = 0.1
    proj_rank: int = 64  # SwiGLU projection width
    lam: float = 0.5  # λ of the shared k/v adapter
    gamma: float = 0.5  # γ of the projections
    steps: int | None = None  # optimizer steps (default: from epochs)
    epochs: float = 5.0
    batch_size: int = 2
    grad_accum: int = 4
    lr: float = 1e-4
    warmup_ratio: float = 0.03
    weight_decay: float = 0.0
    max_grad_norm: float = 0.3
    max_len: int = 1024  # tokens per example
    td_share: float | None = None  # probability a batch comes from TDD (default: its row share)
    seed: int = 0
    save_every: int = 200  # steps between checkpoints
    keep: int = 2  # checkpoints kept
    resume: bool = False  # continue out's latest checkpoint
    device: str | None = None  # "cpu" or "cuda"; default: cuda when available
    threads: int | None = None  # torch CPU threads
    progress: bool = True
    tiny_hidden: int = 128  # base "tiny" only: hidden size, layers, vocabulary
    tiny_layers: int = 4
    tiny_vocab: int = 2000


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="gpiot train", description=__doc__.splitlines()[0], argument_default=argparse.SUPPRESS
    )  # TrainOptions has them
    p.add_argument("--base", required=True, help="frozen base model directory, or 'tiny'")
    p.add_argument("--data", type=Path, help="directory holding tdd/ and cgd/ datasets")
    p.add_argument("--tdd", type=Path, help="TDD dataset directory or .jsonl (overrides --data)")
    p.add_argument("--cgd", type=Path, help="CGD dataset directory or .jsonl (overrides --data)")
    p.add_argument("--out", type=Path, required=True, help="checkpoint directory to create")
    p.add_argument(
        "--method",
        choices=("pect", "lora"),
        help="pect (default) or lora: two separate peft adapters (w/o PECT)",
    )
    shape = p.add_argument_group("adapters")
    shape.add_argument("--rank", type=int)
    shape.add_argument("--alpha", type=float)
    shape.add_argument("--dropout", type=float)
    shape.add_argument("--proj-rank", type=int, help="SwiGLU projection width")
    shape.add_argument("--lam", type=float, help="λ of the shared k/v adapter")
    shape.add_argument("--gamma", type=float, help="γ of the projections")
    opt = p.add_argument_group("optimisation")
    opt.add_argument("--steps", type=int, help="optimizer steps (default: from --epochs)")
    opt.add_argument("--epochs", type=float)
    opt.add_argument("--batch-size", type=int)
    opt.add_argument("--grad-accum", type=int)
    opt.add_argument("--lr", type=float)
    opt.add_argument("--warmup-ratio", type=float)
    opt.add_argument("--weight-decay", type=float)
    opt.add_argument("--max-grad-norm", type=float)
    opt.add_argument("--max-len", type=int, help="tokens per example")
    opt.add_argument(
        "--td-share",
        type=float,
        help="probability a batch comes from TDD (default: TDD's share of rows)",
    )
    opt.add_argument("--seed", type=int)
    run = p.add_argument_group("run")
    run.add_argument("--save-every", type=int, help="steps between checkpoints")
    run.add_argument("--keep", type=int, help="checkpoints kept")
    run.add_argument("--resume", action="store_true", help="continue OUT's latest checkpoint")
    run.add_argument("--device", choices=("cpu", "cuda"), help="default: cuda when available")
    run.add_argument("--threads", type=int, help="torch CPU threads")
    run.add_argument("--no-progress", dest="progress", action="store_false")
    tiny = p.add_argument_group("--base tiny")
    tiny.add_argument("--tiny-hidden", type=int)
    tiny.add_argument("--tiny-layers", type=int)
    tiny.add_argument("--tiny-vocab", type=int)
    return p


def _sources(args: TrainOptions) -> dict[str, Path]:
    paths = {
        "td": args.tdd or (args.data / "tdd" if args.data else None),
        "cg": args.cgd or (args.data / "cgd" if args.data else None),
    }
    missing = [f"--{s}d" for s, path in paths.items() if path is None]
    if missing:
        raise DataError(f"gpiot train: give --data DIR or {' and '.join(missing)}")
    return {s: Path(path) for s, path in paths.items() if path is not None}


def _check(args: TrainOptions) -> None:
    positive = (
        "rank",
        "proj_rank",
        "batch_size",
        "grad_accum",
        "max_len",
        "keep",
        "tiny_hidden",
        "tiny_layers",
        "tiny_vocab",
    )
    for name in positive:
        if getattr(args, name) < 1:
            raise DataError(f"gpiot train: --{name.replace('_', '-')} must be at least 1")
    if (args.steps is not None and args.steps < 1) or args.epochs <= 0 or args.lr <= 0:
        raise DataError("gpiot train: --steps, --epochs and --lr must be positive")
    if args.td_share is not None and not 0.0 <= args.td_share <= 1.0:
        raise DataError("gpiot train: --td-share must be in [0, 1]")
    if args.tiny_hidden % 4:
        raise DataError("gpiot train: --tiny-hidden must be a multiple of 4 (4 heads)")


def _prepare_out(args: TrainOptions) -> bool:
    """Refuse to overwrite a previous run unless resuming; True when the run already finished."""
    out: Path = args.out
    if (out / CONFIG_FILE).exists():
        if args.resume:
            return True
        raise DataError(
            f"gpiot train: {out} already holds a finished checkpoint; choose a new --out"
        )
    if out.exists() and any(out.iterdir()) and not args.resume:
        raise DataError(
            f"gpiot train: --out {out} is not empty; pass --resume to continue its "
            "training or choose a new directory"
        )
    out.mkdir(parents=True, exist_ok=True)
    return False


def _base_dir(args: TrainOptions, rows: dict[str, list[list[dict[str, str]]]]) -> Path:
    if args.base != TINY:
        base = Path(args.base).expanduser()
        if not (base / "config.json").is_file():
            raise DataError(
                f"gpiot train: --base {base} is not a transformers model directory "
                "(no config.json); use 'tiny' for a random test model"
            )
        return base
    from gpiot_models.tiny_base import build_tiny_llm

    texts = [turn["content"] for source in rows.values() for row in source for turn in row]
    texts += [f"<|{role}|>" for role in ("system", "user", "assistant")]
    return build_tiny_llm(
        args.out / "base",
        hidden_size=args.tiny_hidden,
        layers=args.tiny_layers,
        texts=texts,
        vocab_size=args.tiny_vocab,
        seed=args.seed,
    )


def main(argv: list[str]) -> int:
    options = TrainOptions(**vars(parser().parse_args(argv)))
    try:
        train(options)
    except (DataError, CheckpointError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 0


def train(args: TrainOptions) -> Path:
    """Train (or resume, or find finished) the checkpoint `args.out`; return its directory.

    Bad options, data or checkpoints raise `DataError` / `CheckpointError` (one line).
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    _check(args)
    pect = PECTConfig(
        rank=args.rank,
        alpha=args.alpha,
        dropout=args.dropout,
        proj_rank=args.proj_rank,
        lam=args.lam,
        gamma=args.gamma,
    )
    paths = _sources(args)
    rows = {source: read_rows(paths[source]) for source in SOURCES}
    if _prepare_out(args):
        print(f"gpiot train: {args.out} is already finished; nothing to do")
        return args.out
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from gpiot_models.training.loop import LoopSettings, Trainer, latest_checkpoint
    from gpiot_models.training.methods import METHODS

    if args.threads:
        torch.set_num_threads(args.threads)
    device = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
    base = _base_dir(args, rows)
    tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
    pad_id = (
        tokenizer.pad_token_id
        if tokenizer.pad_token_id is not None
        else (tokenizer.eos_token_id or 0)
    )
    examples, dropped = {}, {}
    for source in SOURCES:
        examples[source], dropped[source] = encode_all(tokenizer, rows[source], args.max_len)
        if not examples[source]:
            raise DataError(
                f"gpiot train: every {source} example's prompt is longer than "
                f"--max-len {args.max_len}"
            )
    total = sum(len(e) for e in examples.values())
    td_share = args.td_share if args.td_share is not None else len(examples["td"]) / total
    steps = args.steps or max(
        1, math.ceil(args.epochs * total / (args.batch_size * args.grad_accum))
    )
    loaded: Any = AutoModelForCausalLM.from_pretrained(
        base, local_files_only=True, dtype=torch.float32
    )
    model = loaded.to(device).eval()
    model.requires_grad_(False)
    method = METHODS[args.method](model, pect, args.seed)
    summary = {
        "steps": steps,
        "examples": {s: len(e) for s, e in examples.items()},
        "dropped_too_long": dropped,
        "td_share": td_share,
        "lr": args.lr,
        "batch_size": args.batch_size,
        "grad_accum": args.grad_accum,
        "max_len": args.max_len,
        "seed": args.seed,
    }

    def write_checkpoint(directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        method.save(directory)
        tokenizer.save_pretrained(directory)
        relative = os.path.relpath(base.resolve(), directory.resolve())
        CheckpointConfig(method=args.method, base_model=relative, pect=pect, training=summary).save(
            directory
        )

    settings = LoopSettings(
        steps=steps,
        batch_size=args.batch_size,
        grad_accum=args.grad_accum,
        lr=args.lr,
        warmup_ratio=args.warmup_ratio,
        weight_decay=args.weight_decay,
        max_grad_norm=args.max_grad_norm,
        td_share=td_share,
        seed=args.seed,
        save_every=args.save_every,
        keep=args.keep,
        progress=args.progress,
    )
    run_args = {f.name: str(getattr(args, f.name)) for f in fields(args) if f.name not in _RUN_ONLY}
    trainer = Trainer(method, examples, pad_id, settings, args.out, write_checkpoint, run_args)
    checkpoint = latest_checkpoint(args.out) if args.resume else None
    if checkpoint is not None:
        trainer.resume(checkpoint)
        print(f"gpiot train: resuming from {checkpoint} (step {trainer.step} of {steps})")
    started = time.perf_counter()
    records = trainer.run()
    write_checkpoint(args.out)
    if records:
        print(
            f"gpiot train: {len(records)} steps in {time.perf_counter() - started:.1f} s; "
            f"loss {records[0]['loss']:.4f} -> {records[-1]['loss']:.4f}; checkpoint {args.out}"
        )
    return args.out
