# expect: pass
# mode: tests
# why: not hostile: the control that passes the hidden tests honestly.
def add(a, b):
    return a + b
