"""Generation cache: an append-only samples file, so a killed run resumes without regenerating.

Each line is a valid samples-file line plus ``key``: a hash of everything that determines the
completion — item id and version, the prompt, the model spec and the generation settings (not n).
A line is only ever appended whole (one write, flushed and fsynced per batch); after a SIGKILL the
file may end in a partial line, which is cut off on the next open. Samples are indexed, so n
samples stay n distinct samples, and a later run asking for more reuses the first ones.
Completions are kept exactly as the model returned them (a lone surrogate is written as a JSON
escape); the session normalises them when it reads them (harness.completions).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from harness.completions import json_line


class CacheError(ValueError):
    """A cache file that cannot be used; the message names the file and line."""


def cache_key(
    item_id: str, item_version: int, prompt: Any, model: str, settings: Mapping[str, Any]
) -> str:
    """Hash of what determines a completion (everything but n and the sample index)."""
    blob = json.dumps(
        {
            "item": item_id,
            "version": item_version,
            "prompt": prompt,
            "model": model,
            "settings": dict(settings),
        },
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CacheError(f"{path}: cannot read the generation cache ({exc.strerror})") from None


def _parse(path: Path, complete: bytes) -> list[tuple[str, int, str]]:
    """(key, sample_idx, completion) of every line; the first bad line raises CacheError."""
    entries = []
    for lineno, raw in enumerate(complete.splitlines(), start=1):
        try:
            record = json.loads(raw)
            key, idx, text = record["key"], record["sample_idx"], record["completion"]
            if not (
                isinstance(key, str) and isinstance(text, str) and type(idx) is int and idx >= 0
            ):
                raise TypeError("fields key, sample_idx, completion of the wrong type")
        except (ValueError, KeyError, TypeError) as exc:
            raise CacheError(
                f"{path}:{lineno}: not a cache line ({exc}); move the "
                "file away to start a fresh cache"
            ) from None
        entries.append((key, idx, text))
    return entries


class GenerationCache:
    """Completions by (key, sample_idx), backed by one JSON-lines file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[str, dict[int, str]] = {}
        if path.exists():
            self._load()

    def _load(self) -> None:
        data = _read(self.path)
        complete = data[: data.rfind(b"\n") + 1]
        entries = _parse(self.path, complete)  # a corrupt line fails before anything is changed
        if len(complete) != len(data):  # a write cut short by a kill: drop the partial line
            with self.path.open("r+b") as handle:
                handle.truncate(len(complete))
        for key, idx, text in entries:
            self._entries.setdefault(key, {}).setdefault(idx, text)

    @staticmethod
    def check(path: Path) -> None:
        """Raise CacheError (naming the file and line) unless `path` is absent or a usable cache
        file; reads only. A partial last line, left by a kill, is not an error."""
        if path.exists():
            data = _read(path)
            _parse(path, data[: data.rfind(b"\n") + 1])

    def lookup(self, key: str, n: int) -> list[str] | None:
        """The first n completions under `key`, or None unless all of 0..n-1 are cached."""
        have = self._entries.get(key, {})
        if all(i in have for i in range(n)):
            return [have[i] for i in range(n)]
        return None

    def missing(self, key: str, n: int) -> list[int]:
        have = self._entries.get(key, {})
        return [i for i in range(n) if i not in have]

    def store(
        self,
        key: str,
        item_id: str,
        item_version: int,
        model_name: str,
        completions: Sequence[str],
        start: int = 0,
    ) -> None:
        """Append completions as sample_idx start, start+1, ...; existing indices are kept."""
        have = self._entries.setdefault(key, {})
        lines = []
        for offset, text in enumerate(completions):
            idx = start + offset
            if idx in have:
                continue
            have[idx] = text
            record = {
                "item_id": item_id,
                "sample_idx": idx,
                "completion": text,
                "item_version": item_version,
                "model": model_name,
                "key": key,
            }
            lines.append(json_line(record) + "\n")
        if not lines:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = "".join(lines).encode("utf-8")
        # One O_APPEND write per batch: concurrent writers (xdist workers) never interleave
        # inside a line on a local filesystem.
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
