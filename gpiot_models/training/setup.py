"""Checks and preparation before `gpiot train` loads a model: options, sources, OUT, the base.

Everything here fails fast with a one-line `DataError`, before torch or the base model load.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from gpiot_models.pect.config import CONFIG_FILE
from gpiot_models.training.data import DataError

if TYPE_CHECKING:
    from gpiot_models.train import TrainOptions

TINY = "tiny"
KNOWLEDGE_DIR = "knowledge"  # a --knowledge DIR is copied here, inside OUT
BUILTIN_KNOWLEDGE, NO_KNOWLEDGE = "builtin", "none"


def sources(args: TrainOptions) -> dict[str, Path]:
    paths = {
        "td": args.tdd or (args.data / "tdd" if args.data else None),
        "cg": args.cgd or (args.data / "cgd" if args.data else None),
    }
    missing = [f"--{s}d" for s, path in paths.items() if path is None]
    if missing:
        raise DataError(f"gpiot train: give --data DIR or {' and '.join(missing)}")
    return {s: Path(path) for s, path in paths.items() if path is not None}


def check_options(args: TrainOptions) -> None:
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
    if not 0.0 <= args.min_role_share <= 1.0:
        raise DataError("gpiot train: --min-role-share must be in [0, 1]")
    if args.load_in_8bit and args.load_in_4bit:
        raise DataError("gpiot train: choose one of --load-in-8bit and --load-in-4bit")
    if args.tiny_hidden % 4:
        raise DataError("gpiot train: --tiny-hidden must be a multiple of 4 (4 heads)")


def prepare_out(args: TrainOptions) -> bool:
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


def base_dir(args: TrainOptions, rows: dict[str, list[list[dict[str, str]]]]) -> Path:
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


def knowledge_source(args: TrainOptions) -> Path | None:
    """The --knowledge directory to copy into OUT (None for builtin / none); checked early."""
    if args.knowledge in (BUILTIN_KNOWLEDGE, NO_KNOWLEDGE):
        return None
    source = Path(args.knowledge).expanduser()
    if not source.is_dir():
        raise DataError(
            f"gpiot train: --knowledge {args.knowledge!r} is neither 'builtin', 'none' nor a "
            "directory of documents or a saved knowledge store"
        )
    return source


def copy_knowledge(source: Path | None, out: Path) -> Path | None:
    """Copy a --knowledge directory into OUT/knowledge (once); its new place, or None."""
    if source is None:
        return None
    target = out / KNOWLEDGE_DIR
    if not target.exists():
        shutil.copytree(source, target)
    return target
