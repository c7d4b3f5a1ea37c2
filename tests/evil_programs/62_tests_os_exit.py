# expect: runtime_error
# mode: tests
# reason: exited with code 0
# why: ends its process with os._exit(0) during the first test call.
import os


def add(a, b):
    os._exit(0)
