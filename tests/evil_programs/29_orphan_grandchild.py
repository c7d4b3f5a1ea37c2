# expect: pass
# why: starts a long-lived process in a new session and returns; it must be gone after the run
#      (the suite checks for its marker).
import subprocess
import sys

MARK = "iotbench-evil-7c1d"


def solve(x):
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", f"{MARK}-orphan"],
                     start_new_session=True, stdout=subprocess.DEVNULL)
    return x * 2
