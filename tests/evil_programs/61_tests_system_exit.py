# expect: fail
# mode: tests
# why: raises SystemExit(0) in the middle of a test, hoping the runner reads exit status 0 as
#      success.
def add(a, b):
    raise SystemExit(0)
