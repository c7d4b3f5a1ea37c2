# expect: pass
# check: stdout_replaced
# why: writes bytes that are not UTF-8 to stdout and stderr; they are kept with replacement
#      characters, and the program answers normally.
import sys


def solve(x):
    sys.stdout.buffer.write(b"bad \xff\xfe\x80 bytes\n")
    sys.stderr.buffer.write(b"\xc3\x28 also bad\n")
    return x * 2
