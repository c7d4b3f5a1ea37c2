# expect: pass
# why: not hostile: running another Python through subprocess must keep working.
import subprocess
import sys


def solve(x):
    out = subprocess.run([sys.executable, "-c", "print(6 * 7)"], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "42", out
    return x * 2
