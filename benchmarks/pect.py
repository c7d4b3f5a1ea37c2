"""PECT costs: memory of three roles on one base, and the time of a co-tuning step.

1. Peak RSS of a process that loads a GPIoT checkpoint (one base + the PECT adapters of all
   roles) and generates with each role, against a process that loads the base alone through the
   hf adapter and generates the same number of tokens; each measured in a fresh subprocess.
2. Time of one PECT training step (two streams: a doubled batch) against one plain peft LoRA
   step on the same model and batch, and against peft LoRA on the doubled batch (what two
   streams cost by construction), so the overhead beyond doubling is visible. Steps are timed
   on a smaller random Llama (default hidden 512 × 4 layers) so a CPU finishes in minutes.

The models are random-weight Llamas (no download; for memory, default hidden 1024 × 12 layers
≈ 115 M parameters). The LoRA rank defaults to the share of the base that r = 64 is on
Llama-2-13B (64 · hidden / 5120), so the adapters weigh what they would at full scale. Usage:

    .venv/bin/python benchmarks/pect.py [--hidden 1024] [--layers 12] [--step-hidden 512]
        [--step-layers 4] [--seq 128] [--batch 2] [--repeats 5] [--threads N]
        [--parts memory,steps,dry-run]

3. The dry run of benchmarks/pect_dry_run.py (a ~1B Llama-shaped base in bf16 with activation
   checkpointing, a few steps), in a fresh process: peak RSS against `gpiot params --memory`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness.adapters import GenerationRequest, Message

MESSAGES = (
    Message("system", "You write Python for IoT devices."),
    Message("user", "Detect R peaks in an ECG signal sampled at 360 Hz."),
)
TOKENS = 16


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def child(kind: str, directory: Path, threads: int | None) -> None:
    """Runs in a fresh interpreter: load, generate, print peak RSS as JSON."""
    import torch

    if threads:
        torch.set_num_threads(threads)
    if kind == "base":
        from baselines.hf import HFAdapter, HFSettings

        adapter = HFAdapter(HFSettings(path=directory))
        request = GenerationRequest(
            item_id="bench",
            messages=MESSAGES,
            prompt="",
            n=1,
            max_new_tokens=TOKENS,
            temperature=0.0,
        )
        for _ in range(3):  # as many generations as the three roles below
            adapter.generate([request])
    else:
        from gpiot_models.pect import ROLES, GPIoTModel

        model = GPIoTModel.load(directory)
        for role in ROLES:
            model.generate(role, MESSAGES, max_new_tokens=TOKENS, temperature=0.0)
    print(json.dumps({"peak_rss_mb": peak_rss_mb()}))


def measure(kind: str, directory: Path, threads: int | None) -> float:
    command = [sys.executable, __file__, "--child", kind, "--dir", str(directory)]
    if threads:
        command += ["--threads", str(threads)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return float(json.loads(done.stdout.strip().splitlines()[-1])["peak_rss_mb"])


def write_checkpoint(base: Path, out: Path, rank: int) -> tuple[int, int]:
    """A PECT checkpoint with random (non-zero) adapters on `base`: (base, adapter) parameters."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from gpiot_models.pect import CheckpointConfig, PECTAdapters, PECTConfig
    from gpiot_models.pect.checkpoint import save_adapters

    model = AutoModelForCausalLM.from_pretrained(base, local_files_only=True)
    config = PECTConfig(rank=rank, proj_rank=rank)
    adapters = PECTAdapters.for_model(model, config)
    with torch.no_grad():
        for parameter in adapters.parameters():
            parameter.normal_(0.0, 0.02)
    out.mkdir(parents=True)
    save_adapters(adapters, out)
    AutoTokenizer.from_pretrained(base, local_files_only=True).save_pretrained(out)
    CheckpointConfig(method="pect", base_model=os.path.relpath(base, out), pect=config).save(out)
    return (
        sum(p.numel() for p in model.parameters()),
        sum(p.numel() for p in adapters.parameters()),
    )


def step_times(base: Path, rank: int, batch: int, seq: int, repeats: int) -> dict[str, float]:
    """Best seconds of one optimizer step: PECT, peft LoRA, peft LoRA on 2× the rows.

    The three are timed in turn, round after round (after a warm-up round), so a machine shared
    with other work slows them alike; the minimum over rounds is the least disturbed time.
    """
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    from gpiot_models.pect import PECTConfig
    from gpiot_models.training.methods import PECTMethod, head_loss

    generator = torch.Generator().manual_seed(0)

    def rows(count: int) -> dict[str, Any]:
        ids = torch.randint(3, 500, (count, seq), generator=generator)
        labels = ids.clone()
        labels[:, : seq // 2] = -100
        return {"input_ids": ids, "attention_mask": torch.ones_like(ids), "labels": labels}

    def fresh() -> Any:
        model: Any = AutoModelForCausalLM.from_pretrained(base, local_files_only=True)
        return model.eval().requires_grad_(False)

    pect = PECTMethod(fresh(), PECTConfig(rank=rank, proj_rank=rank, dropout=0.0), seed=0)
    data = rows(batch)
    lora_model: Any = get_peft_model(
        fresh(),
        LoraConfig(
            r=rank, lora_alpha=16, lora_dropout=0.0, target_modules=["q_proj", "k_proj", "v_proj"]
        ),
    )
    inner = lora_model.get_base_model()

    def lora_loss(d: dict[str, Any]) -> Any:
        hidden = inner.get_decoder()(
            input_ids=d["input_ids"], attention_mask=d["attention_mask"], use_cache=False
        ).last_hidden_state
        return head_loss(inner.get_output_embeddings(), hidden, d["labels"])

    trainable = [p for p in lora_model.parameters() if p.requires_grad]
    doubled = {key: torch.cat([value, value]) for key, value in data.items()}
    cases: dict[str, tuple[Any, list[Any], dict[str, Any]]] = {
        "pect": (lambda d: pect.loss(d, "td"), pect.parameters(), data),
        "lora": (lora_loss, trainable, data),
        "lora_2x_rows": (lora_loss, trainable, doubled),
    }
    optimizers = {
        name: torch.optim.AdamW(params, lr=1e-4) for name, (_, params, _) in cases.items()
    }
    seconds: dict[str, list[float]] = {name: [] for name in cases}
    for round_ in range(repeats + 1):  # round 0 warms up
        for name, (loss_of, _, batch_data) in cases.items():
            started = time.perf_counter()
            optimizers[name].zero_grad(set_to_none=True)
            loss: Any = loss_of(batch_data)
            loss.backward()
            optimizers[name].step()
            if round_:
                seconds[name].append(time.perf_counter() - started)
    return {name: min(values) for name, values in seconds.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hidden", type=int, default=1024)
    parser.add_argument("--layers", type=int, default=12)
    parser.add_argument("--step-hidden", type=int, default=512, help="model for step times")
    parser.add_argument("--step-layers", type=int, default=4)
    parser.add_argument(
        "--rank",
        type=int,
        help="LoRA rank and projection width (default: 64 * hidden / 5120, the 13B share)",
    )
    parser.add_argument("--seq", type=int, default=128, help="tokens per training row")
    parser.add_argument("--batch", type=int, default=2, help="rows per training batch")
    parser.add_argument("--repeats", type=int, default=7, help="timed steps per method")
    parser.add_argument("--threads", type=int, help="torch CPU threads (default: torch's)")
    parser.add_argument(
        "--parts",
        default="memory,steps,dry-run",
        help="comma-separated parts to run: memory (three roles on one base), steps (step "
        "times), dry-run (a ~1B bf16 base with checkpointing, benchmarks/pect_dry_run.py)",
    )
    parser.add_argument("--child", choices=("base", "roles"), help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.dir, args.threads)
        return
    import torch

    from gpiot_models.tiny_base import build_tiny_llm

    if args.threads:
        torch.set_num_threads(args.threads)

    def rank_for(hidden: int) -> int:
        return int(args.rank or max(1, round(64 * hidden / 5120)))

    rank = rank_for(args.hidden)
    parts = set(args.parts.split(","))
    with tempfile.TemporaryDirectory(prefix="pect-bench-") as tmp:
        if "memory" in parts:
            base = build_tiny_llm(Path(tmp) / "base", hidden_size=args.hidden, layers=args.layers)
            base_params, extra = write_checkpoint(base, Path(tmp) / "ckpt", rank)
            print(
                f"model: random Llama, hidden {args.hidden}, {args.layers} layers, "
                f"{base_params / 1e6:.1f} M parameters; PECT rank {rank}: {extra / 1e6:.2f} M "
                f"adapter parameters ({100 * extra / base_params:.2f} % of the base, all roles)"
            )
            alone = measure("base", base, args.threads)
            roles = measure("roles", Path(tmp) / "ckpt", args.threads)
            print(f"peak RSS, base alone (hf adapter, 3 generations): {alone:8.1f} MB")
            print(
                f"peak RSS, td + rt + cg on one base (GPIoTModel):  {roles:8.1f} MB  "
                f"ratio {roles / alone:.3f} (target <= 1.05)"
            )
        if "steps" in parts:
            small = build_tiny_llm(
                Path(tmp) / "small", hidden_size=args.step_hidden, layers=args.step_layers
            )
            step_rank = rank_for(args.step_hidden)
            times = step_times(small, step_rank, args.batch, args.seq, args.repeats)
            print(
                f"step time on hidden {args.step_hidden} x {args.step_layers} layers, rank "
                f"{step_rank} (batch {args.batch} x {args.seq} tokens, "
                f"best of {args.repeats}): "
                f"PECT {times['pect']:.3f} s, peft LoRA {times['lora']:.3f} s, "
                f"peft LoRA on the doubled batch {times['lora_2x_rows']:.3f} s"
            )
            print(
                f"PECT / LoRA = {times['pect'] / times['lora']:.2f} (two streams: ~2 by "
                f"construction); PECT / LoRA on 2x rows = "
                f"{times['pect'] / times['lora_2x_rows']:.2f} (overhead beyond doubling)"
            )
    if "dry-run" in parts:  # a fresh process, so its peak RSS is the dry run's alone
        command = [sys.executable, str(Path(__file__).with_name("pect_dry_run.py"))]
        if args.threads:
            command += ["--threads", str(args.threads)]
        sys.stdout.flush()
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
