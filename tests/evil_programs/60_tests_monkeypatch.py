# expect: fail
# mode: tests
# why: patches pytest, its assertion machinery and AssertionError in its own process; the tests
#      run in another process, so none of it applies.
import builtins
import sys
import types

try:
    import _pytest.outcomes
    import pytest

    pytest.fail = lambda *args, **kwargs: None
    _pytest.outcomes.fail = lambda *args, **kwargs: None
except ImportError:
    pass
builtins.AssertionError = type("AssertionError", (Exception,), {})
sys.modules["_pytest.assertion.rewrite"] = types.ModuleType("rewrite")


def add(a, b):
    return 0
