"""A real-size PECT dry run on the CPU: a ~1B base in bf16 with activation checkpointing.

A random-weight model with the shape of Llama-3.2-1B (1.24 B parameters; `--shape` takes any name
`gpiot params --config` knows) is built in bf16, PECT adapters (fp32, rank 64) are attached, and
a few co-tuning steps run as `gpiot train --dtype bf16 --gradient-checkpointing` runs them (TD
and CG batches alternate). The process's peak RSS is printed beside the estimate of
`gpiot_models.pect.memory` plus what the process held before the model was built (Python, torch,
transformers). Run alone or from benchmarks/pect.py:

    .venv/bin/python benchmarks/pect_dry_run.py [--shape llama-3.2-1b] [--seq 64] [--batch 1]
        [--steps 2] [--rank 64] [--threads N]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GIB = 1024.0**3


def rss_bytes() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024.0


def build(shape: dict[str, Any]) -> Any:
    """A random-weight causal LM of `shape`, created directly in bf16."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    settings = dict(shape)
    config = AutoConfig.for_model(settings.pop("model_type"), **settings)
    torch.manual_seed(0)
    return AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16)  # type: ignore[no-untyped-call]


def run(shape_name: str, seq: int, batch: int, steps: int, rank: int) -> list[str]:
    """Build, attach, take `steps` steps; the lines to print."""
    import torch
    import transformers  # noqa: F401  (its import is part of the process baseline)

    from gpiot_models.pect import PECTConfig
    from gpiot_models.pect.memory import estimate, shape_of
    from gpiot_models.pect.params import SHAPES
    from gpiot_models.training.methods import PECTMethod, prepare_base

    baseline = rss_bytes()
    shape = SHAPES[shape_name]
    started = time.perf_counter()
    model = build(shape)
    built = time.perf_counter() - started
    prepare_base(model, gradient_checkpointing=True)
    method = PECTMethod(model, PECTConfig(rank=rank, proj_rank=rank), seed=0)
    method.train(True)
    optimizer = torch.optim.AdamW(method.parameters(), lr=1e-4)
    generator = torch.Generator().manual_seed(0)
    answer = seq // 2
    times = []
    for step in range(steps):
        ids = torch.randint(3, int(shape["vocab_size"]), (batch, seq), generator=generator)
        labels = ids.clone()
        labels[:, : seq - answer] = -100
        data = {"input_ids": ids, "attention_mask": torch.ones_like(ids), "labels": labels}
        tick = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        loss = method.loss(data, ("td", "cg")[step % 2])
        loss.backward()
        optimizer.step()
        times.append(time.perf_counter() - tick)
    peak = rss_bytes()
    base = sum(p.numel() for p in model.parameters())
    adapters = sum(p.numel() for p in method.parameters())
    dtypes = sorted({str(p.dtype).replace("torch.", "") for p in method.parameters()})
    e = estimate(shape_of(shape, base, adapters), "bf16", True, batch, seq, answer)
    expected = baseline + e.total
    return [
        f"dry run: random {shape_name} shape ({base / 1e9:.2f} B parameters) in bf16, PECT rank "
        f"{rank} ({adapters / 1e6:.1f} M adapter parameters, {', '.join(dtypes)}), activation "
        f"checkpointing, batch {batch} x {seq} tokens on two streams, {steps} steps "
        f"(built in {built:.0f} s)",
        f"  step times: {', '.join(f'{t:.1f} s' for t in times)}; loss {float(loss.detach()):.3f}",
        f"  estimate (gpiot params --memory): weights {e.weights / GIB:.2f} + adapters with "
        f"AdamW {e.adapters / GIB:.2f} + activations {e.activations / GIB:.2f} + logits "
        f"{e.logits / GIB:.2f} = {e.total / GIB:.2f} GiB",
        f"  process before the model (python, torch, transformers): {baseline / GIB:.2f} GiB; "
        f"expected peak {expected / GIB:.2f} GiB",
        f"  measured peak RSS: {peak / GIB:.2f} GiB (measured / expected = {peak / expected:.2f})",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", default="llama-3.2-1b", help="a gpiot params --config name")
    parser.add_argument("--seq", type=int, default=64, help="tokens per row (half are answer)")
    parser.add_argument("--batch", type=int, default=1, help="rows per batch (x2 streams)")
    parser.add_argument("--steps", type=int, default=2)
    parser.add_argument("--rank", type=int, default=64, help="LoRA rank and projection width")
    parser.add_argument("--threads", type=int, help="torch CPU threads (default: torch's)")
    args = parser.parse_args()
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    for line in run(args.shape, args.seq, args.batch, args.steps, args.rank):
        print(line, flush=True)


if __name__ == "__main__":
    main()
