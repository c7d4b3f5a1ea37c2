# expect: pass
# why: tries to write outside its private /tmp: system and Python directories, the worker's
#      code, the root, /dev, a host sysctl (the same value back). Every attempt must fail; it
#      answers correctly only then.
import os
import sys

MARK = "iotbench-evil-7c1d"


def _attempts():
    import numpy

    for folder in ("/", "/etc", "/usr", "/dev", "/job", "/job/lib", "/root", "/home", "/proc",
                   sys.prefix, sys.base_prefix, os.path.dirname(numpy.__file__)):
        yield os.path.join(folder, f"{MARK}-written")
    yield "/job/lib/sandbox_worker/runner.py"


def solve(x):
    succeeded = []
    for path in _attempts():
        try:
            with open(path, "a") as handle:
                handle.write("x")
            succeeded.append(path)
        except OSError:
            pass
    try:
        with open("/proc/sys/vm/swappiness") as handle:
            value = handle.read()
        with open("/proc/sys/vm/swappiness", "w") as handle:
            handle.write(value)
        succeeded.append("sysctl")
    except OSError:
        pass
    return x if succeeded else x * 2
