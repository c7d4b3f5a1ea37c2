"""Turn doctest example blocks into runnable programs: one function with inputs and outputs.

A block's statements split into *setup* (before the first statement that uses the documented
object) and *core* (from there on). The core becomes a function whose parameters are the names
it reads that earlier statements built (or, when it reads none, the data written into the
documented call: `arguments.hoist_arguments`); what the doc displays (bare expressions) becomes the
function's return values. A ``main()`` rebuilds the inputs with the earlier blocks' and the
setup's statements and calls the function. Plotting statements are dropped, imports hoisted, the
aliases the docs take for granted (``np``, ``pd``, ``torch``, ``nn``, ``F``) imported.
A probe appended only for the sandbox records the types of the inputs and outputs.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

from gpiot_models.data.arguments import call_in, fresh_name, hoist_arguments, positional_names
from gpiot_models.data.units import (
    BUILTINS,
    IMPLICIT_IMPORTS,
    RESERVED,
    Unit,
    drop_plotting,
    needed_for,
)


@dataclass(frozen=True)
class Output:
    name: str
    expression: str  # source of the shown expression, or the name itself
    from_target: bool  # the value is what the documented call returns
    position: int = -1  # index into the documented returns when unpacked from a tuple


@dataclass(frozen=True)
class Program:
    """A runnable example: the record's code and what the spec needs to describe it."""

    code: str
    function: str
    params: tuple[str, ...]
    param_sources: dict[str, str]  # where each input came from (its building statement)
    param_roles: dict[str, str]  # input -> parameter of the documented call it is passed as
    outputs: tuple[Output, ...]
    narrative: str
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def probe_code(self) -> str:
        """The code run in the sandbox: the record's code plus a probe of input/output types."""
        return self.code + PROBE_TEMPLATE.format(
            function=self.function, multi=len(self.outputs) > 1
        )


PROBE_ENTRY = "__gpiot_probe__"
PROBE_TEMPLATE = """

def __gpiot_probe__():
    import json as _json
    import numpy as _np

    def _label(value):
        kind = type(value)
        if kind.__module__ == "builtins":
            return kind.__qualname__
        parts = [p for p in kind.__module__.split(".") if not p.startswith("_")]
        public = ".".join(parts[:2] if parts[0] in ("sklearn", "scipy") else parts[:1])
        return f"{{public}}.{{kind.__qualname__}}"

    def _describe(value, depth=0):
        info = {{"type": _label(value)}}
        shape = getattr(value, "shape", None)
        if isinstance(shape, tuple) and all(isinstance(n, int) for n in shape):
            info["shape"] = list(shape)
        dtype = getattr(value, "dtype", None)
        if dtype is not None and not callable(dtype):
            info["dtype"] = str(dtype)
        if isinstance(value, (tuple, list)) and depth == 0:
            info["len"] = len(value)
            info["items"] = [_describe(v, 1) for v in value[:6]]
        return info

    seen = {{}}
    inner = globals()["{function}"]

    def _spy(*args, **kwargs):
        seen["inputs"] = [_describe(v) for v in args]
        value = inner(*args, **kwargs)
        parts = value if {multi} else (value,)
        seen["outputs"] = [_describe(v) for v in parts]
        return value

    globals()["{function}"] = _spy
    try:
        main()
    finally:
        globals()["{function}"] = inner
    if "outputs" not in seen:
        raise RuntimeError("main() never called the example function")
    return _np.frombuffer(_json.dumps(seen).encode(), dtype=_np.uint8)
"""


def _indent(lines: Sequence[str]) -> str:
    return "\n".join(textwrap.indent(line, "    ") for line in lines)


def docstring(text: str, width: int = 92) -> str:
    """A function docstring (indented for a body) that is safe for any text."""
    safe = text.replace("\\", "/").replace('"""', "'''").strip() or "Run the example."
    wrapped = textwrap.wrap(safe, width) or [safe]
    if len(wrapped) == 1:
        return f'"""{wrapped[0]}"""'
    return '"""' + wrapped[0] + "\n" + "\n".join(wrapped[1:]) + '\n"""'


def _shown(want: str) -> str:
    first = want.strip().splitlines()[0] if want.strip() else ""
    more = len(want.strip().splitlines()) > 1 or len(first) > 70
    return f"# the documentation shows: {first[:70]}{' ...' if more else ''}" if first else ""


def _assigned(unit: Unit) -> list[str]:
    node = unit.tree.body[-1] if unit.tree.body else None
    if not isinstance(node, ast.Assign) or len(node.targets) != 1:
        return []
    target = node.targets[0]
    elements = target.elts if isinstance(target, ast.Tuple) else [target]
    return [e.id if isinstance(e, ast.Name) else "" for e in elements]


def _target_call(units: Sequence[Unit], targets: frozenset[str]) -> ast.Call | None:
    for unit in units:
        found = call_in(unit.tree, targets)
        if found is not None:
            return found
    return None


def _roles(
    call: ast.Call | None, params: Sequence[str], api_params: Sequence[str]
) -> dict[str, str]:
    """Which documented parameter each input is passed as in the documented call."""
    roles: dict[str, str] = {}
    if call is None:
        return roles
    receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
    if isinstance(receiver, ast.Name) and receiver.id in params:
        roles[receiver.id] = "self"
    positional = positional_names(api_params, len(call.args))
    for arg, role in zip(call.args, positional, strict=False):
        if isinstance(arg, ast.Name) and arg.id in params and role:
            roles.setdefault(arg.id, role)
    for keyword in call.keywords:
        if isinstance(keyword.value, ast.Name) and keyword.arg:
            roles.setdefault(keyword.value.id, keyword.arg)
    return roles


def _inputs(core: Sequence[Unit], built: Sequence[Unit], global_names: set[str]) -> list[str]:
    """Names the core reads that earlier statements built, in reading order."""
    built_names = {name for u in built for name in u.stores}
    params: list[str] = []
    local: set[str] = set()
    for unit in core:
        params += [
            n
            for n in unit.loads
            if n in built_names and n not in local and n not in global_names and n not in params
        ]
        local |= unit.stores
    return params


def build_program(
    context: Sequence[Sequence[Unit]],
    block: Sequence[Unit],
    targets: frozenset[str],
    function: str,
    narrative: str,
    api_params: Sequence[str] = (),
    owner: str = "",
) -> Program | None:
    """The example program of `block` (with earlier blocks as `context`), or None if unusable.

    When the core reads nothing built before it, the data written into the documented call
    become its inputs (`hoist_arguments`; `owner` names the object a method is called on).
    """
    tainted: set[str] = {"plt"}  # IPython-style examples use pyplot without importing it
    earlier = drop_plotting([u for units in context for u in units], tainted)
    units = drop_plotting(block, tainted)
    start = next((i for i, unit in enumerate(units) if unit.uses(targets)), None)
    if start is None:
        return None
    setup_units, core = [u for u in units[:start]], units[start:]
    every = [*earlier, *units]
    if any(RESERVED & (set(u.loads) | u.stores) for u in every):
        return None
    imports = list(dict.fromkeys(u.source.strip() for u in every if u.is_import))
    bound_by_imports = {name for u in every if u.is_import for name in u.stores}
    needed = {name for u in every for name in u.loads} - bound_by_imports
    imports += [IMPLICIT_IMPORTS[n] for n in IMPLICIT_IMPORTS if n in needed]
    global_names = bound_by_imports | {n for n in IMPLICIT_IMPORTS if n in needed} | BUILTINS
    built = [u for u in [*earlier, *setup_units] if not u.is_import]
    core = [u for u in core if not u.is_import]
    params = _inputs(core, built, global_names)
    taken = {n for u in every for n in (*u.loads, *u.stores)} | {function}
    hoisted = (
        hoist_arguments(core[0], targets, api_params, global_names, taken, owner)
        if core and not params
        else None
    )
    if hoisted is not None:
        built, core = [*built, *hoisted[0]], [hoisted[1], *core[1:]]
        params = _inputs(core, built, global_names)
    displays = [u for u in core if u.display is not None]
    outputs: list[Output] = []
    lines: list[str] = [docstring(narrative)]
    if displays:
        base = fresh_name("result", taken)
        names = [base] if len(displays) == 1 else [f"{base}_{i + 1}" for i in range(len(displays))]
        by_unit = dict(zip((id(u) for u in displays), names, strict=True))
        for unit in core:
            name = by_unit.get(id(unit))
            if name is None:
                lines.append(unit.body())
                continue
            shown = _shown(unit.want)
            if shown:
                lines.append(shown)
            lines.append(f"{name} = {unit.body()}")
            expression = unit.display
            direct = (
                isinstance(expression, ast.Call) and _target_call([unit], targets) is expression
            )
            outputs.append(Output(name, unit.source.strip(), direct))
    else:
        lines += [u.body() for u in core]
        assigners = [u for u in core if any(_assigned(u))]
        if not assigners:
            return None
        last = assigners[-1]
        direct = (
            _target_call([last], targets) is not None
            and isinstance(last.tree.body[-1], ast.Assign)
            and isinstance(last.tree.body[-1].value, ast.Call)
        )
        for position, name in enumerate(_assigned(last)):
            if name and name != "_":
                outputs.append(Output(name, name, direct, position))
        if not outputs:
            return None
    lines.append("return " + ", ".join(o.name for o in outputs))
    demo = fresh_name("output", taken)
    main_lines = [
        docstring(f"Build the example's inputs, call {function}() and print what it returns.")
    ]
    main_lines += [u.body() for u in needed_for(built, params)]
    main_lines += [f"{demo} = {function}({', '.join(params)})", f"print({demo})"]
    code = "\n".join(imports) + ("\n\n\n" if imports else "")
    code += f"def {function}({', '.join(params)}):\n{_indent(lines)}\n\n\n"
    code += f"def main():\n{_indent(main_lines)}\n\n\n"
    code += 'if __name__ == "__main__":\n    main()\n'
    sources = {}
    for unit in needed_for(built, params):
        for name in unit.stores & set(params):
            sources[name] = unit.source.strip()
    return Program(
        code=code,
        function=function,
        params=tuple(params),
        param_sources=sources,
        param_roles=_roles(_target_call(core, targets), params, api_params),
        outputs=tuple(outputs),
        narrative=narrative,
    )


def build_demo(blocks: Sequence[tuple[str, Sequence[Unit]]], function: str, summary: str) -> str:
    """One commented demo function that runs every block in turn, printing what the doc shows."""
    tainted: set[str] = {"plt"}
    kept = [(narrative, drop_plotting(units, tainted)) for narrative, units in blocks]
    every = [u for _, units in kept for u in units]
    imports = list(dict.fromkeys(u.source.strip() for u in every if u.is_import))
    bound = {name for u in every if u.is_import for name in u.stores}
    needed = {name for u in every for name in u.loads} - bound
    imports += [IMPLICIT_IMPORTS[n] for n in IMPLICIT_IMPORTS if n in needed]
    lines = [docstring(summary)]
    for narrative, units in kept:
        body = [u for u in units if not u.is_import]
        if not body:
            continue
        if narrative:
            lines += ["# " + line for line in textwrap.wrap(narrative.replace("\\", "/"), 88)]
        for unit in body:
            if unit.display is not None:
                shown = _shown(unit.want)
                lines += [shown] if shown else []
                lines.append(f"print({ast.unparse(unit.display)})")
            else:
                lines.append(unit.body())
    code = "\n".join(imports) + ("\n\n\n" if imports else "")
    code += f"def {function}():\n{_indent(lines)}\n\n\n"
    code += f'if __name__ == "__main__":\n    {function}()\n'
    return code
