"""`pytest iotbench` end to end, driven through pytester: options, results files, errors."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

import iotbench

pytestmark = [
    pytest.mark.slow,
    pytest.mark.needs_bwrap,
]

BENCH_DIR = str(Path(iotbench.__file__).parent)
ITEM = "hd_synthetic_ecg"
REFERENCE = (Path(BENCH_DIR) / "items" / ITEM / "reference.py").read_text(encoding="utf-8")


def only_results(results_dir: Path) -> dict[str, Any]:
    (path,) = [p for p in results_dir.glob("*.json")]
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def item_f1(data: dict[str, Any]) -> float:
    return float(data["items"][0]["metrics"]["f1"])


def test_reference_run_writes_results_and_leaderboard(
    pytester: pytest.Pytester, hd_only: list[str]
) -> None:
    out = pytester.path / "out"
    result = pytester.runpytest_subprocess(
        *hd_only, "--model", "reference", "--results-dir", str(out), "--n-samples", "2"
    )
    result.assert_outcomes(passed=1)
    data = only_results(out)
    (item,) = data["items"]
    assert data["model"] == "reference" and data["schema_version"] == 2 and data["complete"]
    assert isinstance(data["data_seed"], int)  # drawn for the run, recorded for reproduction
    assert data["headline"]["splits"] == {"applications": pytest.approx(item_f1(data))}
    assert item["id"] == ITEM and item["kind"] == "application" and item["n"] == 2
    assert item["split"] == "applications" and item["headline"] == "f1"
    assert item["metrics"]["f1"] >= 0.97
    assert [s["status"] for s in item["samples"]] == ["pass", "pass"]
    assert {"precision", "recall", "f1"} <= set(item["samples"][0]["metrics"])
    board = (out / "LEADERBOARD.md").read_text(encoding="utf-8")
    assert "| reference | `reference` | 1 |" in board
    seed = data["data_seed"]
    result.stdout.fnmatch_lines([f"*data seed {seed} (reproduce: --data-seed {seed})"])
    result.stdout.fnmatch_lines(["| reference | `reference`*", f"results: {out}/reference-*.json"])
    samples = (out / data["generation"]["samples_file"]).read_text(encoding="utf-8").splitlines()
    assert len(samples) == 2 and json.loads(samples[1])["sample_idx"] == 1


def completion_file(path: Path, completions: list[str]) -> Path:
    lines = [
        json.dumps({"item_id": ITEM, "sample_idx": i, "completion": c})
        for i, c in enumerate(completions)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_samples_file_statuses(pytester: pytest.Pytester, hd_only: list[str]) -> None:
    completions = [
        f"Here is a detector.\n```python\n{REFERENCE}```\nIt uses Pan-Tompkins.",
        "I am sorry, I cannot write this program.",
        "```python\ndef detect_r_peaks(signal, fs)\n    return []\n```",
        "def detect_r_peaks(signal, fs):\n    while True:\n        pass\n",
        # an invalid escape: the parser's warning about it is not a warning about the run
        "def detect_r_peaks(signal, fs):\n    return '\\peaks'\n",
        "def detect_r_peaks(signal, fs):\n    return [[1, 2], [3, 4]]\n",
        "def detect_r_peaks(signal, fs):\n    return signal[10]\n",
        "def detect_r_peaks(signal, fs):\n    raise RuntimeError('no idea')\n",
    ]
    samples = completion_file(pytester.path / "submission.jsonl", completions)
    out = pytester.path / "out"
    result = pytester.runpytest_subprocess(
        *hd_only, "--samples", str(samples), "--results-dir", str(out), "--time-limit", "5"
    )
    result.assert_outcomes(passed=1)
    data = only_results(out)
    (item,) = data["items"]
    statuses = [s["status"] for s in item["samples"]]
    assert statuses == [
        "pass",
        "syntax_error",
        "syntax_error",
        "timeout",
        "fail",
        "fail",
        "fail",
        "runtime_error",
    ]
    reasons = [s["reason"] for s in item["samples"]]
    assert "expected numbers" in reasons[4]
    assert "shape (2, 2)" in reasons[5]
    assert "shape ()" in reasons[6]
    assert "RuntimeError: no idea" in reasons[7]
    assert item["metrics"]["pass@1"] == pytest.approx(1 / 8)
    assert data["model"] == f"replay:{samples}"
    assert data["generation"]["samples_file"] == str(samples)
    assert not list(out.glob("*.samples.jsonl"))  # a submission is scored, not copied
    assert "invalid escape sequence" not in result.stdout.str()


def test_unknown_model_is_one_line_naming_the_adapters(
    pytester: pytest.Pytester, hd_only: list[str]
) -> None:
    result = pytester.runpytest_subprocess(
        *hd_only, "--model", "no-such-model", "--results-dir", str(pytester.path / "out")
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = [line for line in result.stderr.lines if line.strip()]
    assert errors == [
        "ERROR: --model: unknown model adapter 'no-such-model' "
        "(known: gpiot, hf, mapcoder, openai, rag, reference, replay, retrieval)"
    ]
    assert not (pytester.path / "out").exists()


def test_broken_samples_line_names_file_and_line(
    pytester: pytest.Pytester, hd_only: list[str]
) -> None:
    path = pytester.path / "broken.jsonl"
    path.write_text(
        '{"item_id": "x", "sample_idx": 0, "completion": "a"}\n{"item_id": "x"\n', encoding="utf-8"
    )
    result = pytester.runpytest_subprocess(*hd_only, "--samples", str(path))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: --samples: {path}:2: not valid JSON*"])


def test_fewer_samples_than_asked_is_an_error(
    pytester: pytest.Pytester, hd_only: list[str]
) -> None:
    samples = completion_file(pytester.path / "two.jsonl", ["x = 1", "y = 2"])
    out = pytester.path / "out"
    result = pytester.runpytest_subprocess(
        *hd_only, "--samples", str(samples), "--n-samples", "5", "--results-dir", str(out)
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*item 'hd_synthetic_ecg' has 2 sample(s), 5 requested*"])
    assert not out.exists()


def test_user_test_file_with_own_adapter(pytester: pytest.Pytester, hd_only: list[str]) -> None:
    """A user's repository registers an adapter in conftest and asserts on IoTBench items."""
    pytester.makeconftest("""
        from harness.adapters import ADAPTERS

        class Peaks:
            name = "bare-find-peaks"

            @classmethod
            def from_spec(cls, argument):
                return cls()

            def generate(self, requests):
                code = ("from scipy.signal import find_peaks\\n"
                        "def detect_r_peaks(signal, fs):\\n    return find_peaks(signal)[0]\\n")
                return [[code] * r.n for r in requests]

        ADAPTERS.register("bare-peaks", Peaks)
    """)
    pytester.makepyfile(
        test_mine="""
        def test_detector_quality(iotbench_item, iotbench_session):
            result = iotbench_session.evaluate(iotbench_item)
            assert result.metrics["precision"] > 0.9, result.metrics
    """
    )
    result = pytester.runpytest_subprocess(
        *hd_only[1:], "--model", "bare-peaks", "--n-samples", "1", "--results-dir", "out"
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*test_detector_quality?hd_synthetic_ecg?*", "*assert 0.0* > 0.9"])
    assert only_results(pytester.path / "out")["model_name"] == "bare-find-peaks"


def test_unrelated_test_runs_leave_no_results(pytester: pytest.Pytester) -> None:
    # a user's own test keeps its warnings: only benchmark tests ignore generated code's
    pytester.makepyfile(test_plain="import ast\n\ndef test_ok():\n    ast.parse('x = \"\\\\d\"')\n")
    result = pytester.runpytest("--results-dir", "out")
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines(["*invalid escape sequence*"])
    assert not (pytester.path / "out").exists()


def test_rerun_adds_a_file_and_keeps_one_row_per_model(
    pytester: pytest.Pytester, hd_only: list[str]
) -> None:
    out = pytester.path / "out"
    for _ in range(2):
        pytester.runpytest_subprocess(
            *hd_only, "--results-dir", str(out), "--n-samples", "1"
        ).assert_outcomes(passed=1)
    assert len(list(out.glob("reference-*.json"))) == 2
    board = (out / "LEADERBOARD.md").read_text(encoding="utf-8")
    # one row in the headline table and one in the applications split's table, not two each
    assert board.count("| reference | `reference` |") == 2


def test_xdist_workers_merge_into_one_results_file(
    pytester: pytest.Pytester, hd_only: list[str]
) -> None:
    out = pytester.path / "out"
    result = pytester.runpytest_subprocess(
        *hd_only, "-n", "2", "--results-dir", str(out), "--n-samples", "1"
    )
    result.assert_outcomes(passed=1)
    data = only_results(out)
    assert [item["id"] for item in data["items"]] == [ITEM] and data["complete"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            {"item_id": "hd_synthetic_eeg", "sample_idx": 0, "completion": "x"},
            "item 'hd_synthetic_eeg' is not an IoTBench item; did you mean 'hd_synthetic_ecg'?",
        ),
        (
            {"item_id": ITEM, "sample_idx": 0, "completion": "x", "item_version": 999},
            f"samples for {ITEM} v999, but the benchmark has v",
        ),
    ],
)
def test_submission_must_match_current_items(
    pytester: pytest.Pytester, hd_only: list[str], line: dict[str, Any], message: str
) -> None:
    path = pytester.path / "sub.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = pytester.runpytest(*hd_only, "--samples", str(path), "--results-dir", "out")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert any(message in line for line in result.stderr.lines), result.stderr.lines
    assert not (pytester.path / "out").exists()


def test_bad_iot_data_is_a_usage_error_before_anything_runs(
    pytester: pytest.Pytester, hd_only: list[str]
) -> None:
    for entry, message in [
        ("hd=wfdb:/no/such/dir", "hd=wfdb:/no/such/dir"),
        ("ecgx=wfdb:/tmp", "unknown --iot-data key 'ecgx'"),
        ("hd", "expected KEY=SOURCE"),
    ]:
        result = pytester.runpytest(*hd_only, "--iot-data", entry, "--results-dir", "out")
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        assert any(message in line for line in result.stderr.lines), result.stderr.lines
    assert not (pytester.path / "out").exists()


def test_identical_completions_are_scored_once(
    pytester: pytest.Pytester, hd_only: list[str]
) -> None:
    slow = "import time\ndef detect_r_peaks(signal, fs):\n    time.sleep(2)\n    return []\n"
    samples = completion_file(pytester.path / "dup.jsonl", [slow, slow, slow, "prose only"])
    out = pytester.path / "out"
    result = pytester.runpytest_subprocess(
        *hd_only, "--samples", str(samples), "--results-dir", str(out)
    )
    result.assert_outcomes(passed=1)
    (item,) = only_results(out)["items"]
    assert [s["status"] for s in item["samples"]] == ["fail", "fail", "fail", "syntax_error"]
    reasons = [s["reason"] for s in item["samples"]]
    assert reasons[1].startswith("same completion as sample 0; ")
    assert reasons[2].startswith("same completion as sample 0; ")
    assert not reasons[3].startswith("same completion")
    assert item["samples"][1]["metrics"] == item["samples"][0]["metrics"]


def test_progress_bar_names_item_and_phase(pytester: pytest.Pytester, hd_only: list[str]) -> None:
    out = pytester.path / "out"
    result = pytester.runpytest_subprocess(*hd_only, "--results-dir", str(out), "--progress", "on")
    result.assert_outcomes(passed=1)
    err = result.stderr.str()
    assert f"{ITEM}: generating 1" in err and f"{ITEM}: scoring 1" in err
    assert "1/1" in err
    quiet = pytester.runpytest_subprocess(*hd_only, "--results-dir", str(out), "--progress", "off")
    quiet.assert_outcomes(passed=1)
    assert "generating" not in quiet.stderr.str()


def test_progress_bar_under_xdist_counts_worker_reports(
    pytester: pytest.Pytester, hd_only: list[str]
) -> None:
    out = pytester.path / "out"
    result = pytester.runpytest_subprocess(
        *hd_only, "--results-dir", str(out), "--progress", "on", "-n", "1"
    )
    result.assert_outcomes(passed=1)
    assert "1/1" in result.stderr.str()


def test_pytest_iotbench_runs_from_any_directory(
    pytester: pytest.Pytester, hd_only: list[str]
) -> None:
    """In a user's own repository there is no `iotbench` folder: the argument means the
    installed benchmark, and results go to the user's directory. The summary stays short."""
    assert not (pytester.path / "iotbench").exists()
    result = pytester.runpytest_subprocess("iotbench", *hd_only[1:], "--model", "reference")
    result.assert_outcomes(passed=1)
    assert len(list((pytester.path / "results").glob("reference-*.json"))) == 1
    lines = result.stdout.lines
    start = next(i for i, line in enumerate(lines) if "IoTBench" in line and "=" in line)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("="))
    summary = lines[start + 1 : end]
    assert len(summary) <= 12, summary
    result.stdout.fnmatch_lines(["applications *1  0.9* [[]0.9*", "headline (splits weighted*"])


def test_readme_fixture_example_runs(pytester: pytest.Pytester, hd_only: list[str]) -> None:
    """The README's `iotbench_item` example, as a user would paste it into their repository."""
    readme = (Path(BENCH_DIR).parent / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```python\n")[1:]
    (example,) = [b.split("```")[0] for b in blocks if "def test_detector(iotbench_item" in b]
    pytester.makepyfile(test_mine=textwrap.dedent(example))
    result = pytester.runpytest_subprocess(
        *hd_only[1:], "--model", "reference", "--n-samples", "1", "--results-dir", "out"
    )
    result.assert_outcomes(passed=1)
