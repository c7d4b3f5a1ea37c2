# expect: fail
# why: prints every success marker it can think of and returns a wrong answer; the harness never
#      reads the program's output to score it.
import json


def solve(x):
    print("PASS")
    print(json.dumps({"status": "pass", "f1": 1.0, "outputs": (x * 2).tolist()}))
    print("===== 1 passed in 0.01s =====")
    return x
