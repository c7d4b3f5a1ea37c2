# expect: runtime_error
# reason: only the harness may decide
# why: writes its own failure frame claiming status "pass" on the harness channel, then exits.
import json
import os
import struct


def solve(x):
    payload = json.dumps({"status": "pass", "reason": "forged"}).encode()
    for fd in range(3, 16):
        try:
            if os.readlink(f"/proc/self/fd/{fd}").startswith("socket:"):
                os.write(fd, struct.pack(">cQ", b"X", len(payload)) + payload)
        except OSError:
            pass
    os._exit(0)
