"""The sandboxed worker: imports the student's modules and serves data-only requests.

Started by ``sandbox.Sandbox`` as ``python -I worker.py CONFIG_JSON``. While still
privileged it enters a private mount namespace that hides the grader's secrets, sets its
resource limits and drops to the sandbox uid; only then does it import student code.
It never imports anything from the trusted side except ``codec`` (loaded before student
code runs) and never receives anything callable: requests name handles by id.
"""

import ctypes
import json
import os
import resource
import sys
import traceback

import numpy as np

if __package__:
    from . import codec
else:  # run as a script with -I (no script dir on sys.path): load codec by its path
    import importlib.util

    _spec = importlib.util.spec_from_file_location(
        "nnkit_worker_codec", os.path.join(os.path.dirname(os.path.abspath(__file__)), "codec.py")
    )
    codec = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(codec)

# the originals of the builtins the worker uses, kept before any student code runs
globals().update(codec.SAFE_BUILTINS)

_CLONE_NEWNS = 0x00020000
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_BIND, _MS_REC, _MS_PRIVATE = 1, 2, 4, 4096, 16384, 1 << 18


def _mount(libc, source: str, target: str, fstype: str | None, flags: int, data: str | None):
    rc = libc.mount(
        source.encode(),
        target.encode(),
        fstype.encode() if fstype else None,
        flags,
        data.encode() if data else None,
    )
    if rc != 0:
        raise OSError(ctypes.get_errno(), f"mount {target}: {os.strerror(ctypes.get_errno())}")


def _expose(libc, blocked: dict[str, list[str]]) -> None:
    """Make paths the sandbox needs (Python, site-packages) reachable under closed dirs.

    ``blocked`` maps a directory the sandbox uid cannot enter (e.g. /root, mode 0700) to
    the paths below it that it needs. The closed directory is covered by an empty tmpfs
    and only those paths are bind-mounted back, at the same place.
    """
    for index, (closed, needed) in enumerate(sorted(blocked.items())):
        stashes = []
        for number, path in enumerate(needed):
            stash = f"/tmp/.nnkit-expose-{index}-{number}"
            os.mkdir(stash)
            _mount(libc, path, stash, None, _MS_BIND | _MS_REC, None)
            stashes.append((stash, path))
        _mount(libc, "tmpfs", closed, "tmpfs", _MS_NOSUID | _MS_NODEV, "size=1m,mode=755")
        for stash, path in stashes:
            os.makedirs(path, exist_ok=True)
            _mount(libc, stash, path, None, _MS_BIND | _MS_REC, None)
            libc.umount2(stash.encode(), 2)  # MNT_DETACH
            os.rmdir(stash)


def _fresh_dir(libc, path: str, keep: list[str]) -> None:
    """Cover ``path`` with an empty tmpfs, except the paths of ``keep`` below it (a Python
    or virtual environment living under /tmp), which are bound back at the same place."""
    below = [p for p in keep if p == path or p.startswith(path.rstrip("/") + "/")]
    # held open across the mount: /proc/self/fd/N still names the directory it covers
    held = [(p, os.open(p, os.O_PATH | os.O_DIRECTORY)) for p in below if os.path.isdir(p)]
    _mount(libc, "tmpfs", path, "tmpfs", _MS_NOSUID | _MS_NODEV, "size=256m,mode=1777")
    for kept, fd in held:
        os.makedirs(kept, exist_ok=True)
        _mount(libc, f"/proc/self/fd/{fd}", kept, None, _MS_BIND | _MS_REC, None)
        os.close(fd)


def _hide_paths(
    hide: list[str], fresh_tmp: list[str], blocked: dict[str, list[str]], keep: list[str]
) -> None:
    """Private mount namespace: secrets become empty, world-writable dirs become fresh."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(_CLONE_NEWNS) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNS)")
    _mount(libc, "none", "/", None, _MS_REC | _MS_PRIVATE, None)
    for path in fresh_tmp:
        if os.path.isdir(path):
            _fresh_dir(libc, path, keep)
    _expose(libc, blocked)
    for path in hide:
        if os.path.isdir(path):
            _mount(libc, "tmpfs", path, "tmpfs", _MS_RDONLY | _MS_NOSUID, "size=4k,mode=000")
        elif os.path.exists(path):
            _mount(libc, "/dev/null", path, None, _MS_BIND, None)


def _setup(config: dict) -> None:
    os.chdir(config["scratch"])
    if config.get("hide") is not None:
        _hide_paths(
            config["hide"],
            config.get("fresh_tmp", []),
            config.get("blocked", {}),
            config.get("keep", []),
        )
    limits = config["limits"]
    for name, value in limits.items():
        soft = value
        hard = value + 5 if name == "RLIMIT_CPU" else value
        resource.setrlimit(getattr(resource, name), (soft, hard))
    uid = config.get("uid")
    if uid is not None:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    os.umask(0o077)
    # the scratch dir (our cwd) is the only place modules are imported from; through
    # /proc/self/cwd it stays reachable even when a fresh tmpfs now covers /tmp above it
    here = "/proc/self/cwd" if config.get("hide") is not None else config["scratch"]
    sys.path[:] = [here] + [p for p in sys.path[1:] if p and not p.startswith(config["scratch"])]
    sys.dont_write_bytecode = True


class Worker:
    def __init__(self, req_fd: int, resp_fd: int, data_cap: int, read_cap: int) -> None:
        self.reader = codec.FrameReader(req_fd, data_cap=read_cap)
        self.resp_fd = resp_fd
        self.data_cap = data_cap
        self.objects: dict[int, object] = {}
        self.next_id = 1

    def handle_for(self, obj: object) -> dict:
        hid = self.next_id
        self.next_id += 1
        self.objects[hid] = obj
        if isinstance(obj, type(sys)):
            kind = "module"
        elif isinstance(obj, type):
            kind = "class"
        elif callable(obj):
            kind = "function"
        else:
            kind = "object"
        return {"$h": hid, "kind": kind, "type": type(obj).__name__[:100]}

    def resolve(self, handle: codec.Handle) -> object:
        return self.objects[handle.hid]

    def send(self, message: dict, buffers: list[bytes]) -> None:
        codec.write_frame(self.resp_fd, codec.pack(message, buffers))

    def send_value(self, value: object) -> None:
        enc = codec.Encoder(to_handle=self.handle_for, data_cap=self.data_cap)
        try:
            tree = enc.encode(value)
        except codec.EncodeError as exc:
            self.send({"error": {"kind": "encode", "type": "ValueError", "message": str(exc)}}, [])
            return
        except RecursionError:
            message = f"the value is nested deeper than {codec.MAX_DEPTH} levels"
            self.send({"error": {"kind": "encode", "type": "ValueError", "message": message}}, [])
            return
        self.send({"ok": tree}, enc.buffers)

    def send_error(self, exc: BaseException) -> None:
        if isinstance(exc, SystemExit):
            kind = "exit"
        elif isinstance(exc, MemoryError):
            kind = "memory"
        else:
            kind = "exception"
        try:
            message = str(exc)[:2000]
        except BaseException:  # a student exception whose __str__ fails
            message = "<the exception's message could not be computed>"
        frames = traceback.extract_tb(exc.__traceback__)
        # the student's own frames are the useful ones: files in the scratch dir
        mine = [f for f in frames if f.filename.startswith((sys.path[0], os.getcwd()))]
        trace = "".join(traceback.format_list((mine or frames[-2:])[-6:]))[-3000:]
        if isinstance(exc, SyntaxError) and exc.text:
            trace += f"    {exc.text.rstrip()}\n"
        type_name = type(exc).__name__
        self.send(
            {
                "error": {
                    "kind": kind,
                    "type": type_name[:100],
                    "message": message,
                    "traceback": trace,
                }
            },
            [],
        )

    def do_import(self, modules: list[str]) -> dict:
        import importlib

        out = {}
        for name in modules:
            out[name] = importlib.import_module(name)
        return out

    def dispatch(self, request: dict, buffers: list[bytes]) -> object:
        dec = codec.Decoder(buffers, from_handle=self.resolve)
        op = request["op"]
        if op == "import":
            return self.do_import(request["modules"])
        target = self.objects[request["target"]]
        if op == "getattr":
            return getattr(target, request["name"])
        if op == "setattr":
            setattr(target, request["name"], dec.decode(request["value"]))
            return None
        if op == "call":
            args = dec.decode(request["args"])
            kwargs = dec.decode(request["kwargs"])
            if request.get("report_arguments") is True:
                # the arguments as the call left them, so the trusted side can see in-place
                # writes into them (they travel back as data, like any result)
                result = target(*args, **kwargs)
                return {"result": result, "args": args, "kwargs": kwargs}
            return target(*args, **kwargs)
        if op == "len":
            return len(target)
        if op == "getitem":
            return target[dec.decode(request["key"])]
        if op == "iter":
            items = []
            for item in target:
                items.append(item)
                if len(items) > 1_000_000:
                    raise ValueError("iterating gave more than a million items")
            return items
        if op == "repr":
            return repr(target)[:2000]
        raise ValueError(f"unknown op {op!r}")

    def serve(self) -> None:
        import builtins

        # the protocol code below (and json, traceback...) looks builtins up at call time:
        # a student's ``builtins.isinstance = ...`` must not break how its results travel
        clean = dict(builtins.__dict__)
        self.send({"ok": "ready"}, [])
        while True:
            try:
                request, buffers = self.reader.read()
            except EOFError:
                return
            try:
                result = self.dispatch(request, buffers)
            except BaseException as exc:  # student code may raise anything, SystemExit too
                builtins.__dict__.update(clean)
                self.send_error(exc)
                continue
            builtins.__dict__.update(clean)
            try:
                self.send_value(result)
            except BaseException as exc:  # encoding runs student code (__index__, tolist)
                self.send_error(exc)


def main() -> None:
    config = json.loads(sys.argv[1])
    _setup(config)
    np.seterr(all="warn")
    worker = Worker(config["req_fd"], config["resp_fd"], config["data_cap"], config["read_cap"])
    worker.serve()


if __name__ == "__main__":
    main()
