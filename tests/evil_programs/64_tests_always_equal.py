# expect: fail
# mode: tests
# why: returns an object that claims to equal anything; only plain values cross to the tests.
class Anything:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


def add(a, b):
    return Anything()
