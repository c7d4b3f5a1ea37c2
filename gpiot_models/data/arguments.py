"""How a documented call's arguments bind to its parameters, and how data written into it
become the example function's inputs.

``np.einsum("ii", a)`` passes ``a`` as one of the variadic ``operands`` (not as ``out``); an
example like ``np.add(1.0, 4.0)`` reads nothing built before it, so its literal arguments are
lifted into assignments (``x1 = 1.0``) that ``main()`` runs and the function takes as inputs.
"""

from __future__ import annotations

import ast
import keyword
from collections.abc import Sequence

from gpiot_models.data.units import RESERVED, Unit, make_unit


def fresh_name(base: str, taken: set[str]) -> str:
    """`base`, or `base_2`, `base_3` ... whichever is not taken yet."""
    name, index = base, 2
    while name in taken:
        name, index = f"{base}_{index}", index + 1
    return name


def call_in(tree: ast.AST, targets: frozenset[str]) -> ast.Call | None:
    """The first call in `tree` of a function or method named in `targets`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Name) and func.id in targets) or (
                isinstance(func, ast.Attribute) and func.attr in targets
            ):
                return node
    return None


_NOT_DATA = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.NamedExpr)


def _is_data(expression: ast.expr, global_names: set[str] | frozenset[str]) -> bool:
    """Whether an argument is data written in place: no name but imports and builtins."""
    if isinstance(expression, ast.Name | ast.Attribute | ast.Starred):
        return False  # a variable, a module's attribute (np.float64) or *args: not lifted
    return all(
        not isinstance(node, _NOT_DATA)
        and not (isinstance(node, ast.Name) and node.id not in global_names)
        for node in ast.walk(expression)
    )


def hoist_arguments(
    unit: Unit,
    targets: frozenset[str],
    api_params: Sequence[str],
    global_names: set[str] | frozenset[str],
    taken: set[str],
    owner: str = "",
) -> tuple[list[Unit], Unit] | None:
    """Lift the data written into the documented call into assignments before it.

    ``np.add(1.0, 4.0)`` becomes ``x1 = 1.0``, ``x2 = 4.0``, ``np.add(x1, x2)``: each argument is
    named after the documented parameter it binds to (the keyword, or ``owner`` for the object
    a method is called on), so the example function takes them as inputs. None: nothing to lift.
    """
    tree = ast.parse(unit.source)
    call = call_in(tree, targets)
    if call is None:
        return None
    lifted: list[str] = []

    def lift(expression: ast.expr, role: str) -> ast.expr:
        if not _is_data(expression, global_names):
            return expression
        base = role if role.isidentifier() and role not in RESERVED else "value"
        if base in global_names or keyword.iskeyword(base):
            base += "_"  # `type_`, `signal_`: never shadow a builtin or an imported module
        name = fresh_name(base, taken)
        taken.add(name)
        lifted.append(f"{name} = {ast.unparse(expression)}")
        return ast.Name(name, ast.Load())

    func = call.func
    written = ast.Call | ast.List | ast.Tuple | ast.Dict  # `pd.Series([1, 2]).rolling(2)`
    if owner and isinstance(func, ast.Attribute) and isinstance(func.value, written):
        func.value = lift(func.value, owner)
    roles = positional_names(api_params, len(call.args))
    call.args = [lift(arg, role or "value") for arg, role in zip(call.args, roles, strict=True)]
    for item in call.keywords:
        if item.arg is not None:
            item.value = lift(item.value, item.arg)
    made = [make_unit(source) for source in lifted]
    rewritten = make_unit(ast.unparse(tree), unit.want)
    if not lifted or rewritten is None or any(u is None for u in made):
        return None
    return [u for u in made if u is not None], rewritten


def positional_names(api_params: Sequence[str], count: int) -> list[str]:
    """The documented parameter each of `count` positional arguments binds to ("" for none).

    Positional arguments fill the ordinary parameters in order; a variadic one ("*operands")
    takes every argument from its place on; keyword-only parameters take none. So in
    ``np.einsum("ii", a)`` the array is one of the ``operands``, not ``out``.
    """
    out: list[str] = []
    for name in api_params:
        if len(out) == count or name == "*" or name.startswith("**"):
            break
        if name.startswith("*"):
            return out + [name[1:]] * (count - len(out))
        out.append(name)
    return out + [""] * (count - len(out))
