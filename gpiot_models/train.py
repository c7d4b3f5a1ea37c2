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
import shutil
import sys
import time
from dataclasses import dataclass, fields
from pathlib import Path

from gpiot_models.pect.config import CheckpointConfig, CheckpointError, PECTConfig
from gpiot_models.pect.loading import DEVICE_MAPS, DTYPES, BaseLoading, Resolved, load_base
from gpiot_models.pect.loading import check as resolve_loading
from gpiot_models.training.data import SOURCES, DataError, encode_all, read_rows
from gpiot_models.training.report import (
    check_roles,
    expected_batches,
    plan_lines,
    read_log,
    summary_lines,
)
from gpiot_models.training.setup import (
    TINY,
    base_dir,
    check_options,
    copy_knowledge,
    knowledge_source,
    prepare_out,
    sources,
)

__all__ = ["TINY", "TrainOptions", "main", "parser", "train"]
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
    too_long: str = "truncate"  # rows over max_len: "truncate" (prompt side first) or "drop"
    min_role_share: float = 0.9  # refuse to start when a role would use less of its rows
    td_share: float | None = None  # probability a batch comes from TDD (default: its row share)
    seed: int = 0
    save_every: int = 200  # steps between checkpoints
    keep: int = 2  # checkpoints kept
    resume: bool = False  # continue out's latest checkpoint
    device: str | None = None  # "cpu" or "cuda"; default: cuda when available
    dtype: str | None = None  # base weights: fp32 | bf16 | fp16 (default fp32 on CPU, bf16 on CUDA)
    load_in_8bit: bool = False  # bitsandbytes int8 base (CUDA only), as in the paper
    load_in_4bit: bool = False  # bitsandbytes nf4 base (CUDA only)
    device_map: str | None = None  # "auto": accelerate spreads a large base over GPUs and CPU
    gradient_checkpointing: bool = False  # recompute activations in backward (less memory)
    knowledge: str = "builtin"  # RTSLM's store, recorded in the checkpoint: builtin | none | DIR
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
        "--too-long",
        choices=("truncate", "drop"),
        help="rows over --max-len: truncate (default; the prompt's middle goes first, the "
        "answer is kept) or drop",
    )
    opt.add_argument(
        "--min-role-share",
        type=float,
        help="refuse to start when a role would use less than this share of its rows (0.9)",
    )
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
    base = p.add_argument_group("base model")
    base.add_argument("--dtype", choices=tuple(DTYPES), help="default: fp32 on CPU, bf16 on CUDA")
    base.add_argument(
        "--load-in-8bit", action="store_true", help="int8 base via bitsandbytes (CUDA only)"
    )
    base.add_argument(
        "--load-in-4bit", action="store_true", help="nf4 base via bitsandbytes (CUDA only)"
    )
    base.add_argument("--device-map", choices=DEVICE_MAPS, help="auto: spread over devices")
    base.add_argument(
        "--gradient-checkpointing",
        action="store_true",
        help="recompute activations in the backward pass (less memory, ~1/3 more time)",
    )
    base.add_argument(
        "--knowledge",
        help="RTSLM retrieval store recorded in the checkpoint: builtin (default, the shipped "
        "IoT notes), none, or a directory (copied into the checkpoint)",
    )
    run.add_argument("--threads", type=int, help="torch CPU threads")
    run.add_argument("--no-progress", dest="progress", action="store_false")
    tiny = p.add_argument_group("--base tiny")
    tiny.add_argument("--tiny-hidden", type=int)
    tiny.add_argument("--tiny-layers", type=int)
    tiny.add_argument("--tiny-vocab", type=int)
    return p


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
    check_options(args)
    pect = PECTConfig(
        rank=args.rank,
        alpha=args.alpha,
        dropout=args.dropout,
        proj_rank=args.proj_rank,
        lam=args.lam,
        gamma=args.gamma,
    )
    knowledge = knowledge_source(args)
    paths = sources(args)
    rows = {source: read_rows(paths[source]) for source in SOURCES}
    import torch

    quantization = "8bit" if args.load_in_8bit else "4bit" if args.load_in_4bit else None
    loading = resolve_loading(
        BaseLoading(args.dtype, quantization, args.device, args.device_map),
        torch.cuda.is_available(),
        "gpiot train",
    )
    fresh_out = not args.out.exists()
    if prepare_out(args):
        print(f"gpiot train: {args.out} is already finished; nothing to do")
        return args.out
    try:
        return _run(args, pect, loading, knowledge, rows)
    except DataError:
        if fresh_out:  # a refused start leaves no half-made OUT behind
            shutil.rmtree(args.out, ignore_errors=True)
        raise


def _run(
    args: TrainOptions,
    pect: PECTConfig,
    loading: Resolved,
    knowledge: Path | None,
    rows: dict[str, list[list[dict[str, str]]]],
) -> Path:
    """The run itself, once the options, data and OUT are checked."""
    import torch
    from transformers import AutoTokenizer

    from gpiot_models.training.loop import LoopSettings, Trainer, latest_checkpoint
    from gpiot_models.training.methods import METHODS, prepare_base

    if args.threads:
        torch.set_num_threads(args.threads)
    base = base_dir(args, rows)
    tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
    pad_id = (
        tokenizer.pad_token_id
        if tokenizer.pad_token_id is not None
        else (tokenizer.eos_token_id or 0)
    )
    examples, lengths = {}, {}
    for source in SOURCES:
        examples[source], lengths[source] = encode_all(
            tokenizer, rows[source], args.max_len, args.too_long == "truncate"
        )
    total = sum(len(e) for e in examples.values())
    td_share = args.td_share if args.td_share is not None else len(examples["td"]) / max(total, 1)
    steps = args.steps or max(
        1, math.ceil(args.epochs * total / (args.batch_size * args.grad_accum))
    )
    batches = expected_batches(steps, args.grad_accum, td_share)
    for line in plan_lines(lengths, batches, args.batch_size, args.max_len):
        print(line)
    check_roles(lengths, batches, args.min_role_share)
    model = load_base(base, loading)
    prepare_base(model, args.gradient_checkpointing)
    method = METHODS[args.method](model, pect, args.seed)
    knowledge_dir = copy_knowledge(knowledge, args.out)
    summary = {
        "steps": steps,
        "examples": {s: len(e) for s, e in examples.items()},
        "lengths": {s: report.as_dict() for s, report in lengths.items()},
        "too_long": args.too_long,
        "td_share": td_share,
        "lr": args.lr,
        "batch_size": args.batch_size,
        "grad_accum": args.grad_accum,
        "max_len": args.max_len,
        "seed": args.seed,
        "base_dtype": loading.dtype,
        "quantization": loading.quantization,
        "gradient_checkpointing": args.gradient_checkpointing,
    }

    def write_checkpoint(directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        method.save(directory)
        tokenizer.save_pretrained(directory)
        relative = os.path.relpath(base.resolve(), directory.resolve())
        recorded = (
            os.path.relpath(knowledge_dir.resolve(), directory.resolve())
            if knowledge_dir is not None
            else args.knowledge
        )
        CheckpointConfig(
            method=args.method,
            base_model=relative,
            pect=pect,
            training=summary,
            knowledge=recorded,
        ).save(directory)

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
        for line in summary_lines(read_log(args.out), method.named_tensors()):
            print(line)
    return args.out
