"""The AST mutator: which sites it finds, what each mutant changes, and that every mutant parses."""

from __future__ import annotations

import ast

from harness.mutation import count_sites, mutants

SOURCE = '''
def scale(x, k=2):
    """Multiply and shift; strings like "a + b" are data."""
    if x > 0 and k:
        y = x * k + 1
    else:
        y = -x
    return y
'''


def test_sites_and_descriptions() -> None:
    found = [(m.line, m.description) for m in mutants(SOURCE)]
    # default 2; if-statement; 0; >; and; assignment; *; 1; +; else assignment; unary minus;
    # return statement: 12 sites, each a distinct mutant.
    assert count_sites(SOURCE) == 12
    assert found == [
        (2, "2 -> 3"),
        (4, "statement -> pass"),
        (4, "0 -> 1"),
        (4, "Gt -> GtE"),
        (4, "And -> Or"),
        (5, "statement -> pass"),
        (5, "Mult -> Div"),
        (5, "1 -> 2"),
        (5, "Add -> Sub"),
        (7, "statement -> pass"),
        (7, "drop USub"),
        (8, "statement -> pass"),
    ]


def test_each_mutant_parses_and_expression_mutants_touch_one_line() -> None:
    original = ast.unparse(ast.parse(SOURCE))
    for mutant in mutants(SOURCE):
        assert mutant.code.rstrip("\n") != original
        ast.parse(mutant.code)
        if mutant.description != "statement -> pass":
            changed = [
                a
                for a, b in zip(original.splitlines(), mutant.code.splitlines(), strict=True)
                if a != b
            ]
            assert len(changed) == 1, mutant


def outcome(code: str) -> object:
    namespace: dict[str, object] = {}
    exec(compile(code, "<mutant>", "exec"), namespace)  # our own code, not a model's
    function = namespace["scale"]
    assert callable(function)
    try:
        return (function(3), function(-2))
    except NameError:
        return "NameError"


def test_behaviour_changes_are_real() -> None:
    assert outcome(SOURCE) == (7, 2)
    # Worked by hand for x = 3 and x = -2: only "0 -> 1" and "Gt -> GtE" leave both results
    # unchanged (neither input is 0 or 1); the other ten change a result or raise NameError.
    same = [m.description for m in mutants(SOURCE) if outcome(m.code) == (7, 2)]
    assert same == ["0 -> 1", "Gt -> GtE"]


def test_limit_spreads_over_sites_and_docstrings_are_untouched() -> None:
    limited = list(mutants(SOURCE, limit=4))
    assert [m.index for m in limited] == [0, 4, 7, 11]
    assert all('"a + b"' in m.code or "'a + b'" in m.code for m in mutants(SOURCE))
