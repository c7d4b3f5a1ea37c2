"""Issue 15: every bad input is a one-line error, and nothing is changed.

A corpus of malformed inputs, one row of a small table each: samples files (for ``--samples`` and
``--model replay:``), model specs, numeric, choice and data options, ``--compare`` files, item
folders, results and cache directories, and the ``iotbench`` command. For each, the test asserts
the exit status (pytest's usage error; 2 for the ``iotbench`` command), exactly one non-empty line
of error output naming the file, field or option and what is expected, and that no file or folder
under the test's folder (inputs, results, cache) was created, changed or removed.

Runs go through a copy of the heartbeat item only (``hd_only``) and every case fails before
anything is generated or scored. The tables keep one case per line, so they are not formatted.
"""
# ruff: noqa: E501

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

import iotbench
from harness.results import slug
from iotbench.cli import main

HD_ITEM = "hd_synthetic_ecg"  # the item tests/conftest.py's hd_only copies
BENCH_ITEMS = Path(iotbench.__file__).parent / "items"
HD_VERSION = int(
    yaml.safe_load((BENCH_ITEMS / HD_ITEM / "item.yaml").read_text("utf-8"))["version"]
)
ENTRY = "def detect_r_peaks(signal, fs):\n    return []\n"
DROP = object()  # a field left out of a samples line
MISSING, FOLDER, HD = b"<no file>", b"<a folder>", b"<a copy of the heartbeat item>"
AS_ROOT = pytest.mark.skipif(
    os.geteuid() == 0, reason="root writes through permission bits (the /proc cases cover root)"
)


class Case(NamedTuple):
    id: str
    make: Callable[[Path], list[str]]  # writes its inputs under the folder, returns the arguments
    expect: tuple[str, ...]  # each appears in the one line of error output


def snapshot(root: Path) -> dict[str, str]:
    """Every folder and file under `root`, files by content hash."""
    out = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_symlink():
            out[name] = f"link {os.readlink(path)}"
        elif path.is_dir():
            out[name] = "dir"
        else:
            out[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)


def args(*given: str, files: dict[str, bytes | str] | None = None) -> Callable[[Path], list[str]]:
    """The arguments as given, after writing `files` under the test's folder (name: content;
    FOLDER an empty folder, HD a folder holding a copy of the heartbeat item)."""

    def make(root: Path) -> list[str]:
        for name, data in (files or {}).items():
            if data is HD:
                ignore = shutil.ignore_patterns("__pycache__")
                shutil.copytree(BENCH_ITEMS / HD_ITEM, root / name / HD_ITEM, ignore=ignore)
            elif data is FOLDER:
                (root / name).mkdir(parents=True)
            else:
                write(root / name, data)
        return list(given)

    return make


# --- samples files, each for --samples and for --model replay: ------------------------------
def line(**changes: object) -> bytes:
    """One samples line for the heartbeat item, with fields changed (or DROP-ped)."""
    record = {"item_id": HD_ITEM, "sample_idx": 0, "completion": ENTRY, **changes}
    return json.dumps({k: v for k, v in record.items() if v is not DROP}).encode() + b"\n"


# fmt: off
SAMPLES: list[tuple[str, bytes, tuple[str, ...]]] = [
    ("not_json", b"this is not json\n", ("bad.jsonl:1", "not valid JSON")),
    ("json_array", b"[" + line()[:-1] + b"]\n", ("bad.jsonl:1", "expected a JSON object, got list")),
    ("json_array_indented", json.dumps([{"item_id": HD_ITEM}], indent=1).encode(), ("bad.jsonl:1", "not valid JSON")),
    ("json_string", b'"def f(): pass"\n', ("bad.jsonl:1", "expected a JSON object, got str")),
    ("missing_item_id", line(item_id=DROP), ("bad.jsonl:1", "missing field 'item_id'", "item_id: str")),
    ("missing_sample_idx", line(sample_idx=DROP), ("bad.jsonl:1", "missing field 'sample_idx'")),
    ("missing_completion", line(completion=DROP), ("bad.jsonl:1", "missing field 'completion'")),
    ("misspelt_completion", line(completion=DROP, completions=[ENTRY]), ("bad.jsonl:1", "missing field 'completion'")),
    ("sample_idx_string", line(sample_idx="0"), ("bad.jsonl:1", "'sample_idx' must be int, got str")),
    ("sample_idx_float", line(sample_idx=0.0), ("bad.jsonl:1", "'sample_idx' must be int, got float")),
    ("sample_idx_bool", line(sample_idx=True), ("bad.jsonl:1", "'sample_idx' must be int, got bool")),
    ("sample_idx_negative", line(sample_idx=-1), ("bad.jsonl:1", "'sample_idx' must be >= 0, got -1")),
    ("sample_idx_nan", line()[:-2] + b', "sample_idx": NaN}\n', ("bad.jsonl:1", "'sample_idx' must be int, got float")),
    ("item_id_number", line(item_id=7), ("bad.jsonl:1", "'item_id' must be str, got int")),
    ("item_id_surrogate", line(item_id="hd\ud800"), ("bad.jsonl:1", "'item_id' holds a lone surrogate")),
    ("completion_null", line(completion=None), ("bad.jsonl:1", "'completion' must be str, got NoneType")),
    ("completion_list", line(completion=[ENTRY]), ("bad.jsonl:1", "'completion' must be str, got list")),
    ("completion_object", line(completion={"code": ENTRY}), ("bad.jsonl:1", "'completion' must be str, got dict")),
    ("item_version_string", line(item_version=str(HD_VERSION)), ("bad.jsonl:1", "'item_version' must be int, got str")),
    ("model_number", line(model=1), ("bad.jsonl:1", "'model' must be str, got int")),
    ("unknown_item", line(item_id="hd_synthetic_ekg"), ("bad.jsonl", "'hd_synthetic_ekg' is not an IoTBench item", "did you mean 'hd_synthetic_ecg'")),
    ("outdated_version", line(item_version=HD_VERSION - 1), ("bad.jsonl", f"v{HD_VERSION - 1}, but the benchmark has v{HD_VERSION}")),
    ("duplicate", line() + line(completion="x"), ("bad.jsonl:2", "duplicate sample 'hd_synthetic_ecg' #0", "first on line 1")),
    ("bad_second_line", line() + b"{\n", ("bad.jsonl:2", "not valid JSON")),
    ("trailing_garbage", line()[:-1] + b" extra\n", ("bad.jsonl:1", "not valid JSON (Extra data")),
    ("empty", b"", ("bad.jsonl", "no samples")),
    ("blank_lines", b"\n   \n\n", ("bad.jsonl", "no samples")),
    ("binary_garbage", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", ("bad.jsonl:1", "not valid UTF-8")),
    ("nul_bytes", b"\x00" * 64 + b"\n", ("bad.jsonl:1", "not valid JSON")),
    ("invalid_utf8", line(completion="@").replace(b"@", b"\xff\xfe"), ("bad.jsonl:1", "not valid UTF-8 (byte")),
    ("utf8_bom", b"\xef\xbb\xbf" + line(), ("bad.jsonl:1", "not valid JSON", "BOM")),
    ("huge_line", b"x" * (3 << 20) + b"\n", ("bad.jsonl:1", "not valid JSON")),
    ("missing_file", MISSING, ("bad.jsonl", "cannot read samples file", "No such file")),
    ("a_folder", FOLDER, ("bad.jsonl", "cannot read samples file", "directory")),
]
# fmt: on


def samples_case(option: str, name: str, data: bytes, expect: tuple[str, ...]) -> Case:
    given = ["--samples", "bad.jsonl"] if option == "samples" else ["--model", "replay:bad.jsonl"]
    files: dict[str, bytes | str] = {} if data is MISSING else {"bad.jsonl": data}
    prefix = "--samples:" if option == "samples" else "--model replay:bad.jsonl:"
    return Case(f"{option}-{name}", args(*given, files=files), (prefix, *expect))


# --- model specs -----------------------------------------------------------------------------
HF = {"model/config.json": "{}", "model/tokenizer.json": "{}"}
# fmt: off
MODELS: list[Case] = [
    Case("model-blank", args("--model", "   "), ("--model", "empty model spec")),
    Case("model-no-name", args("--model", ":x"), ("--model", "empty model spec")),
    Case("model-unknown", args("--model", "nosuch:x"), ("--model", "unknown model adapter 'nosuch'", "known:")),
    Case("model-typo", args("--model", "refernce"), ("--model", "did you mean 'reference'")),
    Case("model-and-samples", args("--model", "reference", "--samples", "s.jsonl"), ("--model and --samples exclude each other",)),
    Case("reference-option", args("--model", "reference:generic,x=1"), ("--model", "reference adapter takes no options")),
    Case("hf-no-path", args("--model", "hf:"), ("--model", "hf adapter needs a model directory")),
    Case("hf-missing-dir", args("--model", "hf:nowhere"), ("--model", "'nowhere' does not exist")),
    Case("hf-not-a-model", args("--model", "hf:empty", files={"empty": FOLDER}), ("--model", "'empty' has no config.json")),
    Case("hf-unknown-option", args("--model", "hf:model,dtyp=float16", files=HF), ("hf: unknown option 'dtyp'", "did you mean 'dtype'")),
    Case("hf-not-key-value", args("--model", "hf:model,float16", files=HF), ("model option 'float16' is not key=value",)),
    Case("hf-not-a-number", args("--model", "hf:model,batch_size=eight", files=HF), ("bad value 'eight' for option 'batch_size'",)),
    Case("hf-zero-threads", args("--model", "hf:model,threads=0", files=HF), ("option 'threads'", "expected an integer >= 1")),
    Case("hf-bad-dtype", args("--model", "hf:model,dtype=float8", files=HF), ("option 'dtype'", "expected one of float32")),
    Case("hf-missing-peft", args("--model", "hf:model,peft=nowhere", files=HF), ("peft adapter directory 'nowhere'", "adapter_config.json")),
    Case("replay-no-path", args("--model", "replay:"), ("--model", "replay adapter needs a samples file")),
    Case("replay-option", args("--model", "replay:s.jsonl,n=2", files={"s.jsonl": line()}), ("--model", "replay adapter needs a samples file")),
    Case("openai-no-model", args("--model", "openai:"), ("--model", "openai adapter needs a model name")),
    Case("openai-bad-url", args("--model", "openai:m,base_url=ftp://host"), ("--model", "base_url must start with http://")),
    Case("openai-bad-timeout", args("--model", "openai:m,timeout=-1"), ("--model", "option 'timeout'", "expected a number > 0")),
    Case("retrieval-positional", args("--model", "retrieval:x"), ("--model", "retrieval takes only options")),
    Case("retrieval-bad-k", args("--model", "retrieval:k=two"), ("--model", "k must be a positive integer")),
    Case("gpiot-no-path", args("--model", "gpiot:"), ("--model", "gpiot adapter needs a checkpoint directory")),
    Case("gpiot-missing-dir", args("--model", "gpiot:nowhere"), ("--model", "'nowhere' does not exist")),
    Case("rag-no-inner", args("--model", "rag:k=2"), ("--model", "rag:")),
    Case("rag-unknown-inner", args("--model", "rag:nosuch"), ("--model", "unknown model adapter 'nosuch'")),
    Case("rag-bad-inner", args("--model", "rag:hf:nowhere"), ("--model", "'nowhere' does not exist")),
    Case("mapcoder-bad-k", args("--model", "mapcoder:k=0:reference"), ("--model", "option 'k'", ">= 1")),
    Case("judge-unknown", args("--judge", "nosuch"), ("--judge", "unknown model adapter 'nosuch'")),
]
# fmt: on

# --- numeric, choice and data options, --compare ---------------------------------------------
NUMBERS = {  # option: (what the message says is expected, bad values)
    "--tolerance": ("a finite number >= 0", ["nan", "-0.1", "inf"]),
    "--time-limit": ("> 0 seconds", ["0", "-5", "nan", "inf"]),
    "--top-p": ("in (0, 1]", ["0", "1.5", "nan"]),
    "--temperature": (">= 0", ["-0.1", "nan", "inf"]),
    "--n-samples": (">= 1", ["0", "-3"]),
    "--max-new-tokens": (">= 1", ["0"]),
    "--max-completion-kb": (">= 1", ["0", "-1"]),
    "--analysis-time-limit": ("> 0 seconds", ["-1", "nan", "inf"]),
    "--data-seed": ("an integer from 0 to 2**63 - 1", ["-1", str(2**63)]),
    "--compare-alpha": ("in (0, 1)", ["0", "1", "nan"]),
}
NOT_NUMBERS = {
    "--n-samples": "2.5",
    "--max-new-tokens": "many",
    "--data-seed": "0x10",
    "--seed": "x",
    "--time-limit": "soon",
    "--top-p": "high",
}
# fmt: off
OPTIONS: list[Case] = [
    *(Case(f"{o[2:]}-{v}", args(o, v), (o, expected, v)) for o, (expected, bad) in NUMBERS.items() for v in bad),
    *(Case(f"{o[2:]}-{v}", args(o, v), (o, "must be a", v)) for o, v in NOT_NUMBERS.items()),
    Case("sandbox-unknown", args("--sandbox", "docker"), ("--sandbox must be one of bwrap, process", "docker")),
    Case("embedder-unknown", args("--embedder", "bert"), ("--embedder", "unknown embedder 'bert'", "expected 'minilm', 'codet5p'")),
    Case("embedder-minilm-argument", args("--embedder", "minilm:large"), ("--embedder", "unknown embedder 'minilm:large'")),
    Case("progress-unknown", args("--progress", "maybe"), ("--progress must be one of auto, on, off", "maybe")),
    Case("iot-data-no-equals", args("--iot-data", "hd"), ("--iot-data 'hd'", "expected KEY=SOURCE")),
    Case("iot-data-unknown-key", args("--iot-data", "ecg=wfdb:x"), ("--iot-data 'ecg=wfdb:x'", "unknown --iot-data key 'ecg'")),
    Case("iot-data-empty-source", args("--iot-data", "hd="), ("--iot-data 'hd='", "expected KEY=SOURCE")),
    Case("iot-data-bad-scheme", args("--iot-data", "hd=csv:x"), ("--iot-data 'hd=csv:x'", "wfdb:")),
    Case("iot-data-missing-dir", args("--iot-data", "hd=wfdb:nowhere"), ("--iot-data", "'nowhere' is not an existing directory")),
    Case("iot-data-empty-dir", args("--iot-data", "hd=wfdb:empty", files={"empty": FOLDER}), ("--iot-data", "empty: no WFDB records")),
    Case("iot-data-bad-option", args("--iot-data", "hd=wfdb:empty:records", files={"empty": FOLDER}), ("--iot-data 'hd=wfdb:empty:records'",)),
    Case("iot-data-har-missing", args("--iot-data", "har=wiar:nowhere.npy"), ("--iot-data 'har=wiar:nowhere.npy'", "nowhere.npy")),
    Case("compare-missing", args("--compare", "base.json"), ("--compare", "base.json", "not a readable results file")),
    Case("compare-corrupt", args("--compare", "base.json", files={"base.json": '{"model": '}), ("--compare", "base.json", "not a readable results file")),
    Case("compare-samples-file", args("--compare", "base.json", files={"base.json": line()}), ("--compare", "base.json", "missing field 'model'")),
    Case("compare-array", args("--compare", "base.json", files={"base.json": "[]"}), ("--compare", "base.json", "schema_version")),
    Case("compare-empty-dir", args("--compare", "runs", files={"runs": FOLDER}), ("--compare", "runs", "no results file of model")),
]
# fmt: on


# --- item folders (hd_only's copy of the heartbeat item, edited) -------------------------------
def item(name: str, old: str | None, new: bytes | str | None) -> Callable[[Path], list[str]]:
    """Replace `old` by `new` in the item's file `name` (old None: the whole file; new None:
    remove the file; FOLDER: a folder in its place)."""

    def make(root: Path) -> list[str]:
        path = root / "items" / HD_ITEM / name
        if new is None or new is FOLDER:
            path.unlink()
            if new is FOLDER:
                path.mkdir()
        elif old is None:
            write(path, new)
        else:
            data, raw = path.read_bytes(), new if isinstance(new, bytes) else new.encode()
            assert old.encode() in data
            path.write_bytes(data.replace(old.encode(), raw))
        return []

    return make


YML, FOLDER_OF = f"items/{HD_ITEM}/item.yaml", f"items/{HD_ITEM}/"
# fmt: off
ITEMS: list[Case] = [
    Case("item-no-entry-point", item("item.yaml", "entry_point: detect_r_peaks\n", ""), (YML, "'entry_point' must name the function", "None")),
    Case("item-bad-entry-point", item("item.yaml", "entry_point: detect_r_peaks", "entry_point: detect-r-peaks"), (YML, "'entry_point'", "'detect-r-peaks'")),
    Case("item-no-kind", item("item.yaml", "kind: application\n", ""), (YML, "'kind' must be a str")),
    Case("item-unknown-kind", item("item.yaml", "kind: application", "kind: app"), (YML, "'kind' must be one of application")),
    Case("item-unknown-domain", item("item.yaml", "domain: ecg", "domain: ekg"), (YML, "'domain' is 'ekg'", "expected one of")),
    Case("item-wrong-split", item("item.yaml", "kind: application", "kind: application\nsplit: spec"), (YML, "'split' is 'spec'", "applications")),
    Case("item-unknown-split", item("item.yaml", "kind: application", "kind: application\nsplit: [x]"), (YML, "'split' is ['x']", "applications")),
    Case("item-version-string", item("item.yaml", f"version: {HD_VERSION}", f"version: '{HD_VERSION}'"), (YML, "'version' must be a int")),
    Case("item-id-mismatch", item("item.yaml", f"id: {HD_ITEM}", "id: hd_other"), (YML, "'hd_other'", "must match")),
    Case("item-bad-difficulty", item("item.yaml", "kind: application", "kind: application\ndifficulty: extreme"), (YML, "'difficulty' must be one of easy")),
    Case("item-bad-yaml", item("item.yaml", "title: Heartbeat", "title: [Heartbeat"), (YML, "cannot read item metadata", "expected ',' or ']'", "line")),
    Case("item-yaml-tab", item("item.yaml", "kind: application", "kind:\tapplication\n\t- x"), (YML, "cannot read item metadata", "line")),
    Case("item-yaml-list", item("item.yaml", None, "- id\n- kind\n"), (YML, "expected a mapping of fields")),
    Case("item-yaml-empty", item("item.yaml", None, ""), (YML, "expected a mapping of fields")),
    Case("item-yaml-not-utf8", item("item.yaml", "title: Heartbeat", b"title: Heartbeat \xff"), (YML, "not valid UTF-8")),
    Case("item-yaml-a-folder", item("item.yaml", None, FOLDER), (YML, "cannot read the item metadata", "directory")),
    Case("item-no-prompt", item("prompt.md", None, None), (f"{FOLDER_OF}prompt.md", "missing prompt")),
    Case("item-prompt-not-utf8", item("prompt.md", None, b"ECG \xff\xfe"), (f"{FOLDER_OF}prompt.md", "not valid UTF-8")),
    Case("item-system-not-utf8", item("system.md", None, b"\xc3"), (f"{FOLDER_OF}system.md", "not valid UTF-8")),
    Case("item-no-reference", item("reference.py", None, None), (f"{FOLDER_OF}reference.py", "missing reference solution")),
    Case("items-dir-empty", args("--items-dir", "none", files={"none": FOLDER}), ("--items-dir none", "no items (expected folders DIR/ITEM/item.yaml)")),
    Case("items-dir-missing", args("--items-dir", "nowhere"), ("--items-dir nowhere", "not a directory")),
    Case("items-dir-a-file", args("--items-dir", "f.txt", files={"f.txt": "x"}), ("--items-dir f.txt", "not a directory")),
    Case("items-dir-only-junk", args("--items-dir", "junk", files={"junk/a/readme.md": "x"}), ("--items-dir junk", "no items")),
]
# fmt: on

# --- results and cache folders (the cache is read for a cacheable model, e.g. openai) ---------
OPENAI = "openai:m,base_url=http://127.0.0.1:9/v1,max_retries=0"  # never asked: the run stops first
CACHE = f"{slug(OPENAI)}.jsonl"
CACHE_LINE = json.dumps({"key": "k", "sample_idx": 0, "completion": "x"}) + "\n"
# fmt: off
OUTPUTS: list[Case] = [
    Case("results-dir-a-file", args("--results-dir", "out", files={"out": "keep"}), ("--results-dir out", "exists and is not a directory")),
    Case("results-dir-under-a-file", args("--results-dir", "f/out", files={"f": "keep"}), ("--results-dir f/out", "f is not a directory")),
    Case("results-dir-unwritable", args("--results-dir", "/proc"), ("--results-dir /proc", "not writable")),
    Case("results-dir-uncreatable", args("--results-dir", "/proc/iotbench-results"), ("--results-dir /proc/iotbench-results", "cannot be created, /proc is not writable")),
    Case("cache-dir-a-file", args("--model", OPENAI, "--cache-dir", "c", files={"c": "keep"}), ("--cache-dir c", "exists and is not a directory")),
    Case("cache-dir-unwritable", args("--model", OPENAI, "--cache-dir", "/proc"), ("--cache-dir /proc", "not writable")),
    Case("cache-corrupt-line", args("--model", OPENAI, "--cache-dir", "c", files={f"c/{CACHE}": CACHE_LINE + "{oops\n"}), ("--cache-dir", f"{CACHE}:2", "not a cache line", "move the file away")),
    Case("cache-wrong-types", args("--model", OPENAI, "--cache-dir", "c", files={f"c/{CACHE}": CACHE_LINE.replace("0", '"0"')}), ("--cache-dir", f"{CACHE}:1", "not a cache line")),
    Case("cache-not-utf8", args("--model", OPENAI, "--cache-dir", "c", files={f"c/{CACHE}": b"\xff\xfe\n"}), ("--cache-dir", f"{CACHE}:1", "not a cache line")),
    Case("cache-file-a-folder", args("--model", OPENAI, "--cache-dir", "c", files={f"c/{CACHE}": FOLDER}), ("--cache-dir", CACHE, "cannot read the generation cache")),
    Case("default-cache-corrupt", args("--model", OPENAI, "--results-dir", "out", files={f"out/.cache/{CACHE}": "[1]\n"}), ("--results-dir", f"out/.cache/{CACHE}:1", "not a cache line")),
]
# fmt: on


def read_only(option: str) -> Callable[[Path], list[str]]:
    def make(root: Path) -> list[str]:
        (root / "ro").mkdir(mode=0o555)
        return (["--model", OPENAI] if option == "--cache-dir" else []) + [option, "ro"]

    return make


PYTEST_CASES = [
    *(samples_case(o, *row) for o in ("samples", "replay") for row in SAMPLES),
    *MODELS,
    *OPTIONS,
    *ITEMS,
    *OUTPUTS,
    *(
        pytest.param(
            Case(f"{o[2:]}-read-only", read_only(o), (f"{o} ro", "not writable")), marks=AS_ROOT
        )
        for o in ("--results-dir", "--cache-dir")
    ),
]
# Only this project's plugin (pytest's scan of every installed package's entry points would
# cost more than the check itself) and no cache, which would write a folder.
QUIET = ["-p", "iotbench.plugin", "-p", "no:cacheprovider"]


def case_id(case: Case) -> str:
    return case.id


@pytest.mark.parametrize("case", PYTEST_CASES, ids=case_id)
def test_a_bad_input_to_a_run_is_one_line_and_changes_nothing(
    pytester: pytest.Pytester, hd_only: list[str], monkeypatch: pytest.MonkeyPatch, case: Case
) -> None:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    given = case.make(pytester.path)
    if "--results-dir" not in given:
        given += ["--results-dir", "out"]
    before = snapshot(pytester.path)
    result = pytester.runpytest(*hd_only, *QUIET, *given)
    errors = [line for line in result.errlines if line.strip()]
    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.outlines + errors
    # stdout holds at most pytest's session header (for checks made after collection)
    assert not [line for line in result.outlines if re.search("error|traceback", line, re.I)]
    assert len(errors) == 1, errors
    assert all(text in errors[0] for text in case.expect), (case.expect, errors[0])
    assert snapshot(pytester.path) == before


# --- the iotbench command (exit status 2) ----------------------------------------------------
BROKEN_ITEM = {"items/hd_x/item.yaml": "id: hd_x\nkind: [application\n"}
ONE = {"hd_items": HD}  # the commands work on one item, never on the shipped set
NONE = ["--items-dir", "hd_items", "-k", "zzz_no_such_item"]  # a missing check: nothing to do
# fmt: off
CLI: list[Case] = [
    Case("cli-no-command", args(), ("iotbench: error:", "command")),
    Case("cli-unknown-command", args("run"), ("iotbench: error:", "invalid choice: 'run'")),
    Case("tasks-extra-argument", args("tasks", "extra"), ("unrecognized arguments: extra",)),
    Case("leaderboard-missing-dir", args("leaderboard", "nowhere"), ("nowhere: not a directory",)),
    Case("leaderboard-a-file", args("leaderboard", "f.json", files={"f.json": "{}"}), ("f.json: not a directory",)),
    Case("leaderboard-empty-dir", args("leaderboard", "runs", files={"runs": FOLDER}), ("runs: no results files",)),
    Case("leaderboard-only-corrupt", args("leaderboard", "runs", files={"runs/a.json": "{"}), ("runs: no results files", "1 skipped", "a.json: not a readable results file")),
    Case("leaderboard-only-samples", args("leaderboard", "runs", files={"runs/s.json": line()}), ("runs: no results files", "s.json: missing field 'model'")),
    Case("validate-seeds-zero", args("validate", "--seeds", "0", *NONE, files=ONE), ("--seeds must be >= 1, got 0",)),
    Case("validate-seeds-not-int", args("validate", "--seeds", "two"), ("argument --seeds: invalid int value: 'two'",)),
    Case("validate-data-seed-negative", args("validate", "--data-seed", "-1", *NONE, files=ONE), ("--data-seed must be an integer from 0",)),
    Case("validate-data-seed-word", args("validate", "--data-seed", "soon", *NONE, files=ONE), ("--data-seed must be an integer or `random`, got 'soon'",)),
    Case("validate-record-partial-set", args("validate", "--solutions", "passing", "--record", *NONE, files=ONE), ("--record needs the whole validity set (--solutions all)",)),
    Case("validate-solutions-unknown", args("validate", "--solutions", "naive"), ("argument --solutions: invalid choice: 'naive'",)),
    Case("validate-max-mutants-negative", args("validate", "--max-mutants", "-1", *NONE, files=ONE), ("--max-mutants must be >= 0, got -1",)),
    Case("validate-sandbox-unknown", args("validate", "--sandbox", "docker"), ("argument --sandbox: invalid choice: 'docker'",)),
    Case("validate-items-dir-missing", args("validate", "--items-dir", "nowhere"), ("--items-dir nowhere: not a directory",)),
    Case("validate-items-dir-empty", args("validate", "--items-dir", "none", files={"none": FOLDER}), ("--items-dir none: no items",)),
    Case("validate-bad-item", args("validate", "--items-dir", "items", files=BROKEN_ITEM), ("items/hd_x/item.yaml", "cannot read item metadata", "line 3")),
    Case("validate-no-match", args("validate", *NONE, files=ONE), ("no items match -k 'zzz_no_such_item'",)),
    Case("export-no-directory", args("export"), ("the following arguments are required: DIR",)),
    Case("export-format-unknown", args("export", "out", "--format", "csv"), ("--format", "unknown export format 'csv'")),
    Case("export-target-a-file", args("export", "f", "--items-dir", "hd_items", files={"f": "x", **ONE}), ("f: exists and is not a directory",)),
    Case("export-target-not-empty", args("export", "full", "--items-dir", "hd_items", files={"full/x": "x", **ONE}), ("full: not empty",)),
    Case("export-no-match", args("export", "out", *NONE, files=ONE), ("no items match -k 'zzz_no_such_item'",)),
    Case("export-items-dir-a-file", args("export", "out", "--items-dir", "f", files={"f": "x"}), ("--items-dir f: not a directory",)),
    Case("export-bad-item", args("export", "out", "--items-dir", "items", files=BROKEN_ITEM), ("items/hd_x/item.yaml", "cannot read item metadata")),
    Case("serve-empty-spec", args("serve", ""), ("iotbench serve: error:", "empty model spec")),
    Case("serve-unknown-adapter", args("serve", "nosuch"), ("unknown model adapter 'nosuch'",)),
    Case("serve-hf-missing-dir", args("serve", "hf:nowhere"), ("'nowhere' does not exist",)),
    Case("serve-replay-missing-file", args("serve", "replay:none.jsonl"), ("none.jsonl", "cannot read samples file")),
    Case("serve-replay-bad-file", args("serve", "replay:bad.jsonl", files={"bad.jsonl": "{"}), ("bad.jsonl:1", "not valid JSON")),
    Case("serve-port-out-of-range", args("serve", "reference", "--port", "70000"), ("--port", "from 0 to 65535", "'70000'")),
    Case("serve-port-not-a-number", args("serve", "reference", "--port", "http"), ("--port", "from 0 to 65535", "'http'")),
]
# fmt: on


@pytest.mark.parametrize("case", CLI, ids=case_id)
def test_a_bad_input_to_the_command_is_one_line_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], case: Case
) -> None:
    monkeypatch.chdir(tmp_path)
    argv = case.make(tmp_path)
    before = snapshot(tmp_path)
    with warnings.catch_warnings(record=True) as caught:  # a user would see these as well
        warnings.simplefilter("always")
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse
            code = exc.code
    out, err = capsys.readouterr()
    lines = [text for text in (out + err).splitlines() if text.strip()]
    lines += [str(w.message) for w in caught]
    assert code == 2, lines
    assert len(lines) == 1 and lines[0] in err, lines
    assert all(text in lines[0] for text in case.expect), (case.expect, lines[0])
    assert snapshot(tmp_path) == before
