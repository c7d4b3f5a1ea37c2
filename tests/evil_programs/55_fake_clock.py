# expect: pass
# min-call-seconds: 0.5
# why: freezes every clock in its own process and sleeps 0.5 s per call; the latency is timed by
#      the worker, so it still shows.
import time

_sleep = time.sleep
for name in ("perf_counter", "monotonic", "time", "process_time"):
    setattr(time, name, lambda: 0.0)


def solve(x):
    _sleep(0.5)
    return x * 2
