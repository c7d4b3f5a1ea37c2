"""Find the documented API objects of installed packages: what the CGD builder reads.

A *target* is a module (``scipy.signal``: its public functions and classes) or a class
(``pandas.DataFrame``: its public methods). Each object found carries its package, the installed
version, an application area ("domain") and its parsed docstring. Objects re-exported from another
package, objects without a docstring and aliases whose docstring repeats an earlier one are left
out, so every object appears once.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from gpiot_models.data.docstrings import ApiDoc, parse
from gpiot_models.data.targets import DISPLAY_NAMES, DOMAINS, Target


class TargetError(ValueError):
    """A target that names nothing importable; the message says which."""


@dataclass(frozen=True)
class ApiObject:
    """One documented function, class or method."""

    qualname: str  # as the builder names it: "scipy.signal.find_peaks"
    name: str  # "find_peaks"
    target: str  # the walked module or class: "scipy.signal"
    kind: str  # "function" | "class" | "method"
    signature: str  # "find_peaks(x, height=None, ...)"
    doc: ApiDoc
    package: str  # display name: "SciPy"
    version: str  # "scipy==1.17.1"
    domain: str
    # parameter names in call order (self/cls left out), marked as in a signature: "*args" for
    # the variadic positional one, "*" before keyword-only ones, "**kwargs"
    api_params: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _distributions() -> dict[str, list[str]]:
    return dict(importlib.metadata.packages_distributions())


def version_of(root: str) -> str:
    """``"<distribution>==<version>"`` of the installed package providing module `root`."""
    for dist in _distributions().get(root, [root]):
        try:
            return f"{dist}=={importlib.metadata.version(dist)}"
        except importlib.metadata.PackageNotFoundError:
            continue
    module = importlib.import_module(root)
    return f"{root}=={getattr(module, '__version__', 'unknown')}"


def domain_of(target: str) -> str:
    parts = target.split(".")
    for cut in range(len(parts), 0, -1):
        if ".".join(parts[:cut]) in DOMAINS:
            return DOMAINS[".".join(parts[:cut])]
    return "general"


def resolve(target: str) -> Any:
    """The module or class a target names."""
    if not re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", target):
        raise TargetError(f"--packages: {target!r} is not a dotted module or class name")
    try:
        return importlib.import_module(target)
    except ImportError as first:
        parent, _, attr = target.rpartition(".")
        if parent:
            try:
                found = getattr(importlib.import_module(parent), attr, None)
            except ImportError:
                found = None
            if inspect.isclass(found):
                return found
        raise TargetError(f"--packages: cannot import {target!r} ({first})") from None


def _signature(obj: Any, name: str, doc: ApiDoc) -> tuple[str, tuple[str, ...]]:
    """The call signature as text and its parameter names (from the docstring if need be)."""
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return doc.signature_line or f"{name}(...)", tuple(p.name for p in doc.params)
    text = re.sub(r"\s*->\s*None$", "", str(signature))
    names: list[str] = []
    for parameter in signature.parameters.values():
        if parameter.name in ("self", "cls"):
            continue
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            names.append("*" + parameter.name)
        elif parameter.kind is inspect.Parameter.VAR_KEYWORD:
            names.append("**" + parameter.name)
        elif parameter.kind is inspect.Parameter.KEYWORD_ONLY and not any(
            n.startswith("*") for n in names
        ):
            names += ["*", parameter.name]
        else:
            names.append(parameter.name)
    return f"{name}{text}", tuple(names)


def _members(container: Any) -> list[tuple[str, Any]]:
    if inspect.ismodule(container):
        names = getattr(container, "__all__", None)
        names = list(names) if isinstance(names, list | tuple) else dir(container)
    else:
        names = dir(container)
    out = []
    for name in names:
        if name.startswith("_"):
            continue
        try:
            out.append((name, getattr(container, name)))
        except Exception:  # noqa: BLE001 - lazy attributes that fail to load are skipped
            continue
    return out


def _kind(container: Any, obj: Any, root: str) -> str | None:
    if inspect.ismodule(obj) or not callable(obj):
        return None
    if inspect.isclass(obj):
        if issubclass(obj, BaseException) or not inspect.ismodule(container):
            return None
        kind = "class"
    else:
        kind = "function" if inspect.ismodule(container) else "method"
    module = getattr(obj, "__module__", None) or ""
    if module.split(".")[0] != root:
        return None  # re-exported from another package
    return kind


def walk(
    target: str | Target,
    limit: int | None = None,
    seen: set[int] | None = None,
    seen_docs: set[str] | None = None,
) -> list[ApiObject]:
    """The documented objects of one target, in name order (at most `limit`).

    A target with selected members reads only those; TargetError names any it lacks.
    """
    spec = target if isinstance(target, Target) else Target(target)
    target = spec.name
    container = resolve(target)
    root = target.split(".")[0]
    seen = set() if seen is None else seen
    seen_docs = set() if seen_docs is None else seen_docs
    package, version = DISPLAY_NAMES.get(root, root), version_of(root)
    found: list[ApiObject] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        members = sorted(_members(container), key=lambda pair: pair[0])
    if spec.members is not None:
        missing = sorted(spec.members - {name for name, _ in members})
        if missing:
            raise TargetError(
                f"target {target!r}: {version} has no public member(s) {', '.join(missing)}"
            )
        members = [(name, obj) for name, obj in members if name in spec.members]
    for name, obj in members:
        if limit is not None and len(found) >= limit:
            break
        kind = _kind(container, obj, root)
        text = inspect.getdoc(obj) if kind else None
        if not kind or not text or id(obj) in seen or text in seen_docs:
            continue
        seen.add(id(obj))
        seen_docs.add(text)
        doc = parse(text)
        if not doc.summary:
            continue
        signature, api_params = _signature(obj, name, doc)
        found.append(
            ApiObject(
                qualname=f"{target}.{name}",
                name=name,
                target=target,
                kind=kind,
                signature=signature,
                doc=doc,
                package=package,
                version=version,
                domain=domain_of(target),
                api_params=api_params,
            )
        )
    return found


def walk_all(targets: Sequence[str | Target], limit: int | None = None) -> list[ApiObject]:
    """Every target in turn; an object reachable from two targets belongs to the first."""
    seen: set[int] = set()
    seen_docs: set[str] = set()
    out: list[ApiObject] = []
    for target in targets:
        out += walk(target, limit, seen, seen_docs)
    return out
