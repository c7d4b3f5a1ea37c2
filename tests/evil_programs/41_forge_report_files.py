# expect: fail
# why: writes report.json / outputs.npz with a perfect result wherever the old driver kept them;
#      results now come back only over the worker's channel.
import json
import os

import numpy as np


def solve(x):
    report = json.dumps({"status": "completed", "call_seconds": [0.0], "invalid": {}})
    for folder in (".", "/tmp", "/job/out", "/job", "/job/in"):
        try:
            with open(os.path.join(folder, "report.json"), "w") as handle:
                handle.write(report)
            np.savez(os.path.join(folder, "outputs.npz"), out0=x * 2)
        except OSError:
            pass
    return x
