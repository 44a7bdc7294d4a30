"""The sandboxed worker: imports the student's modules and serves data-only requests.

Started by ``sandbox.Sandbox`` as ``python -I worker.py CONFIG_JSON``, or forked by the
grading's prepared process (``prepared``) into the same state. While still
privileged it puts the layers of ``layers`` around itself (namespaces with a private view
of the file system, resource limits, the sandbox uid, no_new_privs, seccomp, Landlock) and
reports which are on; only then does it import student code. It never imports anything
from the trusted side except ``codec`` and ``layers`` (loaded before student code runs)
and never receives anything callable: requests name handles by id.
"""

import ctypes
import json
import os
import resource
import sys
import traceback

import numpy as np


def _load_by_path(name: str):
    """A module of this folder, loaded by its path: run with -I, the folder is not on
    sys.path, and nothing of the trusted side's packages is imported."""
    import importlib.util

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"nnkit_worker_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # as an import would (dataclasses look it up there)
    spec.loader.exec_module(module)
    return module


codec = _load_by_path("codec")
layers = _load_by_path("layers")

# the originals of the builtins the worker uses, kept before any student code runs
globals().update(codec.SAFE_BUILTINS)

_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_NOEXEC, _MS_REMOUNT = 1, 2, 4, 8, 32
_MS_NOATIME, _MS_NODIRATIME, _MS_RELATIME = 1024, 2048, 1 << 21
_MS_BIND, _MS_REC, _MS_PRIVATE = 4096, 16384, 1 << 18


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


def _make_dirs(path: str) -> None:
    """``os.makedirs`` whose new folders others may enter (0755 whatever the umask): the
    sandbox uid walks through them to what is bound or linked below."""
    missing = []
    while path and not os.path.lexists(path):
        missing.append(path)
        path = os.path.dirname(path)
    for folder in reversed(missing):
        os.mkdir(folder)
        os.chmod(folder, 0o755)


def _expose(libc, blocked: dict[str, list[str]]) -> None:
    """Make paths the sandbox needs (Python, site-packages) reachable under closed dirs.

    ``blocked`` maps a directory the sandbox uid cannot enter (e.g. /root, mode 0700) to
    the paths below it that it needs. The closed directory is covered by an empty tmpfs
    and only those paths are bind-mounted back, at the same place; a needed path that is a
    symbolic link (a virtual environment linked from elsewhere) is made again as a link.
    """
    for index, (closed, needed) in enumerate(sorted(blocked.items())):
        stashes, links = [], []
        for number, path in enumerate(needed):
            if os.path.islink(path):
                links.append((path, os.readlink(path)))
                continue
            stash = f"/tmp/.nnkit-expose-{index}-{number}"
            os.mkdir(stash)
            _mount(libc, path, stash, None, _MS_BIND | _MS_REC, None)
            stashes.append((stash, path))
        _mount(libc, "tmpfs", closed, "tmpfs", _MS_NOSUID | _MS_NODEV, "size=1m,mode=755")
        for stash, path in stashes:
            _make_dirs(path)
            _mount(libc, stash, path, None, _MS_BIND | _MS_REC, None)
            libc.umount2(stash.encode(), 2)  # MNT_DETACH
            os.rmdir(stash)
        for path, target in links:
            _make_dirs(os.path.dirname(path))
            os.symlink(target, path)


def _fresh_dir(libc, path: str, keep: list[str], size_mb: int) -> None:
    """Cover ``path`` with an empty tmpfs of ``size_mb``, except the paths of ``keep``
    below it (a Python or virtual environment living under /tmp), bound back in place, or
    made again where they are symbolic links."""
    below = [p for p in keep if p == path or p.startswith(path.rstrip("/") + "/")]
    links = [(p, os.readlink(p)) for p in below if os.path.islink(p)]
    # held open across the mount: /proc/self/fd/N still names the directory it covers
    held = [
        (p, os.open(p, os.O_PATH | os.O_DIRECTORY))
        for p in below
        if os.path.isdir(p) and not os.path.islink(p)
    ]
    _mount(libc, "tmpfs", path, "tmpfs", _MS_NOSUID | _MS_NODEV, f"size={size_mb}m,mode=1777")
    for kept, fd in held:
        _make_dirs(kept)
        _mount(libc, f"/proc/self/fd/{fd}", kept, None, _MS_BIND | _MS_REC, None)
        os.close(fd)
    for link, target in links:
        _make_dirs(os.path.dirname(link))
        os.symlink(target, link)


def _read_only(libc, path: str) -> None:
    """Bind ``path`` onto itself read-only (the interpreter and the course library cannot
    be changed even by a process that owns their files)."""
    if not os.path.isdir(path):
        return
    # flags the mount already has must be kept in a remount (a user namespace locks them)
    kept = 0
    f_flag = os.statvfs(path).f_flag
    for st_flag, ms_flag in (
        (os.ST_NOSUID, _MS_NOSUID),
        (os.ST_NODEV, _MS_NODEV),
        (os.ST_NOEXEC, _MS_NOEXEC),
        (os.ST_NOATIME, _MS_NOATIME),
        (os.ST_NODIRATIME, _MS_NODIRATIME),
        (os.ST_RELATIME, _MS_RELATIME),
    ):
        if f_flag & st_flag:
            kept |= ms_flag
    _mount(libc, path, path, None, _MS_BIND | _MS_REC, None)
    _mount(libc, "none", path, None, _MS_BIND | _MS_REMOUNT | _MS_RDONLY | kept, None)


def _private_view(config: codec.WorkerConfig) -> str:
    """In the new mount namespace: secrets become empty, world-writable dirs become small
    fresh tmpfs, and the scratch folder moves into the size-capped fresh /tmp.

    Returns the scratch folder's path inside the namespace.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    _mount(libc, "none", "/", None, _MS_REC | _MS_PRIVATE, None)
    files = {n: open(n, "rb").read() for n in sorted(os.listdir(".")) if os.path.isfile(n)}
    keep = config.keep
    for path in config.fresh_tmp:
        if os.path.isdir(path):
            size = config.scratch_mb if path == "/tmp" else 1
            _fresh_dir(libc, path, keep, size)
    _expose(libc, config.blocked)
    # the course's code root and the folders of hidden paths: empty but for what is needed
    _expose(libc, {c: n for c, n in config.closed.items() if os.path.isdir(c)})
    for path in config.hide:
        if os.path.isdir(path):
            _mount(libc, "tmpfs", path, "tmpfs", _MS_RDONLY | _MS_NOSUID, "size=4k,mode=000")
        elif os.path.exists(path):
            _mount(libc, "/dev/null", path, None, _MS_BIND, None)
    for path in config.read_only:
        _read_only(libc, path)
    scratch = "/tmp/nnkit-work"
    os.mkdir(scratch, 0o700)
    for name, data in files.items():
        with open(os.path.join(scratch, name), "wb") as f:
            f.write(data)
    os.mkdir(os.path.join(scratch, "tmp"), 0o700)
    uid = config.uid
    if uid is not None:
        for name in [scratch, *(os.path.join(scratch, n) for n in os.listdir(scratch))]:
            os.chown(name, uid, uid)
    os.chdir(scratch)
    return scratch


def _reach_blocked(config: codec.WorkerConfig) -> dict[str, int]:
    """Without a mount namespace, keep descriptors of the Python folders that lie under a
    directory the sandbox uid cannot enter (/root): imports go through /proc/self/fd."""
    if config.uid is None:
        return {}
    held = {}
    for needed in config.blocked.values():
        for path in needed:
            try:
                held[path] = os.open(path, os.O_PATH | os.O_DIRECTORY)
            except OSError:
                continue
    return held


def _setup(config: codec.WorkerConfig) -> dict:
    """Put every available layer around this process; returns {layer: (on, detail)}."""
    os.chdir(config.scratch)
    wanted = config.layers
    report: dict[str, list] = {}
    scratch = config.scratch
    if wanted.get("namespaces"):
        try:
            as_root = config.uid is not None
            report["namespaces"] = [True, layers.enter_namespaces(as_root)]
            layers.become_pid_namespace_init()
            scratch = _private_view(config)
        except OSError as exc:
            if "namespaces" in report:
                raise  # half a private view is worse than none: the grader must know
            report["namespaces"] = [False, str(exc)]
    ruleset = None
    if wanted.get("landlock"):
        abi = layers.landlock_abi()
        if abi < 1:
            report["landlock"] = [False, "the kernel has no Landlock"]
        else:
            write = [scratch, *config.write_files]
            try:
                ruleset, text = layers.landlock_ruleset(config.read, write, abi)
            except OSError as exc:
                report["landlock"] = [False, str(exc)]
    private_view = report.get("namespaces", [False])[0]
    reachable = {} if private_view else _reach_blocked(config)
    seccomp_filter = None
    if wanted.get("seccomp"):
        try:
            seccomp_filter = layers.seccomp_filter()
        except (ImportError, OSError, RuntimeError, AttributeError) as exc:
            report["seccomp"] = [False, f"{type(exc).__name__}: {exc}"]
    for name, value in config.limits.items():
        hard = value + 5 if name == "RLIMIT_CPU" else value
        resource.setrlimit(getattr(resource, name), (value, hard))
    uid = config.uid
    if uid is not None:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    os.umask(0o077)
    layers.no_new_privs()
    report["no_new_privs"] = [True, "set-uid programs gain no privileges"]
    if seccomp_filter is not None:
        try:
            seccomp_filter.load()
            report["seccomp"] = [True, layers.SECCOMP_DESCRIPTION]
        except (OSError, RuntimeError) as exc:
            report["seccomp"] = [False, f"{type(exc).__name__}: {exc}"]
    if ruleset is not None:
        try:
            layers.landlock_restrict(ruleset)
            report["landlock"] = [True, text]
        except OSError as exc:
            report["landlock"] = [False, str(exc)]
    tmp = os.path.join(scratch, "tmp")
    os.environ.update({"HOME": tmp, "TMPDIR": tmp, "MPLCONFIGDIR": tmp})
    # the scratch dir is the only place modules are imported from; import paths under a
    # folder the sandbox uid cannot enter are reached through descriptors held open
    paths = []
    for p in sys.path[1:]:
        if not p or p.startswith(scratch):
            continue
        for closed_path, fd in reachable.items():
            if p == closed_path or p.startswith(closed_path + "/"):
                p = f"/proc/self/fd/{fd}" + p[len(closed_path) :]
                break
        paths.append(p)
    sys.path[:] = [scratch, *paths]
    for module in list(sys.modules.values()):  # packages imported before (encodings ...)
        package_path = getattr(module, "__path__", None)
        if isinstance(package_path, list):
            for i, p in enumerate(package_path):
                for closed_path, fd in reachable.items():
                    if p == closed_path or p.startswith(closed_path + "/"):
                        package_path[i] = f"/proc/self/fd/{fd}" + p[len(closed_path) :]
    sys.dont_write_bytecode = True
    return report


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

    def serve(self, layers_report: dict) -> None:
        import builtins

        # the protocol code below (and json, traceback...) looks builtins up at call time:
        # a student's ``builtins.isinstance = ...`` must not break how its results travel
        clean = dict(builtins.__dict__)
        self.send({"ok": "ready", "layers": layers_report}, [])
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


def run(config: codec.WorkerConfig) -> None:
    """Wait for the trusted side's go (sent once this process is in the grading's control
    group, so nothing it starts can be outside it), put the layers on, then serve."""
    if os.read(config.req_fd, 1) != codec.GO:
        os._exit(0)  # the trusted side gave up on this worker
    report = _setup(config)
    np.seterr(all="warn")
    worker = Worker(config.req_fd, config.resp_fd, config.data_cap, config.read_cap)
    worker.serve(report)


def _recv_exact(sock, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def prepared(control_fd: int) -> None:
    """A prepared process: numpy already imported, no layer on, no student code ever run.

    Asked over the UNIX socket ``control_fd`` (a request: the worker's configuration, its
    environment and folder, with the pipes it talks through as passed descriptors), it
    forks a worker and answers with the worker's pid. The worker is forked through a child
    that exits at once, so that it is re-parented to the trusted side (a child subreaper),
    which waits for it as for a process it started itself. Each worker applies its layers
    itself, exactly as a worker started from scratch does, from a state no other worker
    has touched; the prepared process only saves each worker the interpreter's start and
    numpy's import. It exits when the trusted side closes the socket.
    """
    import socket
    import struct

    layers.not_dumpable()  # no process of the same uid reads or writes its memory
    try:
        import pyseccomp  # noqa: F401 - loaded by every worker's seccomp layer (35 ms)
    except ImportError:
        pass  # each worker reports the seccomp layer off, as it would started afresh
    control = socket.socket(fileno=control_fd)
    while True:
        try:
            header, fds, _, _ = socket.recv_fds(control, 4, 3)
            if len(header) < 4:
                header += _recv_exact(control, 4 - len(header))
            request = json.loads(_recv_exact(control, struct.unpack("!I", header)[0]))
        except (EOFError, OSError, ValueError):
            os._exit(0)
        if len(fds) != 3:
            for fd in fds:
                os.close(fd)
            control.sendall(struct.pack("!i", -1))
            continue
        pid_r, pid_w = os.pipe()
        middle = os.fork()
        if middle == 0:
            try:
                pid = os.fork()
                if pid == 0:
                    os.close(pid_r)
                    os.close(pid_w)
                    _forked_worker(control, fds, request)  # never returns
                os.write(pid_w, struct.pack("!i", pid))
            finally:
                os._exit(0)
        for fd in (*fds, pid_w):
            os.close(fd)
        data = os.read(pid_r, 4)
        os.close(pid_r)
        os.waitpid(middle, 0)  # the worker is the subreaper's child from here on
        control.sendall(data if len(data) == 4 else struct.pack("!i", -1))


def _forked_worker(control, fds: list[int], request: dict) -> None:
    """In a worker forked by ``prepared``: become what ``python -I -u worker.py CONFIG``
    with the sandbox's pipes, environment, folder and session would be, then run."""
    try:
        control.close()
        os.setsid()
        out, req, resp = fds
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(out, 1)
        os.dup2(out, 2)
        keep = {0, 1, 2, req, resp}
        for name in os.listdir("/proc/self/fd"):
            fd = int(name)
            if fd not in keep:
                try:
                    os.close(fd)
                except OSError:
                    pass  # the descriptor of the listing itself
        layers.not_dumpable(dumpable=True)  # as a freshly started worker is
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        if "numpy.random" in sys.modules:  # numpy loads it on first use, not on import
            np.random.seed()  # the global generator: fresh entropy, as a new process has
        config = codec.WorkerConfig.from_json(request["config"])
        config.req_fd, config.resp_fd = req, resp
        sys.argv[1:] = []
        run(config)
    except BaseException:  # the trusted side sees this in the worker's output
        traceback.print_exc()
        os._exit(1)
    os._exit(0)


def main() -> None:
    if sys.argv[1] == "--prepared":
        prepared(int(sys.argv[2]))
    else:
        run(codec.WorkerConfig.from_json(json.loads(sys.argv[1])))


if __name__ == "__main__":
    main()
