# expect: pass
# why: the "other sample": leaves files and output behind (and stays alive for a while) so the
#      reader programs can look for them. Its source holds the code word PLANTED-CODE-482913.
import os
import time

MARK = "iotbench-evil-7c1d"
CODE_WORD = "PLANTED-CODE-482913"


def solve(x):
    for folder in ("/tmp", "/dev/shm", ".", os.path.expanduser("~")):
        try:
            with open(os.path.join(folder, f"{MARK}-planted"), "w") as handle:
                handle.write(CODE_WORD)
        except OSError:
            pass
    print(CODE_WORD)
    time.sleep(1.5)
    return x * 2
