"""The suite's own markers: ``needs_bwrap`` skips without bubblewrap, and fails in CI."""

from __future__ import annotations

import conftest
import pytest

MARKED = "import pytest\n\n@pytest.mark.needs_bwrap\ndef test_func():\n    pass\n"


def test_needs_bwrap_skips_without_bubblewrap_but_fails_in_ci(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = pytester.getitem(MARKED)
    monkeypatch.setattr(conftest, "bwrap_problem", lambda: "bwrap is not installed")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="bwrap is not installed"):
        conftest.pytest_runtest_setup(item)
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="CI must run the sandboxed tests"):
        conftest.pytest_runtest_setup(item)
    monkeypatch.setattr(conftest, "bwrap_problem", lambda: None)
    conftest.pytest_runtest_setup(item)  # bubblewrap works: the test runs


def test_unmarked_tests_never_need_bubblewrap(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = pytester.getitem("def test_func():\n    pass\n")
    monkeypatch.setattr(conftest, "bwrap_problem", lambda: "bwrap is not installed")
    monkeypatch.setenv("CI", "1")
    conftest.pytest_runtest_setup(item)
