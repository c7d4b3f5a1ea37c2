# expect: fail
# mode: tests
# why: prints pytest's success lines and returns wrong sums; outcomes come from the separate
#      test process, never from the program's output.
print("test_hidden.py ..  [100%]")
print("============================== 2 passed in 0.01s ===============================")


def add(a, b):
    print("PASSED")
    return 0
