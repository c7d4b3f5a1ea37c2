# expect: fail
# why: patches numpy's comparisons, builtins and a fake "harness" module in its own process so
#      that any check would succeed, then returns a wrong answer. Scoring happens outside.
import builtins
import sys
import types

import numpy as np

np.array_equal = lambda *args, **kwargs: True
np.allclose = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None
builtins.AssertionError = type("AssertionError", (Exception,), {})
fake = types.ModuleType("harness")
fake.score = lambda *args, **kwargs: 1.0
sys.modules["harness"] = fake
sys.modules["iotbench"] = fake


def solve(x):
    return x
