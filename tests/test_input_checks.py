"""Bad or hostile input around the sandbox: completions the harness normalises or refuses to
parse, static analysis that must not stall a run, and options checked before any work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.completions import json_line, normalise, prepare
from harness.metrics.analysis import AnalysisWorker
from harness.sandbox import Execution
from iotbench.scorers import codegen


def test_lone_surrogates_are_replaced_and_counted() -> None:
    assert normalise("ok ü") == ("ok ü", "")
    fixed, note = normalise("a\ud800b\udfffc")
    assert fixed == "a\ufffdb\ufffdc"
    assert note.startswith("2 invalid code point(s)")


def test_json_line_keeps_the_raw_text_either_way() -> None:
    readable = json_line({"completion": "grüße"})
    assert "grüße" in readable  # not escaped when it can be written as UTF-8
    escaped = json_line({"completion": "x\ud800"})
    escaped.encode("utf-8")  # writable
    assert json.loads(escaped) == {"completion": "x\ud800"}


def test_a_completion_over_the_limit_is_never_parsed() -> None:
    small = prepare("def f():\n    return 1\n", max_bytes=1024)
    assert (small.text, small.too_large) == ("def f():\n    return 1\n", False)
    big = prepare("x" * 2049, max_bytes=2048)
    assert big.too_large and big.text == ""
    assert "completion of 2 KB is over the limit of 2 KB" in big.note
    # the size counts UTF-8 bytes: 700 three-byte characters are 2100 bytes
    assert prepare("€" * 700, max_bytes=2048).too_large


def execution(tests: dict[str, str], raised: tuple[str, ...] = ()) -> Execution:
    return Execution(status=None, tests=tests, raised=raised)


def test_tests_passed_gives_nothing_for_passing_only_by_raising() -> None:
    tests = {"t_value": "failed", "t_raises_a": "passed", "t_raises_b": "passed", "t_x": "failed"}
    always_raises = execution(tests, raised=("t_raises_a", "t_raises_b"))
    assert codegen.tests_passed(always_raises) == 0.0
    honest = execution({**tests, "t_value": "passed"}, raised=("t_raises_a", "t_raises_b"))
    assert codegen.tests_passed(honest) == pytest.approx(3 / 4)
    assert codegen.tests_passed(execution(tests)) == pytest.approx(2 / 4)
    assert codegen.tests_passed(execution({})) == 0.0


@pytest.mark.slow
def test_static_analysis_over_its_budget_is_abandoned_not_waited_for() -> None:
    # ~6000 lines: pylint needs tens of seconds; the budget is half a second
    body = "".join(
        f"def f{i}(x):\n    if x > {i}:\n        return x * {i}\n"
        "    return [y for y in range(x)]\n\n"
        for i in range(1500)
    )
    slow = AnalysisWorker(seconds=0.5)
    try:
        late = slow.analyze(body, "def f(x):\n    return x\n", tasks=("quality",))
        assert late.metrics == {}
        assert late.problems and late.problems[0].startswith("quality metrics missing")
        assert slow.restarts == 1
    finally:
        slow.close()
    patient = AnalysisWorker(seconds=120)
    try:
        done = patient.analyze("def f(x):\n    return x + 1\n", "", tasks=("quality",))
        assert done.problems == ()
        assert done.metrics["bugs"] == 0.0
    finally:
        patient.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tolerance", "nan"], "--tolerance must be a finite number >= 0, got nan"),
        (["--model", ""], "--model: empty model spec"),
        (["--max-completion-kb", "0"], "--max-completion-kb must be >= 1, got 0"),
        (["--analysis-time-limit", "0"], "--analysis-time-limit must be > 0 seconds, got 0"),
        (["--time-limit", "inf"], "--time-limit must be > 0 seconds, got inf"),
        (["--top-p", "nan"], "--top-p must be in (0, 1], got nan"),
        (["--model", "reference:generic,x=1"], "reference adapter takes no options"),
    ],
)
def test_bad_options_are_one_line_usage_errors_before_any_work(
    pytester: pytest.Pytester, hd_only: list[str], args: list[str], message: str
) -> None:
    result = pytester.runpytest(*hd_only, *args, "--results-dir", "out")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = [line for line in result.stderr.lines if line.strip()]
    assert len(errors) == 1 and message in errors[0], errors
    assert not (pytester.path / "out").exists()


def test_empty_items_folder_and_unwritable_results_dir_are_refused(
    pytester: pytest.Pytester,
) -> None:
    import iotbench

    plugin_dir = str(Path(iotbench.__file__).parent)
    empty = pytester.mkdir("no_items")
    result = pytester.runpytest(plugin_dir, "--items-dir", str(empty), "--results-dir", "out")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert any("no_items" in line for line in result.stderr.lines), result.stderr.lines
    blocker = pytester.path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = pytester.runpytest(plugin_dir, "--results-dir", str(blocker))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert any("exists and is not a directory" in line for line in result.stderr.lines)
    assert blocker.read_text(encoding="utf-8") == "not a folder"  # nothing produced is lost
