# expect: fail
# why: returns an object whose unpickling would run a shell command on the harness's side;
#      results are never unpickled, so it is an unusable output (and no file appears).
import os

MARK = "iotbench-evil-7c1d"


class Payload:
    def __reduce__(self):
        return (os.system, (f"touch /tmp/{MARK}-pwned",))


def solve(x):
    return Payload()
