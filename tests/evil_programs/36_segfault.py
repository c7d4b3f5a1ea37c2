# expect: runtime_error
# reason: SIGSEGV
# why: dereferences NULL through ctypes.
import ctypes


def solve(x):
    return ctypes.string_at(0)
