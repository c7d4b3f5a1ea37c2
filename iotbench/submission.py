"""Verified leaderboard submissions: a bundle of samples + results, and its re-scoring.

``iotbench submit SAMPLES`` scores a samples file in the sandbox (a `pytest iotbench --samples`
run) and writes a bundle directory: ``samples.jsonl``, ``results.json`` and ``submission.json``
(model name, metadata, the data seed, and the id, version and content hash of every item scored).
``iotbench verify BUNDLE`` refuses a bundle made for other item contents, scores its samples
again on the bundle's data seed, and compares every number of the results file with the new one:
exactly (to the file's rounding) except the resource metrics, which depend on the machine (time
and memory within a factor of `RESOURCE_FACTOR`). `accuracy_in_budget` is compared exactly, so
a program at the edge of its memory budget may not verify elsewhere. A verified run can be
installed into a results directory with a ``<run id>.verified`` record; the leaderboard marks
such a run beside the model's name while the results file still matches the record.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from harness.leaderboard.runs import VERIFIED_SUFFIX, file_sha256
from harness.results import ResultsError, ResultsFile, read_results
from harness.samples import SamplesError, read_samples, write_samples
from iotbench.catalog import load_items

FORMAT = 1
SAMPLES, RESULTS, MANIFEST = "samples.jsonl", "results.json", "submission.json"
RESOURCE_FACTOR = 3.0
RESOURCE_METRICS = frozenset(
    {"seconds", "ms_per_sample", "latency_ms", "memory_mb", "peak_memory_mb", "wall_seconds"}
)
EXACT = 1.5e-6  # results files round to 6 decimals


class SubmissionError(ValueError):
    """A bundle that cannot be made or does not verify; the message is one line."""


@dataclass(frozen=True)
class Verification:
    """What `verify` compared: numbers checked exactly, resource numbers within the factor."""

    run_id: str
    exact: int
    resource: int


def item_set(items_dir: Path | None, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Version and content hash of each item id, from the benchmark (or `items_dir`)."""
    items = {item.id: item for item in (load_items(items_dir) if items_dir else load_items())}
    missing = [i for i in ids if i not in items]
    if missing:
        raise SubmissionError(
            f"item {missing[0]!r} is not in the benchmark ({len(missing)} missing)"
        )
    return {i: {"version": items[i].version, "content_hash": items[i].content_hash} for i in ids}


def _score(samples: Path, out: Path, data_seed: int | None, items_dir: Path | None) -> Path:
    """One `pytest iotbench --samples` run in a child process; the results file it wrote."""
    package = Path(__file__).resolve().parent
    command = [sys.executable, "-m", "pytest", str(package), "--samples", samples.name,
               "--results-dir", str(out), "--no-cache", "-p", "no:cacheprovider", "-q",
               "--progress", "off"]  # fmt: skip
    if data_seed is not None:
        command += ["--data-seed", str(data_seed)]
    if items_dir is not None:
        command += ["--items-dir", str(items_dir.resolve())]
    done = subprocess.run(command, cwd=samples.parent, capture_output=True, text=True)
    written = sorted(out.glob("*.json"))
    if done.returncode not in (0, 1) or len(written) != 1:
        tail = (done.stderr.strip() or done.stdout.strip()).splitlines()[-1:] or ["no output"]
        raise SubmissionError(f"scoring {samples} failed (exit {done.returncode}): {tail[0]}")
    return written[0]


def submit(
    samples_path: Path,
    bundle: Path,
    model_name: str,
    meta: dict[str, str],
    data_seed: int | None = None,
    items_dir: Path | None = None,
) -> Path:
    """Score `samples_path` and write the bundle directory `bundle` (which must not exist)."""
    if not model_name.strip():
        raise SubmissionError("--model-name: empty name")
    if bundle.exists():
        raise SubmissionError(f"{bundle}: exists (a bundle is written into a new directory)")
    try:
        samples = read_samples(samples_path)
    except SamplesError as exc:
        raise SubmissionError(str(exc)) from None
    with tempfile.TemporaryDirectory(prefix="iotbench-submit-") as scratch:
        work = Path(scratch)
        write_samples(work / SAMPLES, [replace(s, model=model_name) for s in samples])
        results_path = _score(work / SAMPLES, work / "out", data_seed, items_dir)
        results = read_results(results_path)
        manifest = {
            "format": FORMAT,
            "model_name": model_name,
            "meta": meta,
            "data_seed": results["data_seed"],
            "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "benchmark_version": results["benchmark"]["version"],
            "items": item_set(items_dir, [item["id"] for item in results["items"]]),
            "samples_sha256": file_sha256(work / SAMPLES),
            "results_sha256": file_sha256(results_path),
        }
        bundle.mkdir(parents=True)
        shutil.copyfile(work / SAMPLES, bundle / SAMPLES)
        shutil.copyfile(results_path, bundle / RESULTS)
        (bundle / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")
    return bundle


def _numbers(value: Any, where: str) -> Iterator[tuple[str, Any]]:
    """Every leaf of a results subtree, with its path (lists of samples by index)."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _numbers(child, f"{where}.{key}")
    elif isinstance(value, list) and not all(isinstance(v, (int, float)) for v in value):
        for index, child in enumerate(value):
            yield from _numbers(child, f"{where}[{index}]")
    else:
        yield where, value


def _resource(path: str) -> bool:
    name = path.rsplit(".", 1)[-1]
    return name in RESOURCE_METRICS or any(f"ci95.{m}" in path for m in RESOURCE_METRICS)


def _agree(claimed: Any, scored: Any, resource: bool) -> bool:
    if isinstance(claimed, list) and isinstance(scored, list):
        return len(claimed) == len(scored) and all(
            _agree(a, b, resource) for a, b in zip(claimed, scored, strict=True)
        )
    numbers = all(type(v) in (int, float) for v in (claimed, scored))  # bools are not numbers
    if not numbers:
        return bool(claimed == scored)
    mine, theirs = float(claimed), float(scored)
    if resource:
        if mine <= 0 or theirs <= 0:
            return mine == theirs or max(mine, theirs) < 1.0
        return 1 / RESOURCE_FACTOR <= mine / theirs <= RESOURCE_FACTOR
    return math.isclose(mine, theirs, rel_tol=0, abs_tol=EXACT)


def _load_bundle(bundle: Path) -> tuple[dict[str, Any], ResultsFile]:
    for name in (SAMPLES, RESULTS, MANIFEST):
        if not (bundle / name).is_file():
            raise SubmissionError(f"{bundle}: missing {name} (not a submission bundle)")
    try:
        manifest = json.loads((bundle / MANIFEST).read_text(encoding="utf-8"))
    except ValueError as exc:
        raise SubmissionError(f"{bundle / MANIFEST}: not valid JSON ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise SubmissionError(f"{bundle / MANIFEST}: field 'format' must be {FORMAT}")
    try:
        return manifest, read_results(bundle / RESULTS)
    except ResultsError as exc:
        raise SubmissionError(str(exc)) from None


def _check_items(bundle: Path, manifest: dict[str, Any], results: ResultsFile,
                 items_dir: Path | None) -> None:  # fmt: skip
    claimed = {item["id"]: item for item in results["items"]}
    recorded = manifest.get("items")
    if not isinstance(recorded, dict) or set(recorded) != set(claimed):
        raise SubmissionError(
            f"{bundle / MANIFEST}: field 'items' does not list the results' items"
        )
    current = item_set(items_dir, sorted(claimed))
    for item_id, now in current.items():
        then = recorded[item_id]
        if then != now or claimed[item_id].get("content_hash") != now["content_hash"]:
            raise SubmissionError(
                f"{bundle}: item {item_id} was scored at v{then.get('version')} with other "
                f"contents; the benchmark has v{now['version']}: regenerate the submission"
            )


def verify(bundle: Path, items_dir: Path | None = None) -> Verification:
    """Re-score the bundle's samples and check every number of its results; raise on the first
    that differs."""
    manifest, claimed = _load_bundle(bundle)
    _check_items(bundle, manifest, claimed, items_dir)
    if claimed["data_seed"] is None:
        raise SubmissionError(f"{bundle / RESULTS}: field 'data_seed' is missing")
    with tempfile.TemporaryDirectory(prefix="iotbench-verify-") as scratch:
        work = Path(scratch)
        shutil.copyfile(bundle / SAMPLES, work / SAMPLES)
        scored = read_results(_score(work / SAMPLES, work / "out", claimed["data_seed"], items_dir))
    exact = resource = 0
    sections = ("items", "aggregate", "splits", "headline")
    for section in sections:
        mine = dict(_numbers(scored.get(section), section))
        theirs = dict(_numbers(claimed.get(section), section))
        for path in sorted(set(mine) | set(theirs)):
            if path.endswith((".content_hash", ".reason", ".wall_seconds")):
                continue  # hashes are checked above; reasons name the machine's paths and times
            agree = path in mine and path in theirs
            if not (agree and _agree(theirs[path], mine[path], _resource(path))):
                raise SubmissionError(
                    f"{bundle / RESULTS}: {path} is {theirs.get(path, 'missing')} but its "
                    f"samples score {mine.get(path, 'nothing')}"
                )
            if _resource(path):
                resource += 1
            else:
                exact += 1
    return Verification(claimed["run_id"], exact, resource)


def install(bundle: Path, results_dir: Path, check: Verification) -> Path:
    """Copy a verified bundle's run into `results_dir` with its `.verified` record."""
    results_dir.mkdir(parents=True, exist_ok=True)
    target = results_dir / f"{check.run_id}.json"
    if target.exists():
        raise SubmissionError(f"{target}: exists (this run is already installed)")
    shutil.copyfile(bundle / SAMPLES, results_dir / f"{check.run_id}.samples.jsonl")
    shutil.copyfile(bundle / RESULTS, target)
    record = {
        "results_sha256": file_sha256(target),
        "verified_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "numbers_exact": check.exact,
        "numbers_resource": check.resource,
        "resource_factor": RESOURCE_FACTOR,
    }
    path = results_dir / f"{check.run_id}{VERIFIED_SUFFIX}"
    path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return target
