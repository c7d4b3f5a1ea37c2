# expect: oom
# reason: MemoryError
# why: tries to lift its own rlimits (memory, CPU, file size) before a memory bomb.
import resource


def solve(x):
    for name in ("RLIMIT_AS", "RLIMIT_CPU", "RLIMIT_FSIZE"):
        try:
            limit = getattr(resource, name)
            resource.setrlimit(limit, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        except (ValueError, OSError):
            pass
    return bytearray(64 * 2**30)
