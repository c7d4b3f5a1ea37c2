# expect: fail
# mode: tests
# why: returns an object whose unpickling runs a command; values are never pickled.
import os

MARK = "iotbench-evil-7c1d"


class Payload:
    def __reduce__(self):
        return (os.system, (f"touch /tmp/{MARK}-pwned-tests",))


def add(a, b):
    return Payload()
