"""Tiny GPIoT data and checkpoints for tests: built in seconds on a CPU, no model hub.

`tiny_records` are deterministic TD and CG examples, `write_tiny_dataset` saves them in the
layout `gpiot data build` writes, and `build_tiny_checkpoint` trains PECT (or the LoRA ablation)
on them for a few steps through the training API (`gpiot_models.train.train`) over a tiny
random base (`gpiot_models.tiny_base`), so tests of the runtime have a real checkpoint.
Directories that already hold a finished build are reused.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

TD_SYSTEM = (
    "You are an IoT application developer. Break the problem statement into sub-tasks "
    "with implementation steps, one blank line between sub-tasks."
)
CG_SYSTEM = "You are an IoT programmer. Write one documented Python function for the specification."
_SENSORS = ("ECG", "PPG", "IMU", "WiFi CSI", "radar", "audio")
_GOALS = (
    "detect heartbeats",
    "recognise activities",
    "remove baseline drift",
    "estimate breathing rate",
    "count steps",
    "flag anomalies",
)
_PLATFORMS = ("a laptop", "a Raspberry Pi", "a Jetson Nano board")
_STEPS = (
    ("Load the data", "read the recordings into numpy arrays"),
    ("Filter the signal", "apply a band-pass filter with scipy.signal"),
    ("Extract features", "compute windowed mean, std and peak counts"),
    ("Run the model", "train a small classifier and predict labels"),
)


def tiny_records(size: int = 24) -> dict[str, list[dict[str, Any]]]:
    """Deterministic TD and CG examples (messages + metadata), `size` of each."""
    tdd: list[dict[str, Any]] = []
    cgd: list[dict[str, Any]] = []
    for i in range(size):
        sensor, goal = _SENSORS[i % len(_SENSORS)], _GOALS[(i // 2) % len(_GOALS)]
        platform = _PLATFORMS[i % len(_PLATFORMS)]
        steps = [_STEPS[(i + j) % len(_STEPS)] for j in range(2 + i % 3)]
        plan = "\n\n".join(
            f"- Sub-Task {k} [{name}]\n  - {how} for the {sensor} data"
            for k, (name, how) in enumerate(steps, 1)
        )
        tdd.append(
            {
                "id": f"tdd-{i:04d}",
                "task_type": "decomposition",
                "domain": sensor.lower(),
                "operator": "original",
                "messages": [
                    {"role": "system", "content": TD_SYSTEM},
                    {"role": "user", "content": f"Use {sensor} data to {goal} on {platform}."},
                    {"role": "assistant", "content": plan},
                ],
            }
        )
        name = goal.split(" ")[0] + "_" + sensor.lower().replace(" ", "_")
        spec = (
            f"**Target**\nWrite a function that can {goal} from {sensor} samples.\n\n"
            "**Input Specification**\n- `signal` (np.ndarray): the samples.\n"
            "- `fs` (float): sampling rate in Hz.\n\n"
            "**Output Specification**\n- `result` (np.ndarray): one value per window."
        )
        body = (
            f'def {name}(signal, fs):\n    """{goal.capitalize()} from {sensor}."""\n'
            f"    window = int(fs * {1 + i % 4})\n"
            "    return signal[: len(signal) // window * window].reshape(-1, window)"
            f".{('mean', 'std', 'max')[i % 3]}(axis=1)\n"
        )
        cgd.append(
            {
                "id": f"cgd-{i:04d}",
                "task_type": "codegen",
                "domain": sensor.lower(),
                "operator": "original",
                "messages": [
                    {"role": "system", "content": CG_SYSTEM},
                    {"role": "user", "content": spec},
                    {"role": "assistant", "content": f"```python\n{body}```"},
                ],
            }
        )
    return {"tdd": tdd, "cgd": cgd}


def write_tiny_dataset(directory: Path, *, size: int = 24) -> Path:
    """Save `tiny_records` as DIR/tdd and DIR/cgd (`datasets` save_to_disk); reuse if present."""
    import importlib

    dataset: Any = importlib.import_module("datasets").Dataset
    directory = Path(directory)
    for name, rows in tiny_records(size).items():
        if not (directory / name / "dataset_info.json").exists():
            dataset.from_list(rows).save_to_disk(str(directory / name))
    return directory


def build_tiny_checkpoint(
    directory: Path, *, method: str = "pect", steps: int = 6, seed: int = 0, **options: Any
) -> Path:
    """Train a tiny PECT (or "lora") checkpoint for a few steps in `directory`/model; return it.

    Takes a few seconds on one CPU core; reused when already built. `options` override other
    `TrainOptions` fields (e.g. ``tdd=``/``cgd=`` for .jsonl sources).
    """
    from gpiot_models.pect.config import CONFIG_FILE
    from gpiot_models.train import TrainOptions, train

    directory = Path(directory)
    out = directory / "model"
    if (out / CONFIG_FILE).exists():
        return out
    tiny = TrainOptions(
        base="tiny",
        out=out,
        data=write_tiny_dataset(directory / "data"),
        method=method,
        steps=steps,
        rank=4,
        proj_rank=4,
        lr=5e-3,
        batch_size=2,
        grad_accum=1,
        max_len=160,
        tiny_hidden=64,
        tiny_layers=2,
        tiny_vocab=600,
        seed=seed,
        progress=False,
    )
    return train(replace(tiny, **options))


@contextmanager
def one_torch_thread() -> Iterator[None]:
    """torch on one CPU thread inside the block (tests on a shared machine run faster so)."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)
