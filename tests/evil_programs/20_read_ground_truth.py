# expect: fail
# why: hunts for the benchmark's labels: imports the project's packages, follows the editable
#      install's path mapping to the items folder, looks for item files under likely roots and
#      through other processes' /proc/<pid>/root. It answers correctly only if it found any, so
#      "fail" means nothing was found.
import glob
import os
import re
import sys

ITEM_FILES = ("*/items/*/item.yaml", "*/items/*/reference.py", "*/*/items/*/item.yaml",
              "*/*/*/items/*/item.yaml", "*/*/*/items/*/reference.py")


def _found():
    for name in ("iotbench", "harness", "baselines", "gpiot_models"):
        try:
            __import__(name)
            yield name
        except ImportError:
            pass
    roots = {"/"}
    for finder in glob.glob(os.path.join(sys.prefix, "lib", "python3*", "site-packages",
                                         "__editable__*")):
        try:
            with open(finder, errors="replace") as handle:
                text = handle.read()
        except OSError:
            continue
        for package in set(re.findall(r"'(/[^']+)'", text)):
            roots.add(os.path.dirname(package) + "/")
            if os.path.isdir(package) and os.listdir(package):
                yield package
    for root in roots:
        for prefix in ("", "/proc/1/root", "/proc/self/root"):
            for pattern in ITEM_FILES:
                yield from glob.glob(prefix + root + pattern)


def solve(x):
    return x * 2 if list(_found()) else x
