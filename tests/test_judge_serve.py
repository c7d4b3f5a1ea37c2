"""The STC judge end to end: JudgeSTC -> openai adapter -> `iotbench serve` process -> adapter.

The served model is a scripted one (``replay`` over a samples file whose item is "chat", the id
the server gives chat requests), so the test checks the plumbing — prompt out, answers back,
ratings parsed, the judge's STC kept under its own metric name — without loading a model.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from test_serve import Server, start, stop

from harness.adapters import resolve_adapter
from harness.metrics.text import JUDGE_METRIC, JudgeSTC, judge_metrics
from harness.samples import Sample, write_samples

ANSWERS = ["Score: 4", "Most essential parts are there.\nScore: 5", "I cannot tell."]
REFERENCE = (
    "- Sub-Task 1 [Load]\n  - Read the ECG records\n\n- Sub-Task 2 [Detect]\n  - Find R peaks"
)


@pytest.fixture(scope="module")
def judge_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("judge")
    script = write_samples(
        folder / "judge.jsonl", [Sample("chat", i, text) for i, text in enumerate(ANSWERS)]
    )
    server = start(f"replay:{script}", folder / "logs")
    yield server
    stop(server)


def test_judge_through_a_served_model(judge_server: Server) -> None:
    adapter = resolve_adapter(f"openai:judge,base_url={judge_server.url},api=chat,backoff=0.1")
    judge = JudgeSTC(adapter, n=3)
    verdict = judge.score("Detect heartbeats.", REFERENCE, REFERENCE)
    assert verdict.status == "ok"
    assert verdict.ratings == (4.0, 5.0)  # the third answer has no rating
    assert verdict.score == pytest.approx(4.5)
    assert verdict.reason == "1 unparsed"
    assert verdict.answers == tuple(ANSWERS)


def test_judge_metric_is_kept_apart_from_the_embedding_stc(judge_server: Server) -> None:
    adapter = resolve_adapter(f"openai:judge,base_url={judge_server.url},api=chat,backoff=0.1")
    judged = judge_metrics(JudgeSTC(adapter, n=3), "Detect heartbeats.", REFERENCE, ["a", "b"])
    assert judged == [{"stc_judge": pytest.approx(4.5)}] * 2
    assert JUDGE_METRIC == "stc_judge"


def test_judge_option_adds_stc_judge_to_a_benchmark_run(
    judge_server: Server, pytester: pytest.Pytester
) -> None:
    """`pytest iotbench --judge SPEC`: each decomposition sample gets the served judge's rating
    as `stc_judge` beside the embedding `stc`, which still decides the pass."""
    import json
    import shutil
    from pathlib import Path

    import iotbench

    bench = Path(iotbench.__file__).parent
    item = "td_ecg_arrhythmia_monitor"
    shutil.copytree(bench / "items" / item, pytester.path / "items" / item)
    spec = f"openai:judge,base_url={judge_server.url},api=chat,backoff=0.1"
    result = pytester.runpytest(
        str(bench), "--items-dir", str(pytester.path / "items"), "--judge", spec,
        "--results-dir", "out", "-p", "no:cacheprovider",
    )  # fmt: skip
    result.assert_outcomes(passed=1)
    (path,) = (pytester.path / "out").glob("reference-*.json")
    sample = json.loads(path.read_text(encoding="utf-8"))["items"][0]["samples"][0]
    assert sample["metrics"]["stc_judge"] == pytest.approx(4.5)
    assert sample["metrics"]["stc"] > 1.0
    bad = pytester.runpytest(str(bench), "--judge", "nonesuch", "--results-dir", "out2")
    assert bad.ret == pytest.ExitCode.USAGE_ERROR
    assert any("--judge: unknown model adapter 'nonesuch'" in line for line in bad.stderr.lines)
