"""Frames and a pickle-free value codec shared by the harness and the sandbox worker.

A frame is one tag byte, an 8-byte big-endian length and the payload. Values travel in a small
tagged binary format that can only produce None, bool, int, float, complex, str, bytes, list,
tuple, dict, set, frozenset, numpy arrays of plain dtypes and numpy scalars: decoding bytes
written by a hostile program never runs its code (no pickle) and fails with `WireError`.

Copied into the sandbox with the rest of the worker package; imports nothing from the project.
"""

from __future__ import annotations

import os
import re
import select
import struct
import time
from collections.abc import Collection
from typing import Any

import numpy as np

HEADER = struct.Struct(">cQ")
CALL_INDEX = struct.Struct(">I")  # leads a call's reply: which call it answers
_DTYPE = re.compile(r"[<>|=]?[biufcSUmM]\d{1,5}(\[[A-Za-z0-9]{1,10}\])?")
_MAX_DEPTH = 64
_MAX_DIGITS = 4000
_INT64 = struct.Struct(">q")
_FLOAT = struct.Struct(">d")
_COUNT = struct.Struct(">I")


class WireError(ValueError):
    """Bytes that are not a valid frame or value, or a value that cannot be sent."""


class Closed(EOFError):
    """The other end closed the channel."""


class TimedOut(TimeoutError):
    """A deadline passed while waiting on a channel."""


# --- frames ------------------------------------------------------------------------------------


class FrameReader:
    """Reads frames from a non-blocking fd as bytes arrive; payloads go into fresh bytearrays."""

    def __init__(self, fd: int, limit: int) -> None:
        self.fd, self.limit = fd, limit
        self._head = bytearray()
        self._tag = b""
        self._body: bytearray | None = None
        self._filled = 0

    def poll(self) -> tuple[bytes, bytearray] | None:
        """Read what is available; a complete (tag, payload) or None. Raises Closed at EOF."""
        while True:
            if self._body is None:
                try:
                    chunk = os.read(self.fd, HEADER.size - len(self._head))
                except BlockingIOError:
                    return None
                if not chunk:
                    raise Closed("channel closed")
                self._head += chunk
                if len(self._head) < HEADER.size:
                    continue
                tag, length = HEADER.unpack(bytes(self._head))
                self._head.clear()
                if length > self.limit:
                    raise WireError(
                        f"a frame of {length} bytes exceeds the limit of {self.limit} bytes"
                    )
                self._tag, self._body, self._filled = tag, bytearray(length), 0
            if self._filled < len(self._body):
                try:
                    got = os.readv(self.fd, [memoryview(self._body)[self._filled :]])
                except BlockingIOError:
                    return None
                if not got:
                    raise Closed("channel closed inside a frame")
                self._filled += got
                continue
            frame = (self._tag, self._body)
            self._body = None
            return frame


def wait_fds(
    read: list[int], write: list[int], deadline: float | None, tick: float | None = None
) -> tuple[list[int], list[int]]:
    """select() until a fd is ready, `tick` passes or the deadline passes (TimedOut)."""
    timeout = None if deadline is None else deadline - time.monotonic()
    if timeout is not None and timeout <= 0:
        raise TimedOut("deadline passed")
    if tick is not None:
        timeout = tick if timeout is None else min(timeout, tick)
    ready_r, ready_w, _ = select.select(read, write, [], timeout)
    return ready_r, ready_w


def recv_frame(reader: FrameReader, deadline: float | None = None) -> tuple[bytes, bytearray]:
    """Block (up to the deadline) until one complete frame arrives."""
    while True:
        frame = reader.poll()
        if frame is not None:
            return frame
        wait_fds([reader.fd], [], deadline)


def send_frame(
    fd: int,
    tag: bytes,
    payload: bytes | bytearray | memoryview = b"",
    deadline: float | None = None,
) -> None:
    """Write one frame to a non-blocking fd, waiting for room up to the deadline."""
    for part in (HEADER.pack(tag, len(payload)), payload):
        view = memoryview(part)
        while view:
            try:
                view = view[os.write(fd, view) :]
            except BlockingIOError:
                wait_fds([], [fd], deadline)
            except BrokenPipeError:
                raise Closed("channel closed") from None


def wipe(buffer: bytearray) -> None:
    """Overwrite a buffer that held a program's data, so later forks cannot find it in memory."""
    buffer[:] = bytes(len(buffer))


# --- values ------------------------------------------------------------------------------------


def pack(value: Any) -> bytes:
    """Encode a plain value (see module doc); WireError for anything else."""
    out: list[bytes] = []
    _pack(value, out, 0)
    return b"".join(out)


def _pack(value: Any, out: list[bytes], depth: int) -> None:
    if depth > _MAX_DEPTH:
        raise WireError("value is nested too deeply")
    if value is None:
        out.append(b"N")
    elif value is True or value is False:
        out.append(b"T" if value else b"F")
    elif isinstance(value, (np.ndarray, np.generic)):
        _pack_array(np.asarray(value), out, b"a" if isinstance(value, np.ndarray) else b"g")
    elif isinstance(value, int):
        if -(2**63) <= value < 2**63:
            out += [b"i", _INT64.pack(value)]
        else:
            _pack_bytes(b"I", str(value).encode("ascii"), out)
    elif isinstance(value, float):
        out += [b"f", _FLOAT.pack(value)]
    elif isinstance(value, complex):
        out += [b"c", _FLOAT.pack(value.real), _FLOAT.pack(value.imag)]
    elif isinstance(value, str):
        _pack_bytes(b"s", value.encode("utf-8", "surrogatepass"), out)
    elif isinstance(value, (bytes, bytearray)):
        _pack_bytes(b"b", bytes(value), out)
    elif isinstance(value, dict):
        out += [b"d", _COUNT.pack(len(value))]
        for key, item in value.items():
            _pack(key, out, depth + 1)
            _pack(item, out, depth + 1)
    else:
        for kind, tag in _SEQUENCES:
            if isinstance(value, kind):
                out += [tag, _COUNT.pack(len(value))]
                for item in value:
                    _pack(item, out, depth + 1)
                return
        raise WireError(f"a value of type {type(value).__name__} cannot be sent")


_SEQUENCES: tuple[tuple[type[Collection[Any]], bytes], ...] = (
    (list, b"l"),
    (tuple, b"t"),
    (set, b"e"),
    (frozenset, b"z"),
)


def _pack_bytes(tag: bytes, data: bytes, out: list[bytes]) -> None:
    out += [tag, _COUNT.pack(len(data)), data]


def _pack_array(array: np.ndarray, out: list[bytes], tag: bytes) -> None:
    if not _DTYPE.fullmatch(array.dtype.str):
        raise WireError(f"an array of dtype {array.dtype} cannot be sent")
    data = np.ascontiguousarray(array).tobytes()
    out += [tag]
    _pack_bytes(b"", array.dtype.str.encode("ascii"), out)
    out += [_COUNT.pack(array.ndim), *(_INT64.pack(n) for n in array.shape)]
    _pack_bytes(b"", data, out)


def unpack(data: bytes | bytearray | memoryview, max_items: int = 2_000_000) -> Any:
    """Decode bytes from `pack` (possibly written by a hostile program); WireError if invalid."""
    reader = _Reader(memoryview(data), max_items)
    try:
        value = reader.value(0)
    except (struct.error, UnicodeDecodeError, OverflowError, TypeError, ValueError) as exc:
        if isinstance(exc, WireError):
            raise
        raise WireError(f"malformed value: {type(exc).__name__}: {exc}") from None
    if reader.pos != len(reader.data):
        raise WireError("trailing bytes after the value")
    return value


class _Reader:
    def __init__(self, data: memoryview, max_items: int) -> None:
        self.data, self.pos, self.items = data, 0, max_items

    def take(self, n: int) -> memoryview:
        if n < 0 or self.pos + n > len(self.data):
            raise WireError("truncated value")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def count(self) -> int:
        n: int = _COUNT.unpack(self.take(4))[0]
        return n

    def value(self, depth: int) -> Any:
        if depth > _MAX_DEPTH:
            raise WireError("value is nested too deeply")
        self.items -= 1
        if self.items < 0:
            raise WireError("value has too many items")
        tag = bytes(self.take(1))
        if tag in (b"N", b"T", b"F"):
            return {b"N": None, b"T": True, b"F": False}[tag]
        if tag == b"i":
            return _INT64.unpack(self.take(8))[0]
        if tag == b"I":
            digits = bytes(self.take(self.count()))
            if len(digits) > _MAX_DIGITS or not re.fullmatch(rb"-?\d+", digits):
                raise WireError("malformed integer")
            return int(digits)
        if tag == b"f":
            return _FLOAT.unpack(self.take(8))[0]
        if tag == b"c":
            return complex(_FLOAT.unpack(self.take(8))[0], _FLOAT.unpack(self.take(8))[0])
        if tag == b"s":
            return str(self.take(self.count()), "utf-8", "surrogatepass")
        if tag == b"b":
            return bytes(self.take(self.count()))
        if tag in (b"a", b"g"):
            array = self.array()
            return array if tag == b"a" else array[()]
        if tag == b"d":
            n = self.count()
            pairs = [(self.value(depth + 1), self.value(depth + 1)) for _ in range(n)]
            return dict(pairs)
        if tag in (b"l", b"t", b"e", b"z"):
            items = [self.value(depth + 1) for _ in range(self.count())]
            return {b"l": list, b"t": tuple, b"e": set, b"z": frozenset}[tag](items)
        raise WireError(f"unknown value tag {tag!r}")

    def array(self) -> np.ndarray:
        dtype_str = str(self.take(self.count()), "ascii")
        if not _DTYPE.fullmatch(dtype_str):
            raise WireError(f"dtype {dtype_str!r} is not allowed")
        dtype = np.dtype(dtype_str)
        ndim = self.count()
        if ndim > 32:
            raise WireError("array has too many dimensions")
        shape = tuple(_INT64.unpack(self.take(8))[0] for _ in range(ndim))
        if any(n < 0 for n in shape):
            raise WireError("negative array dimension")
        raw = self.take(self.count())
        expected = dtype.itemsize * int(np.prod(shape, dtype=object))
        if len(raw) != expected:
            raise WireError(f"array data has {len(raw)} bytes, its shape needs {expected}")
        return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
