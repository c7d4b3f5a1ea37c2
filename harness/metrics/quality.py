"""Static code quality in the paper's SonarQube categories: bugs, security issues, code smells.

The paper counts SonarQube issues. SonarQube is a server product, so we approximate its three
categories with pylint (bugs and smells), bandit (security) and radon (maintainability index,
cyclomatic complexity). The analysed code is never executed or imported: each sample is written
to a temporary directory and read by the analysers as text. One pylint linter lives for the
whole run and checks a batch of files per call, bandit scans a batch in process, so the costly
start-up (pylint's checkers, astroid's model of numpy) is paid once, not once per sample.

Category mapping (pylint message category → SonarQube category):

- error (E) and warning (W) → bugs, e.g. E1101 no-member, E0602 undefined-variable,
  E1120 no-value-for-parameter, W0640 cell-var-from-loop, W0102 dangerous-default-value,
  W0702 bare-except, W0631 undefined-loop-variable, E0001 syntax-error;
- convention (C) and refactor (R) → smells, e.g. C0103 invalid-name, C0116
  missing-function-docstring, C0121 singleton-comparison, R1705 no-else-return,
  R0913 too-many-arguments, R0914 too-many-locals;
- warnings about style rather than behaviour → smells too (`SMELL_WARNINGS`: unused imports,
  variables and arguments, redefined names, ...), as SonarQube files them;
- bandit findings → security (every severity counted; the split by severity is kept);
- disabled (`PYLINT_DISABLED`): missing-module-docstring (the module is ours, the model wrote a
  function), import-error (depends on what this machine has installed), missing-final-newline
  (we write the file), eval-used / exec-used (bandit reports them as security: counted once),
  duplicate-code / cyclic-import (they compare the files of a run with each other, and one
  sample's report must not depend on the others in its batch);
  skipped bandit test B101 assert_used (asserts are input checks in generated functions).

Suppression comments in generated code (``# pylint: disable=...``, ``# nosec``) are ignored, so
a model cannot hide its issues.
"""

from __future__ import annotations

import importlib
import re
import tempfile
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PYLINT_DISABLED = (
    "missing-module-docstring",
    "import-error",
    "missing-final-newline",
    "eval-used",
    "exec-used",
    "duplicate-code",
    "cyclic-import",
)
SMELL_WARNINGS = frozenset(
    {
        "unused-import",
        "unused-variable",
        "unused-argument",
        "unused-wildcard-import",
        "wildcard-import",
        "reimported",
        "redefined-outer-name",
        "redefined-builtin",
        "unnecessary-pass",
        "pointless-string-statement",
        "unspecified-encoding",
        "global-statement",
        "fixme",
    }
)
BANDIT_SKIPPED = ("B101",)
SEVERITIES = ("LOW", "MEDIUM", "HIGH")
_PYLINT_PRAGMA = re.compile(r"\bpylint:")


@dataclass(frozen=True)
class QualityReport:
    """Issue counts and complexity of one program; radon fields are None when it does not parse."""

    bugs: int
    security: int
    smells: int
    security_by_severity: Mapping[str, int] = field(default_factory=dict)
    pylint_symbols: tuple[str, ...] = ()
    bandit_tests: tuple[str, ...] = ()
    maintainability_index: float | None = None
    cc_mean: float | None = None
    cc_max: int | None = None
    parsed: bool = True

    def as_metrics(self) -> dict[str, float]:
        """Flat numbers for a results file (radon keys absent when the code does not parse)."""
        metrics: dict[str, float] = {
            "bugs": float(self.bugs),
            "security": float(self.security),
            "smells": float(self.smells),
        }
        for severity in SEVERITIES:
            metrics[f"security_{severity.lower()}"] = float(
                self.security_by_severity.get(severity, 0)
            )
        optional = {
            "maintainability_index": self.maintainability_index,
            "cc_mean": self.cc_mean,
            "cc_max": self.cc_max,
        }
        metrics.update({key: float(value) for key, value in optional.items() if value is not None})
        return metrics


def pylint_category(symbol: str, msg_id: str) -> str | None:
    """Category of one pylint message: bugs, smells, or None (info / fatal: not counted)."""
    kind = msg_id[:1]
    if kind == "W" and symbol in SMELL_WARNINGS:
        return "smells"
    if kind in ("E", "W"):
        return "bugs"
    if kind in ("C", "R"):
        return "smells"
    return None


def radon_metrics(code: str) -> tuple[float | None, float | None, int | None]:
    """(maintainability index 0-100, mean and max cyclomatic complexity over all functions).

    Functions, methods and nested functions each count once; no function gives None for both
    complexity values. Code that does not parse gives (None, None, None).
    """
    from radon.complexity import cc_visit
    from radon.metrics import mi_visit
    from radon.visitors import Function

    try:
        index = float(mi_visit(code, multi=True))
        blocks = list(cc_visit(code))
    except (SyntaxError, ValueError):
        return None, None, None
    functions: list[Any] = []
    pending = [block for block in blocks if isinstance(block, Function)]
    while pending:
        function = pending.pop()
        functions.append(function)
        pending.extend(function.closures)
    if not functions:
        return index, None, None
    complexities = [int(function.complexity) for function in functions]
    return index, sum(complexities) / len(complexities), max(complexities)


class QualityAnalyzer:
    """Static quality analysis of many programs with one long-lived pylint linter.

    Not thread-safe (pylint and astroid keep process-wide state): use one per process.
    """

    def __init__(
        self,
        pylint_disabled: Sequence[str] = PYLINT_DISABLED,
        bandit_skipped: Sequence[str] = BANDIT_SKIPPED,
    ) -> None:
        self.pylint_disabled = tuple(pylint_disabled)
        self.bandit_skipped = tuple(bandit_skipped)
        self._linter: Any = None
        self._reporter: Any = None

    def analyze(self, codes: Sequence[str]) -> list[QualityReport]:
        """One QualityReport per program, in order; the programs are never run."""
        if not codes:
            return []
        with tempfile.TemporaryDirectory(prefix="iotbench-quality-") as directory:
            root = Path(directory)
            paths: list[str] = []
            for index, code in enumerate(codes):
                file = root / f"sample_{index:05d}.py"
                text = _PYLINT_PRAGMA.sub("pylint-pragma-ignored:", code)
                file.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
                paths.append(str(file))
            pylint_found = self._run_pylint(paths, root)
            bandit_found = self._run_bandit(paths)
        reports = []
        for path, code in zip(paths, codes, strict=True):
            counts: Counter[str] = Counter()
            symbols = []
            for symbol, msg_id in pylint_found.get(path, []):
                category = pylint_category(symbol, msg_id)
                if category is not None:
                    counts[category] += 1
                    symbols.append(symbol)
            findings = bandit_found.get(path, [])
            maintainability, cc_mean, cc_max = radon_metrics(code)
            reports.append(
                QualityReport(
                    bugs=counts["bugs"],
                    security=len(findings),
                    smells=counts["smells"],
                    security_by_severity=dict(Counter(severity for _, severity in findings)),
                    pylint_symbols=tuple(sorted(symbols)),
                    bandit_tests=tuple(sorted(test for test, _ in findings)),
                    maintainability_index=maintainability,
                    cc_mean=cc_mean,
                    cc_max=cc_max,
                    parsed=maintainability is not None,
                )
            )
        return reports

    def _run_pylint(self, paths: list[str], root: Path) -> dict[str, list[tuple[str, str]]]:
        """Lint all files in one call; the first call builds the linter, later calls reuse it."""
        from pylint.lint import Run
        from pylint.reporters.collecting_reporter import CollectingReporter

        if self._linter is None:
            rcfile = root / "empty-pylintrc"
            rcfile.write_text("", encoding="utf-8")
            self._reporter = CollectingReporter()
            options = [
                f"--rcfile={rcfile}",
                "--jobs=1",
                "--persistent=n",
                "--score=n",
                "--reports=n",
                f"--disable={','.join(self.pylint_disabled)}",
            ]
            self._linter = Run([*options, *paths], reporter=self._reporter, exit=False).linter
        else:
            self._reporter.reset()
            self._linter.check(paths)
        found: dict[str, list[tuple[str, str]]] = {}
        for message in self._reporter.messages:
            found.setdefault(str(Path(message.abspath)), []).append(
                (message.symbol, message.msg_id)
            )
        self._reporter.reset()
        cache = importlib.import_module("astroid").MANAGER.astroid_cache
        for path in paths:  # astroid caches modules by name; the next batch reuses the names
            cache.pop(Path(path).stem, None)
        return found

    def _run_bandit(self, paths: list[str]) -> dict[str, list[tuple[str, str]]]:
        """Scan all files with one in-process bandit manager: {path: [(test id, severity)]}."""
        with warnings.catch_warnings():  # bandit 1.9 passes an argument stevedore deprecated
            warnings.filterwarnings("ignore", "The verify_requirements", DeprecationWarning)
            bandit_config = importlib.import_module("bandit.core.config")
            bandit_manager = importlib.import_module("bandit.core.manager")
        manager = bandit_manager.BanditManager(
            bandit_config.BanditConfig(),
            "file",
            quiet=True,
            profile={"include": [], "exclude": list(self.bandit_skipped)},
            ignore_nosec=True,
        )
        manager.discover_files(paths)
        manager.run_tests()
        found: dict[str, list[tuple[str, str]]] = {}
        for issue in manager.get_issue_list():
            found.setdefault(str(Path(issue.fname)), []).append(
                (str(issue.test_id), str(issue.severity))
            )
        return found


def analyze_quality(codes: Sequence[str]) -> list[QualityReport]:
    """Convenience: quality reports for one batch with a fresh analyzer."""
    return QualityAnalyzer().analyze(codes)
