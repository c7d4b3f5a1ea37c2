"""Lazy name → "module:Attribute" registries.

A registry maps short names to import strings, so choosing an entry imports only that entry's
module (torch, transformers or peft load only when an adapter that needs them is picked).
Third-party packages add entries through an entry-point group without touching this project.
"""

from __future__ import annotations

import difflib
import importlib
import threading
from collections.abc import Iterator
from importlib.metadata import entry_points
from typing import Generic, TypeVar

T = TypeVar("T")


class RegistryError(LookupError):
    """An unknown name, or an entry that cannot be imported."""


class LazyRegistry(Generic[T]):
    """Names resolved to objects on first use; plus entries from an entry-point group."""

    def __init__(self, what: str, entry_point_group: str | None = None) -> None:
        self.what = what
        self.entry_point_group = entry_point_group
        self._targets: dict[str, str] = {}
        self._loaded: dict[str, T] = {}
        self._scanned_entry_points = False
        self._lock = threading.RLock()  # items may be scored from two threads at once

    def register(self, name: str, target: str | T) -> None:
        """Register `target` ("pkg.module:Attr" or the object itself) under `name`."""
        if name in self._targets or name in self._loaded:
            raise RegistryError(f"{self.what} {name!r} is already registered")
        if isinstance(target, str):
            if ":" not in target:
                raise RegistryError(
                    f"{self.what} {name!r}: target {target!r} is not 'module:Attribute'"
                )
            self._targets[name] = target
        else:
            self._loaded[name] = target

    def names(self) -> list[str]:
        self._scan_entry_points()
        return sorted(set(self._targets) | set(self._loaded))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self.names()

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def get(self, name: str) -> T:
        """The object registered under `name`, importing its module on first use."""
        with self._lock:
            return self._get(name)

    def _get(self, name: str) -> T:
        if name in self._loaded:
            return self._loaded[name]
        self._scan_entry_points()
        if name not in self._targets:
            raise RegistryError(self.unknown_message(name))
        module_name, _, attribute = self._targets[name].partition(":")
        try:
            obj: object = importlib.import_module(module_name)
            for part in attribute.split("."):
                obj = getattr(obj, part)
        except Exception as exc:  # any import-time failure of a plug-in
            raise RegistryError(
                f"{self.what} {name!r} ({self._targets[name]}) cannot be loaded: {exc}"
            ) from exc
        self._loaded[name] = obj  # type: ignore[assignment]
        return obj  # type: ignore[return-value]

    def unknown_message(self, name: str) -> str:
        known = self.names()
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"unknown {self.what} {name!r}{hint} (known: {', '.join(known)})"

    def _scan_entry_points(self) -> None:
        with self._lock:
            if self._scanned_entry_points or self.entry_point_group is None:
                return
            for ep in entry_points(group=self.entry_point_group):
                if ep.name not in self._targets and ep.name not in self._loaded:
                    self._targets[ep.name] = ep.value
            self._scanned_entry_points = True  # only once every entry is in
