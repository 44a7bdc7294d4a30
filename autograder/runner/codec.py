"""Data-only message codec between the trusted runner and the sandboxed worker.

A frame is ``MAGIC`` + 8-byte little-endian header length + a UTF-8 JSON header + raw
buffers. The header's ``buffers`` lists the byte length of each buffer. Values are JSON
trees with tagged objects for what JSON lacks: ``{"$t": [...]}`` a tuple, ``{"$d": {...}}``
a dict with string keys, ``{"$D": [[k, v], ...]}`` any other dict, ``{"$c": [re, im]}`` a
complex, ``{"$a": i, "dtype": "<f8", "shape": [...]}`` an ndarray held in buffer ``i``,
``{"$s": i, "dtype": ...}`` a numpy scalar, ``{"$b": i}`` bytes, ``{"$tt": ...}`` a torch
tensor, ``{"$h": id, "kind": ...}`` a handle to an object that stays in the worker.

Nothing is ever unpickled: decoding builds plain Python and numpy values from numbers,
strings and byte buffers, with numeric dtypes only, so no code chosen by the sender can
run on the receiving side. Sizes are capped; a frame over a cap is a ``ProtocolError``.
"""

from __future__ import annotations

import builtins
import json
import math
import os
import re
import select
import struct
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

# Student code shares the worker's process and may replace builtins (``builtins.isinstance
# = ...``); the worker's own code (this module and worker.py) keeps the originals, bound as
# module globals before any student code runs.
SAFE_BUILTINS = {
    name: getattr(builtins, name)
    for name in (
        "isinstance type len str repr getattr setattr callable list tuple dict int float "
        "complex bool bytes range sorted min max sum any all ValueError TypeError"
    ).split()
}
globals().update(SAFE_BUILTINS)

MAGIC = b"NNK1"
# the one byte the trusted side writes to a new worker once it may put its layers on
GO = b"G"


@dataclass
class WorkerConfig:
    """What the trusted side tells a worker to do to itself before it runs student code
    (sent as JSON, on its command line or through the prepared process)."""

    scratch: str  # the worker's own folder (its working directory)
    uid: int | None  # the sandbox uid to become, None to stay
    limits: dict[str, int]  # resource limits by RLIMIT_* name
    layers: dict[str, bool]  # namespaces, seccomp, landlock: which to put on
    req_fd: int  # requests from the trusted side (after the go byte)
    resp_fd: int  # answers to it
    data_cap: int  # bytes of one answer's arrays
    read_cap: int  # bytes of one request
    scratch_mb: int  # size of the fresh /tmp that holds the scratch folder
    hide: list[str] = field(default_factory=list)  # paths emptied in the private view
    fresh_tmp: list[str] = field(default_factory=list)  # world-writable dirs made fresh
    blocked: dict[str, str] = field(default_factory=dict)  # closed dirs -> what is needed
    closed: dict[str, str] = field(default_factory=dict)
    keep: list[str] = field(default_factory=list)  # kept inside emptied dirs
    read_only: list[str] = field(default_factory=list)  # bound read-only in the view
    read: list[str] = field(default_factory=list)  # Landlock: readable paths
    write_files: list[str] = field(default_factory=list)  # Landlock: writable files

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> WorkerConfig:
        return cls(**data)


HEADER_CAP = 16 * 2**20
DEFAULT_DATA_CAP = 64 * 2**20
MAX_DEPTH = 64
MAX_NDIM = 32
# Only plain numeric or boolean dtypes, spelled as numpy's ``dtype.str``: no object,
# structured, string, datetime or void dtypes can be described at all.
_DTYPE_RE = re.compile(r"^[<>|=]?(b1|[iu][1248]|f[248]|c(8|16))$")
_HANDLE_KINDS = {"module", "class", "function", "object"}


class ProtocolError(Exception):
    """A frame or value that breaks the protocol (malformed, too large, wrong types)."""


class EncodeError(Exception):
    """A value that cannot be sent (a callable, an unsupported type, too large)."""


class Handle:
    """Reference to an object living on the other side (decoded form of ``$h``)."""

    __slots__ = ("hid", "kind", "type_name")

    def __init__(self, hid: int, kind: str, type_name: str = "") -> None:
        self.hid = hid
        self.kind = kind
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"Handle({self.hid}, {self.kind}, {self.type_name})"


def _torch():
    try:
        import torch
    except ImportError:  # torch is optional; tensors are then never produced nor accepted
        return None
    return torch


class Encoder:
    """Turns a value into a JSON tree plus buffers.

    ``to_handle(obj) -> dict | None`` is asked for anything that is not data; returning
    ``None`` makes it an ``EncodeError`` (the trusted side never sends non-data).
    """

    def __init__(self, to_handle=None, data_cap: int = DEFAULT_DATA_CAP) -> None:
        self.buffers: list[bytes] = []
        self.nbytes = 0
        self.to_handle = to_handle
        self.data_cap = data_cap

    def _buffer(self, raw: bytes) -> int:
        self.nbytes += len(raw)
        if self.nbytes > self.data_cap:
            raise EncodeError(
                f"the value holds more than {self.data_cap // 2**20} MB of data, "
                "over the grader's limit"
            )
        self.buffers.append(raw)
        return len(self.buffers) - 1

    def _array(self, arr: np.ndarray, tag: str) -> dict:
        if arr.size * arr.dtype.itemsize + self.nbytes > self.data_cap:
            raise EncodeError(
                f"an array of shape {arr.shape} ({arr.nbytes / 2**20:.0f} MB) is over the "
                f"grader's limit of {self.data_cap // 2**20} MB"
            )
        arr = np.asarray(arr, order="C")  # ascontiguousarray would make 0-d arrays 1-d
        index = self._buffer(arr.tobytes())
        return {tag: index, "dtype": arr.dtype.str, "shape": list(arr.shape)}

    def encode(self, value: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise EncodeError(f"the value is nested deeper than {MAX_DEPTH} levels")
        if value is None or type(value) in (bool, str):
            return value
        if type(value) is int:
            return value
        if type(value) is float:
            return value
        if type(value) is complex:
            return {"$c": [value.real, value.imag]}
        if type(value) is list:
            return [self.encode(v, depth + 1) for v in value]
        if type(value) is tuple:
            return {"$t": [self.encode(v, depth + 1) for v in value]}
        if type(value) is dict:
            if all(type(k) is str for k in value):
                return {"$d": {k: self.encode(v, depth + 1) for k, v in value.items()}}
            return {
                "$D": [
                    [self.encode(k, depth + 1), self.encode(v, depth + 1)] for k, v in value.items()
                ]
            }
        if type(value) is bytes:
            return {"$b": self._buffer(value)}
        if isinstance(value, np.ndarray):
            arr = np.asarray(value).view(np.ndarray)
            if arr.dtype.kind in "biufc" and arr.dtype.fields is None:
                return self._array(arr.astype(arr.dtype.newbyteorder("=")), "$a")
            if arr.dtype.kind in "OUS":
                # object or string arrays travel as nested lists of their elements
                return self.encode(arr.tolist(), depth + 1)
        if isinstance(value, np.generic) and np.dtype(type(value)).kind in "biufc":
            return self._array(np.asarray(value), "$s")
        torch = _torch() if type(value).__module__.startswith("torch") else None
        if torch is not None and isinstance(value, torch.Tensor):
            arr = value.detach().cpu().resolve_conj().numpy()
            out = self._array(arr, "$tt")
            out["grad"] = bool(value.requires_grad)
            return out
        if self.to_handle is not None:
            # subclasses of the plain types end up here too: turning them into the plain
            # type first means the trusted side never holds a student-defined class
            for plain in (bool, int, float, complex, str):
                if isinstance(value, plain):
                    return self.encode(plain(value), depth)
            handle = self.to_handle(value)
            if handle is not None:
                return handle
        raise EncodeError(
            f"a {type(value).__name__} cannot be sent to student code: pass numbers, "
            "strings, None, numpy arrays, lists/tuples/dicts of those, or objects that "
            "student code returned"
        )


def _check_number(value: Any) -> Any:
    if type(value) not in (int, float):
        raise ProtocolError("expected a number")
    return value


class Decoder:
    """Rebuilds values from a JSON tree and buffers, accepting only data and handles."""

    def __init__(self, buffers: list[bytes], from_handle=None) -> None:
        self.buffers = buffers
        self.from_handle = from_handle or (lambda h: h)

    def _buffer(self, index: Any) -> bytes:
        if type(index) is not int or not 0 <= index < len(self.buffers):
            raise ProtocolError("bad buffer index")
        return self.buffers[index]

    def _array(self, node: dict) -> np.ndarray:
        dtype_str = node.get("dtype")
        if type(dtype_str) is not str or not _DTYPE_RE.match(dtype_str):
            raise ProtocolError("array with a non-numeric dtype")
        dtype = np.dtype(dtype_str)
        raw = self._buffer(node.get("$a", node.get("$s", node.get("$tt"))))
        shape = node.get("shape", [])
        if (
            type(shape) is not list
            or len(shape) > MAX_NDIM
            or any(type(d) is not int or d < 0 for d in shape)
        ):
            raise ProtocolError("bad array shape")
        if math.prod(shape) * dtype.itemsize != len(raw):
            raise ProtocolError("array shape does not match its buffer")
        return np.frombuffer(raw, dtype=dtype).reshape(tuple(shape)).copy()

    def decode(self, node: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH + 2:
            raise ProtocolError("value nested too deeply")
        if node is None or type(node) in (bool, int, float, str):
            return node
        if type(node) is list:
            return [self.decode(v, depth + 1) for v in node]
        if type(node) is not dict or not node:
            raise ProtocolError("unexpected JSON value")
        if "$t" in node:
            items = node["$t"]
            if type(items) is not list:
                raise ProtocolError("bad tuple")
            return tuple(self.decode(v, depth + 1) for v in items)
        if "$d" in node:
            items = node["$d"]
            if type(items) is not dict:
                raise ProtocolError("bad dict")
            return {k: self.decode(v, depth + 1) for k, v in items.items()}
        if "$D" in node:
            out = {}
            for pair in node["$D"] if type(node["$D"]) is list else [None]:
                if type(pair) is not list or len(pair) != 2:
                    raise ProtocolError("bad dict item")
                key = self.decode(pair[0], depth + 1)
                try:
                    out[key] = self.decode(pair[1], depth + 1)
                except TypeError:
                    raise ProtocolError("unhashable dict key") from None
            return out
        if "$c" in node:
            parts = node["$c"]
            if type(parts) is not list or len(parts) != 2:
                raise ProtocolError("bad complex")
            return complex(_check_number(parts[0]), _check_number(parts[1]))
        if "$a" in node:
            return self._array(node)
        if "$s" in node:
            arr = self._array(node)
            if arr.shape != ():
                raise ProtocolError("scalar with a shape")
            return arr[()]
        if "$b" in node:
            return bytes(self._buffer(node["$b"]))
        if "$tt" in node:
            arr = self._array(node)
            torch = _torch()
            if torch is None:
                return arr
            tensor = torch.from_numpy(arr)
            if node.get("grad") is True and tensor.is_floating_point():
                tensor.requires_grad_(True)
            return tensor
        if "$h" in node:
            hid, kind = node["$h"], node.get("kind", "object")
            type_name = node.get("type", "")
            if type(hid) is not int or kind not in _HANDLE_KINDS or type(type_name) is not str:
                raise ProtocolError("bad handle")
            return self.from_handle(Handle(hid, kind, type_name[:200]))
        raise ProtocolError("unknown tag")


def pack(message: dict, buffers: list[bytes]) -> bytes:
    """Frame a JSON-able header dict and its buffers."""
    header = dict(message, buffers=[len(b) for b in buffers])
    raw = json.dumps(header, separators=(",", ":")).encode()
    return b"".join([MAGIC, struct.pack("<Q", len(raw)), raw, *buffers])


def write_frame(fd: int, frame: bytes) -> None:
    view = memoryview(frame)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class FrameReader:
    """Reads frames from a pipe, with a deadline and caps (used on both sides)."""

    def __init__(self, fd: int, data_cap: int = DEFAULT_DATA_CAP) -> None:
        self.fd = fd
        self.data_cap = data_cap
        self.partial = False  # a frame was begun but not finished (no retry possible)

    def _read_exact(self, n: int, deadline: float | None) -> bytes:
        chunks, remaining = [], n
        while remaining:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                ready, _, _ = select.select([self.fd], [], [], left)
                if not ready:
                    raise TimeoutError
            chunk = os.read(self.fd, min(remaining, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            self.partial = True
            remaining -= len(chunk)
        return b"".join(chunks)

    def read(self, deadline: float | None = None) -> tuple[dict, list[bytes]]:
        """Return (header, buffers); raises TimeoutError, EOFError or ProtocolError."""
        start = self._read_exact(12, deadline)
        if start[:4] != MAGIC:
            raise ProtocolError("bad frame start")
        (size,) = struct.unpack("<Q", start[4:])
        if size > HEADER_CAP:
            raise ProtocolError(f"header of {size} bytes is over the cap")
        try:
            header = json.loads(self._read_exact(size, deadline))
        except (ValueError, RecursionError):
            raise ProtocolError("header is not valid JSON") from None
        sizes = header.get("buffers") if type(header) is dict else None
        if type(sizes) is not list or any(type(s) is not int or s < 0 for s in sizes):
            raise ProtocolError("bad buffer list")
        if sum(sizes) > self.data_cap + HEADER_CAP:
            raise ProtocolError(
                f"a message of {sum(sizes) / 2**20:.0f} MB is over the grader's limit"
            )
        buffers = [self._read_exact(s, deadline) for s in sizes]
        self.partial = False
        return header, buffers
