# expect: fail
# limits: wall_seconds=20
# why: scans its own memory (a fork of the worker) for the planter's source and output, which
#      passed through the worker earlier. The worker wipes every buffer that held another
#      program's data, so nothing is found. The pattern is written so it cannot match itself.
import re

PATTERN = re.compile(rb"PLANTED\x2dCODE\x2d\d{6}")


def _found():
    with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb") as mem:
        for line in maps:
            fields = line.split()
            start, end = (int(v, 16) for v in fields[0].split("-"))
            if "r" not in fields[1] or (len(fields) > 5 and fields[5].startswith("/usr")):
                continue
            try:
                mem.seek(start)
                if PATTERN.search(mem.read(end - start)):
                    return True
            except (OSError, ValueError, OverflowError):
                continue
    return False


def solve(x):
    return x * 2 if _found() else x
