"""Throughput of the hf adapter's batched sampling: tokens/s at batch 8 against batch 1.

Builds a random-weight Llama (no download), then draws the same completions with
``batch_size=1`` and ``batch_size=8`` and prints generated tokens per second and the ratio.
Every completion runs to max_new_tokens (stop strings and EOS are not used), so both runs
generate the same number of tokens. Usage:

    .venv/bin/python benchmarks/generation.py [--hidden 256] [--layers 4] [--tokens 64]
        [--threads N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: tests.tiny_llm

from baselines.hf import HFAdapter
from harness.adapters import GenerationRequest, Message
from tests.tiny_llm import build_tiny_llm


def run(
    adapter: HFAdapter, requests: list[GenerationRequest]
) -> tuple[float, int, list[list[str]]]:
    """Seconds for one generate() call, the tokens it produced, and the completions.

    Tokens are counted as forward passes times the rows each pass computed (a hook on the real
    model); with EOS disabled every row runs to max_new_tokens, which the count checks.
    """
    rows: list[int] = []
    handle = adapter.model.register_forward_hook(
        lambda _module, args, kwargs, _out: rows.append(int(kwargs["input_ids"].shape[0])),
        with_kwargs=True,
    )
    try:
        started = time.perf_counter()
        out = adapter.generate(requests)
        seconds = time.perf_counter() - started
    finally:
        handle.remove()
    expected = sum(r.n * r.max_new_tokens for r in requests)
    if sum(rows) != expected:
        raise SystemExit(
            f"{sum(rows)} token positions computed, {expected} expected: a row "
            "ended early, so the two runs would not be comparable"
        )
    return seconds, expected, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hidden", type=int, default=256, help="hidden size of the random model")
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--tokens", type=int, default=64, help="new tokens per completion")
    parser.add_argument("--completions", type=int, default=16, help="completions per run")
    parser.add_argument(
        "--threads", type=int, default=None, help="torch CPU threads (default: torch's choice)"
    )
    parser.add_argument("--model-dir", type=Path, default=None, help="reuse/keep the model here")
    args = parser.parse_args()
    import torch

    directory = args.model_dir or Path(tempfile.mkdtemp(prefix="iotbench-gen-")) / "random-llama"
    build_tiny_llm(directory, hidden_size=args.hidden, layers=args.layers)
    messages = (
        Message("system", "You write Python for IoT devices."),
        Message("user", "Write detect_r_peaks(signal, fs) for a 360 Hz ECG."),
    )
    # Two items so that batches mix requests; n per item keeps the total fixed.
    half = args.completions // 2
    requests = [
        GenerationRequest(
            item_id=f"item{k}",
            messages=messages,
            prompt="",
            n=half,
            temperature=0.8,
            top_p=0.95,
            max_new_tokens=args.tokens,
            seed=1234,
        )
        for k in range(2)
    ]
    threads = f",threads={args.threads}" if args.threads else ""
    adapters = {
        size: HFAdapter.from_spec(f"{directory},batch_size={size}{threads}") for size in (1, 8)
    }
    for adapter in adapters.values():  # EOS would end rows early: the runs would differ
        adapter.eos_ids = set()
        adapter.model.generation_config.eos_token_id = None
    print(
        f"model: random Llama hidden={args.hidden} layers={args.layers}; "
        f"{args.completions} completions x {args.tokens} new tokens; torch "
        f"{torch.__version__}, {torch.get_num_threads()} threads, device "
        f"{adapters[1].device}"
    )
    run(
        adapters[8],
        [GenerationRequest(item_id="warm", messages=messages, prompt="", n=2, max_new_tokens=4)],
    )
    rates, texts = {}, {}
    for size, adapter in adapters.items():
        seconds, tokens, texts[size] = run(adapter, requests)
        rates[size] = tokens / seconds
        print(f"batch {size}: {tokens} tokens in {seconds:.2f} s = {rates[size]:.1f} tokens/s")
    print(f"speed-up batch 8 / batch 1: {rates[8] / rates[1]:.2f}x")
    print(f"identical completions at batch 1 and 8: {'yes' if texts[1] == texts[8] else 'no'}")


if __name__ == "__main__":
    main()
