# expect: pass
# why: leaves a spinning daemon thread and a sleeping non-daemon thread behind; the process
#      must still end right after its last answer.
import threading
import time


def _spin():
    while True:
        pass


def solve(x):
    threading.Thread(target=_spin, daemon=True).start()
    threading.Thread(target=time.sleep, args=(600,), daemon=False).start()
    return x * 2
