"""Join the results files of sharded runs (`--shard K/N`) into one results file.

The shards must be one run cut in pieces: the same model, generation settings, benchmark
version, data and data seed, and no item scored twice. The merged file is built from the shards'
item records exactly as an unsharded run builds its own (the same aggregates, split scores,
headline and intervals), so it equals that run's file up to timings, run id and creation time.
The shards' samples files are joined into the merged run's samples file.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from harness.results import (
    Generation,
    ResultsError,
    ResultsFile,
    build_results,
    read_results,
    slug,
    write_results,
)
from harness.samples import SamplesError, read_samples, write_samples

# what every shard must agree on; generation settings except the samples file's name
_SAME = ("model", "model_name", "data", "data_seed")
_SAME_GENERATION = ("temperature", "top_p", "max_new_tokens", "seed")


def _shard_samples(path: Path, run: ResultsFile) -> Path | None:
    """The samples file a shard wrote beside its results (None for a run that scored a
    samples file given by the user: that file is the record)."""
    named = Path(run["generation"]["samples_file"])
    beside = path.parent / named.name
    return beside if named.name == f"{run['run_id']}.samples.jsonl" else None


def merge_results(paths: Sequence[Path], out_dir: Path) -> Path:
    """Merge the shards' results files into `out_dir`; returns the merged results file."""
    if len(paths) < 2:
        raise ResultsError("merge: give at least two results files (the shards of one run)")
    runs = [read_results(path) for path in paths]
    first = runs[0]
    for path, run in zip(paths[1:], runs[1:], strict=True):
        for key in _SAME:
            if run.get(key) != first.get(key):
                raise ResultsError(
                    f"{path}: field {key!r} is {run.get(key)!r}, but {paths[0].name} has "
                    f"{first.get(key)!r}: not shards of one run"
                )
        for key in _SAME_GENERATION:
            if run["generation"].get(key) != first["generation"].get(key):
                raise ResultsError(f"{path}: generation.{key} differs from {paths[0].name}")
        if run["benchmark"] != first["benchmark"]:
            raise ResultsError(f"{path}: benchmark version differs from {paths[0].name}")
    owner: dict[str, Path] = {}
    for path, run in zip(paths, runs, strict=True):
        for item in run["items"]:
            if item["id"] in owner:
                raise ResultsError(
                    f"{path}: item {item['id']} is also in {owner[item['id']].name} "
                    "(shards must not overlap)"
                )
            owner[item["id"]] = path
    stamp = datetime.now(timezone.utc)
    run_id = f"{slug(first['model_name'])}-{stamp.strftime('%Y%m%dT%H%M%SZ')}"
    own = [_shard_samples(path, run) for path, run in zip(paths, runs, strict=True)]
    samples_file = first["generation"]["samples_file"]
    if all(p is not None for p in own):
        joined = []
        for sample_path in own:
            assert sample_path is not None
            try:
                joined += read_samples(sample_path)
            except SamplesError as exc:
                raise ResultsError(f"merge: {exc}") from None
        out_dir.mkdir(parents=True, exist_ok=True)
        ordered = sorted(joined, key=lambda s: (s.item_id, s.sample_idx))
        samples_file = write_samples(out_dir / f"{run_id}.samples.jsonl", ordered).name
    generation: Generation = {
        **first["generation"],
        "n": max(run["generation"]["n"] for run in runs),
        "samples_file": samples_file,
    }
    merged = build_results(
        run_id=run_id,
        created_at=stamp.isoformat(timespec="seconds"),
        model=first["model"],
        model_name=first["model_name"],
        generation=generation,
        environment=first["environment"],
        data=first["data"],
        data_seed=first["data_seed"],
        items=[item for run in runs for item in run["items"]],
        complete=all(run["complete"] for run in runs),
        benchmark_version=first["benchmark"]["version"],
    )
    return write_results(out_dir, merged)
