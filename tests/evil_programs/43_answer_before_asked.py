# expect: runtime_error
# reason: broke the harness protocol
# why: writes a well-formed result frame on the channel while loading, before any input was sent
#      (a "precomputed" answer with zero latency); the worker refuses it.
import os
import struct
import sys

import numpy as np

_wire = sys.modules.get("sandbox_worker.wire")
_data = _wire.pack(np.arange(5.0) * 2) if _wire else b""
os.write(3, struct.pack(">cQ", b"V", len(_data)) + _data)


def solve(x):
    return x * 2
