"""Trusted-side stand-ins for the student's modules and the objects they return.

A test function receives a ``ModuleProxy`` where otter would pass the student's module.
Reading an attribute, calling, constructing, ``len``, indexing and iterating become
data-only requests to the worker; data comes back as plain values built here, anything
else as another ``HandleProxy``. Proxies refuse to send anything that is not data, so
no trusted object or callable ever reaches student code.
"""

from __future__ import annotations

import builtins
import time
from typing import Any

from . import codec
from .sandbox import Sandbox, SandboxFailure


class StudentError(Exception):
    """Student code raised an exception (re-raised here with its message)."""

    student_type = "Exception"
    student_traceback = ""


_ERROR_CLASSES: dict[str, type] = {}


def _error_class(type_name: str) -> type:
    """A StudentError that is also the builtin exception of that name, if there is one.

    So a test's ``except ValueError`` catches a student ``ValueError``; a student-defined
    class name only ever becomes the generic StudentError.
    """
    if type_name in _ERROR_CLASSES:
        return _ERROR_CLASSES[type_name]
    base = getattr(builtins, type_name, None)
    if (
        isinstance(base, type)
        and issubclass(base, Exception)
        and base.__module__ == "builtins"
        and type_name not in ("StopIteration", "StopAsyncIteration")
    ):
        cls = type(f"Student{type_name}", (StudentError, base), {})
    else:
        cls = StudentError
    _ERROR_CLASSES[type_name] = cls
    return cls


class Session:
    """One test's view of the worker: the deadline and how to talk to it."""

    def __init__(self, sandbox: Sandbox, timeout: float, memory_mb: int) -> None:
        self.sandbox = sandbox
        self.memory_mb = memory_mb
        self.begin_test(timeout)

    def begin_test(self, timeout: float) -> None:
        """Start the clock of the next test (handles survive across tests of one worker)."""
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.sandbox.begin_test(timeout)

    def request(self, message: dict, what: str, values: dict | None = None) -> Any:
        enc = codec.Encoder(to_handle=_handle_of)
        try:
            tree = {key: enc.encode(value) for key, value in (values or {}).items()}
        except codec.EncodeError as exc:
            raise TypeError(f"the test cannot pass this to {what}: {exc}") from None
        self.sandbox.send(codec.pack({**message, **tree}, enc.buffers), what)
        try:
            header, buffers = self.sandbox.receive(self.deadline, what)
        except SandboxFailure as exc:
            if exc.kind == "timeout":
                exc.message = f"timed out after {self.timeout:g} s in {what}"
            raise
        if "error" in header:
            self._raise(header["error"], what)
        try:
            return codec.Decoder(buffers, from_handle=lambda h: HandleProxy(self, h, what)).decode(
                header.get("ok")
            )
        except (codec.ProtocolError, RecursionError, ValueError, TypeError) as exc:
            self.sandbox.fail("protocol", f"{what} returned malformed data: {exc}")

    def _raise(self, error: Any, what: str) -> None:
        if type(error) is not dict:
            self.sandbox.fail("protocol", f"malformed error from {what}")
        kind = error.get("kind")
        type_name = str(error.get("type", "Exception"))[:100]
        message = str(error.get("message", ""))[:2000]
        if kind == "exit":
            raise SandboxFailure("exit", f"the submission called sys.exit() during {what}")
        if kind == "memory":
            raise SandboxFailure(
                "memory", f"the submission ran out of memory (limit {self.memory_mb} MB) in {what}"
            )
        if kind == "encode":
            raise AssertionError(f"{what} returned a value the grader cannot read: {message}")
        exc = _error_class(type_name)(f"{what} raised {type_name}: {message}")
        exc.student_type = type_name
        exc.student_traceback = str(error.get("traceback", ""))[:3000]
        raise exc


def _handle_of(value: Any) -> dict | None:
    if isinstance(value, HandleProxy):
        return {"$h": object.__getattribute__(value, "_nnkit_handle").hid}
    return None


class HandleProxy:
    """An object that lives in the worker (module, class, function or instance)."""

    __slots__ = ("_nnkit_session", "_nnkit_handle", "_nnkit_label")

    def __init__(self, session: Session, handle: codec.Handle, label: str) -> None:
        object.__setattr__(self, "_nnkit_session", session)
        object.__setattr__(self, "_nnkit_handle", handle)
        object.__setattr__(self, "_nnkit_label", label)

    def _nnkit(self) -> tuple[Session, codec.Handle, str]:
        get = object.__getattribute__
        return get(self, "_nnkit_session"), get(self, "_nnkit_handle"), get(self, "_nnkit_label")

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            # numpy and Python probe dunders (__array__, __array_interface__...): they are
            # never forwarded, so a returned object cannot pose as an array
            raise AttributeError(name)
        session, handle, label = self._nnkit()
        return session.request(
            {"op": "getattr", "target": handle.hid, "name": name}, f"{label}.{name}"
        )

    def __setattr__(self, name: str, value: Any) -> None:
        session, handle, label = self._nnkit()
        session.request(
            {"op": "setattr", "target": handle.hid, "name": name},
            f"setting {label}.{name}",
            {"value": value},
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._nnkit_call(args, kwargs, report=False)

    def _nnkit_call_reporting_arguments(self, *args: Any, **kwargs: Any) -> tuple[Any, tuple, dict]:
        """Call, and get back the arguments as the call left them in the worker:
        ``(result, args_after, kwargs_after)``, all data (or handles) like any result.

        The worker receives copies of the test's arrays, so an in-place write into an
        argument is invisible to the test unless the copies come back
        (``nnkit.feedback.call_checking_inputs`` compares them with the originals).
        """
        return self._nnkit_call(args, kwargs, report=True)

    def _nnkit_call(self, args: tuple, kwargs: dict, report: bool) -> Any:
        session, handle, label = self._nnkit()
        result_label = f"{label}(...)" if handle.kind == "class" else f"the result of {label}"
        what = f"{label}" if handle.kind != "class" else f"{label}(...) (constructor)"
        message = {"op": "call", "target": handle.hid}
        if report:
            message["report_arguments"] = True
        out = session.request(message, what, {"args": tuple(args), "kwargs": dict(kwargs)})
        if report:
            if (
                type(out) is not dict
                or set(out) != {"result", "args", "kwargs"}
                or type(out["args"]) is not tuple
                or type(out["kwargs"]) is not dict
            ):
                session.sandbox.fail("protocol", f"{what} reported its arguments wrongly")
            result, args_after, kwargs_after = out["result"], out["args"], out["kwargs"]
        else:
            result = out
        if isinstance(result, HandleProxy):
            object.__setattr__(result, "_nnkit_label", result_label)
        return (result, args_after, kwargs_after) if report else result

    def __len__(self) -> int:
        session, handle, label = self._nnkit()
        n = session.request({"op": "len", "target": handle.hid}, f"len({label})")
        if type(n) is not int or n < 0:
            raise TypeError(f"len({label}) did not return a non-negative int")
        return n

    def __getitem__(self, key: Any) -> Any:
        session, handle, label = self._nnkit()
        return session.request(
            {"op": "getitem", "target": handle.hid}, f"{label}[...]", {"key": key}
        )

    def __iter__(self):
        session, handle, label = self._nnkit()
        items = session.request({"op": "iter", "target": handle.hid}, f"iterating {label}")
        if type(items) is not list:
            raise TypeError(f"iterating {label} failed")
        return iter(items)

    def __repr__(self) -> str:
        _, handle, label = self._nnkit()
        return f"<{handle.kind} {label} in the sandbox>"

    def __bool__(self) -> bool:
        return True


class ModuleProxy(HandleProxy):
    """The student's module, as passed to a test function."""

    __slots__ = ()


def import_modules(session: Session, names: list[str]) -> dict[str, ModuleProxy]:
    """Import the student's modules in the worker; return a proxy per module."""
    out = session.request(
        {"op": "import", "target": 0, "modules": names},
        "importing " + ", ".join(f"{n}.py" for n in names),
    )
    if type(out) is not dict:
        raise SandboxFailure("protocol", "the worker answered the import with something else")
    proxies = {}
    for name in names:
        proxy = out.get(name)
        if not isinstance(proxy, HandleProxy):
            raise SandboxFailure("protocol", f"importing {name}.py did not give a module")
        handle = object.__getattribute__(proxy, "_nnkit_handle")
        proxies[name] = ModuleProxy(session, handle, name)
    return proxies
