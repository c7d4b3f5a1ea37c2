# expect: runtime_error
# reason: broke the harness protocol
# why: announces a 1 TiB reply on the channel; the worker refuses the frame without reading it.
import os
import struct
import time


def solve(x):
    os.write(3, struct.pack(">cQ", b"V", 1 << 40))
    time.sleep(30)
