"""Code quality: category mapping, radon values, and one batched pylint + bandit pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from radon.metrics import mi_visit

from harness.metrics.quality import QualityAnalyzer, QualityReport, pylint_category, radon_metrics

CLEAN = '''def double(value):
    """Twice the value."""
    return 2 * value
'''
SMELLY = """import os


def Scale(X, factor):
    unused = 1
    if factor == None:
        return X
    return X * factor
"""
BUGGY = '''def total(values):
    """Sum with a typo."""
    return sum(valeus)
'''
INSECURE = '''import subprocess


def run(command):
    """Run a shell command."""
    return subprocess.call(command, shell=True)
'''
HIDDEN = '''import subprocess  # nosec


def run(command):  # pylint: disable=all
    """Run a shell command."""
    unused = 1  # pylint: disable=unused-variable
    return subprocess.call(command, shell=True)  # nosec
'''
BROKEN = "def broken(:\n    return 1\n"


@pytest.mark.parametrize(
    ("symbol", "msg_id", "category"),
    [
        ("undefined-variable", "E0602", "bugs"),
        ("dangerous-default-value", "W0102", "bugs"),
        ("unused-variable", "W0612", "smells"),
        ("invalid-name", "C0103", "smells"),
        ("too-many-arguments", "R0913", "smells"),
        ("astroid-error", "F0002", None),
        ("locally-disabled", "I0011", None),
    ],
)
def test_pylint_category(symbol: str, msg_id: str, category: str | None) -> None:
    assert pylint_category(symbol, msg_id) == category


def test_radon_metrics_by_hand_and_against_radon() -> None:
    code = (
        "def sign(x):\n"
        "    if x > 0:\n"
        "        return 1\n"
        "    elif x < 0:\n"
        "        return -1\n"
        "    return 0\n"
        "\n"
        "def ident(x):\n"
        "    return x\n"
    )
    index, cc_mean, cc_max = radon_metrics(code)
    assert (cc_mean, cc_max) == (2.0, 3)  # sign: 1 + if + elif = 3; ident: 1
    assert index == pytest.approx(mi_visit(code, multi=True))
    assert radon_metrics("x = 1\n")[1:] == (None, None)
    assert radon_metrics(BROKEN) == (None, None, None)


@pytest.fixture(scope="module")
def analyzer() -> QualityAnalyzer:
    return QualityAnalyzer()


@pytest.fixture(scope="module")
def reports(analyzer: QualityAnalyzer) -> list[QualityReport]:
    return analyzer.analyze([CLEAN, SMELLY, BUGGY, INSECURE, HIDDEN, BROKEN])


def test_clean_code_has_no_issues(reports: list[QualityReport]) -> None:
    clean = reports[0]
    assert (clean.bugs, clean.security, clean.smells) == (0, 0, 0)
    assert (clean.cc_mean, clean.cc_max, clean.parsed) == (1.0, 1, True)


def test_smells_and_bugs_by_hand(reports: list[QualityReport]) -> None:
    smelly, buggy = reports[1], reports[2]
    # invalid-name (function Scale and argument X), missing-function-docstring,
    # singleton-comparison, unused-variable and unused-import (style warnings → smells)
    assert smelly.pylint_symbols == (
        "invalid-name",
        "invalid-name",
        "missing-function-docstring",
        "singleton-comparison",
        "unused-import",
        "unused-variable",
    )
    assert (smelly.bugs, smelly.smells) == (0, 6)
    # the typo makes `values` an unused argument too
    assert buggy.pylint_symbols == ("undefined-variable", "unused-argument")
    assert (buggy.bugs, buggy.smells, buggy.security) == (1, 1, 0)


def test_security_from_bandit_by_severity(reports: list[QualityReport]) -> None:
    insecure = reports[3]
    # B404 import of subprocess (low), B602 subprocess call with shell=True (high)
    assert insecure.bandit_tests == ("B404", "B602")
    assert insecure.security == 2
    assert dict(insecure.security_by_severity) == {"LOW": 1, "HIGH": 1}
    assert insecure.as_metrics()["security_high"] == 1.0


def test_suppression_comments_are_ignored(reports: list[QualityReport]) -> None:
    hidden = reports[4]
    assert hidden.bandit_tests == ("B404", "B602")
    assert "unused-variable" in hidden.pylint_symbols


def test_unparsable_code_is_one_bug_without_radon(reports: list[QualityReport]) -> None:
    broken = reports[5]
    assert broken.pylint_symbols == ("syntax-error",)
    assert (broken.bugs, broken.parsed, broken.maintainability_index) == (1, False, None)
    assert "cc_mean" not in broken.as_metrics()


def test_long_lived_linter_gives_the_same_reports(
    analyzer: QualityAnalyzer, reports: list[QualityReport]
) -> None:
    again = analyzer.analyze([BUGGY, CLEAN])
    assert again == [reports[2], reports[0]]
    assert analyzer.analyze([]) == []


def test_samples_in_a_batch_do_not_see_each_other(analyzer: QualityAnalyzer) -> None:
    body = "".join(f"    x = x + {k}\n" for k in range(12))
    long_function = f"def step(x):\n{body}    return x\n"
    alone = analyzer.analyze([long_function])
    together = analyzer.analyze([long_function, long_function, long_function])
    assert "duplicate-code" not in together[-1].pylint_symbols
    assert together == alone * 3


def test_analysed_code_is_never_executed(analyzer: QualityAnalyzer, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    code = f"from pathlib import Path\nPath({str(marker)!r}).write_text('x')\n"
    analyzer.analyze([code])
    assert not marker.exists()
