# expect: fail
# why: looks for anything in its environment that the harness did not put there on purpose
#      (tokens, paths, the user's variables). It answers correctly only if it found something.
import os

EXPECTED = {"PATH", "HOME", "TMPDIR", "LANG", "MPLBACKEND", "PYTHONHASHSEED",
            "PYTHONDONTWRITEBYTECODE", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
            "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
            "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "PWD", "LC_CTYPE"}


def solve(x):
    return x * 2 if set(os.environ) - EXPECTED else x
