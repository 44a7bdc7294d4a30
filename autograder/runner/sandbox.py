"""Starting, talking to and killing the sandboxed worker process.

One ``Sandbox`` per graded submission; it starts a fresh worker whenever asked (the runner
asks per question and after any failed test). The worker is wrapped in layers, each a
kernel mechanism used where the environment allows it (``layers`` applies them inside the
worker; the log states each one on or off):

- a control group per grading (``cgroups``): memory including tmpfs, process count, a fair
  CPU share against parallel gradings, and "kill the whole group";
- namespaces (mount, network, IPC; user when not root) with a private view: secrets
  hidden, world-writable dirs replaced by small fresh tmpfs, scratch size-capped;
- as root, a dedicated sandbox uid per concurrent grading (claimed with an abstract
  socket, so nothing is left on disk) so that "kill every process of that uid" kills
  exactly what the submission started; not as root, workers and their descendants are
  found by session, process group and parentage (the runner is a child subreaper);
- no_new_privs, seccomp and Landlock (read-only interpreter, libraries and course
  library; read-write scratch only; no TCP; signals scoped to the sandbox);
- resource limits, and watchdogs for what no layer caps in a given environment (scratch
  size without a private tmpfs; resident memory when the address-space limit is off).

Without root, Landlock and namespaces, nothing stops student code from writing to the
course library or reading the grader's files: the sandbox refuses to start unless the
caller explicitly allows it.
"""

from __future__ import annotations

import functools
import json
import os
import select
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import sysconfig
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import codec, layers
from .cgroups import CGroup

SANDBOX_UID_BASE = 62000
SANDBOX_UID_COUNT = 64
_WORKER = Path(__file__).with_name("worker.py")
# directories any user may write to: each is replaced by a fresh tmpfs in the worker's
# namespace and swept of the sandbox uid's files after the grading
WORLD_WRITABLE = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock")
# what the worker may read besides the interpreter and the course library
SYSTEM_READ = (
    "/usr",
    "/lib",
    "/lib64",
    "/lib32",
    "/bin",
    "/etc/ld.so.cache",
    "/etc/fonts",
    "/etc/localtime",
    "/dev/urandom",
    "/dev/random",
    "/dev/zero",
    "/sys/devices/system/cpu",
    "/proc/cpuinfo",
    "/proc/meminfo",
)
GPU_PATHS = (
    "/dev/nvidiactl",
    "/dev/nvidia-uvm",
    "/dev/nvidia-uvm-tools",
    "/dev/nvidia-modeset",
    *(f"/dev/nvidia{i}" for i in range(16)),
)
# a test's clock stops while its worker waits for a CPU that other gradings hold, up to
# this many times its timeout: parallel gradings cannot make an honest submission time out
STARVATION_FACTOR = 4
# the kernel keeps per-thread scheduler statistics (time waiting for a CPU)
_SCHEDSTAT = os.path.exists("/proc/self/schedstat")
GPU_READ = ("/proc/driver/nvidia", "/sys/bus/pci", "/sys/devices", "/proc/self/maps")


@dataclass
class Limits:
    """Resource limits of a worker (and of every process it starts)."""

    memory_mb: int = 768
    cpu_s: int = 120
    nproc: int = 64
    fsize_mb: int = 64
    nofile: int = 256
    output_kb: int = 64
    data_mb: int = 64
    scratch_mb: int = 64
    # RLIMIT_AS cannot be used with CUDA (it reserves a huge address space): False uses
    # the control group's memory limit or, without one, a resident-memory watchdog
    address_space: bool = True


@dataclass
class Layers:
    """Which layers to use (each still only where the environment allows it).

    Turning one off forces the fallback a test or an unusual host needs; ``allow_bare``
    lets a non-root grader run student code with neither Landlock nor namespaces.
    """

    uid: bool = True
    cgroup: bool = True
    namespaces: bool = True
    seccomp: bool = True
    landlock: bool = True
    allow_bare: bool = False
    gpu: bool = False


class SandboxRefused(RuntimeError):
    """The environment cannot confine student code and the caller did not allow that."""


@dataclass
class Protections:
    """Which protections are active in this run, for the runner's log."""

    sandbox_uid: int | None = None
    cgroup: str | None = None
    memory: str = ""
    subreaper: bool = False
    worker: dict = field(default_factory=dict)  # the worker's report: layer -> [on, detail]
    notes: list[str] = field(default_factory=list)

    def on(self, layer: str) -> bool:
        return bool(self.worker.get(layer, [False])[0])

    def level(self) -> str:
        """A short name for how confined student code is, for batch summaries."""
        names = [n for n in ("namespaces", "landlock", "seccomp") if self.on(n)]
        if self.sandbox_uid is not None:
            names.insert(0, "uid")
        if self.cgroup:
            names.append("cgroup")
        return "+".join(names) or "bare"

    def describe(self) -> str:
        lines = ["protections:"]

        def line(on: bool, text: str) -> None:
            lines.append(f"  {'on ' if on else 'OFF'}: {text}")

        if self.sandbox_uid is not None:
            line(True, f"student code runs as uid {self.sandbox_uid} (not root)")
        else:
            line(False, "student code runs as the grader's own user")
        line(self.cgroup is not None, self.cgroup or "no control group (see notes)")
        for layer in ("namespaces", "no_new_privs", "seccomp", "landlock"):
            on, detail = self.worker.get(layer, [False, "not used"])
            line(bool(on), f"{layer}: {detail}")
        line(True, f"memory limit: {self.memory}")
        line(True, "resource limits (CPU, processes, file size, open files, no core dumps)")
        line(True, "time limits per test and per grading; fresh worker per question and failure")
        line(True, "data-only protocol; test logic and comparisons in this process")
        if self.cgroup:
            line(True, "every process of the control group is killed before results")
        elif self.sandbox_uid is not None:
            line(True, "every process of the sandbox uid is killed before results")
        elif self.subreaper:
            line(True, "worker process groups and re-parented orphans are killed")
        else:
            line(False, "not a subreaper; a fully detached student process may survive")
        lines.extend(f"  note: {n}" for n in self.notes)
        return "\n".join(lines)


class SandboxFailure(BaseException):
    """The worker timed out, died or broke the protocol during a test.

    A BaseException so that a test's ``except Exception`` cannot swallow it.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def _stat(pid: int | str) -> list[str]:
    """The fields of /proc/PID/stat after the command name (state, ppid, pgrp, session,
    ...; utime is [11]); raises OSError when the process is gone."""
    with open(f"/proc/{pid}/stat", "rb") as f:
        text = f.read().decode(errors="replace")
    return text[text.rfind(")") + 2 :].split()


def proc_table() -> list[tuple[int, int, int, int, int]]:
    """(pid, ppid, pgid, sid, uid) of every visible process."""
    rows = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = _stat(entry)
            uid = os.stat(f"/proc/{entry}").st_uid
        except OSError:
            continue
        rows.append((int(entry), int(fields[1]), int(fields[2]), int(fields[3]), uid))
    return rows


def _outermost(paths: set[str]) -> list[str]:
    return sorted(p for p in paths if not any(p.startswith(q + "/") for q in paths))


def _inside(path: str, dirs: list[str]) -> bool:
    return any(path == d or path.startswith(d.rstrip("/") + "/") for d in dirs)


@functools.lru_cache(maxsize=1)
def _worker_nnkit() -> tuple[str, ...]:
    """Where the worker (``python -I``: no PYTHONPATH, no working folder) finds nnkit; it
    can differ from this process's copy (an editable install, the Gradescope source)."""
    probe = subprocess.run(
        [sys.executable, "-I", "-c", "import nnkit, os; print(os.path.dirname(nnkit.__file__))"],
        capture_output=True,
        text=True,
        cwd="/",
    )
    return (probe.stdout.strip(),) if probe.returncode == 0 and probe.stdout.strip() else ()


def _python_names() -> set[str]:
    """The interpreter's prefixes, standard library and site-packages, as Python names them."""
    names = {sys.base_prefix, sys.prefix, sys.exec_prefix, sys.base_exec_prefix}
    return names | {v for k, v in sysconfig.get_paths().items() if k != "scripts" and v}


def python_paths(hide: list[str] = ()) -> list[str]:
    """What the worker must read to run Python: the interpreter's prefixes, its standard
    library and site-packages, and the course library's package folder. Never a folder
    that holds a hidden path (a checkout's root holds the tests, the reference and the
    built zips). Real paths, outermost only."""
    import nnkit

    needed = _python_names() | {os.path.dirname(nnkit.__file__), *_worker_nnkit()}
    real = {str(Path(p).resolve()) for p in needed if os.path.isdir(p)}
    real = {
        p
        for p in real
        if not any(h == p or h.startswith(p.rstrip("/") + "/") or _inside(p, [h]) for h in hide)
    }
    return _outermost(real)


def python_links() -> list[str]:
    """Symbolic links on the way to the interpreter's folders as Python names them (a
    virtual environment that is a link to a folder elsewhere): ``sys.path`` keeps the
    link's name, so a private view that empties the folder holding a link puts it back."""
    links = set()
    for name in _python_names():
        path = Path(name)
        for part in [*reversed(path.parents), path]:
            if part.is_symlink():
                links.add(str(part))
    return sorted(links)


def blocked_python_paths(needed: list[str]) -> dict[str, list[str]]:
    """Directories other users cannot enter that hide what the worker must import (the
    ``needed`` paths: ``python_paths`` and ``python_links``).

    Python itself may live under /root (pyenv, conda; /root is 0700), out of reach of the
    sandbox uid. Returns {closed dir: [needed paths below it]}, outermost closed dir only.
    """
    blocked: dict[str, set[str]] = {}
    for path in needed:
        real = Path(path)
        for ancestor in reversed(real.parents):
            if not os.stat(ancestor).st_mode & 0o001:
                blocked.setdefault(str(ancestor), set()).add(str(real))
                break
    return {closed: _outermost(paths) for closed, paths in blocked.items()}


# the folder holding the course's code (this checkout, or Gradescope's /autograder/source):
# it also holds every assignment's tests and references, built zips and git objects
CODE_ROOT = Path(__file__).resolve().parents[2]


def closed_dirs(hide: list[str], needed: list[str], links: list[str] = ()) -> dict[str, list[str]]:
    """Folders the worker's private view (mount namespace) empties, binding back only the
    paths of ``needed`` below them and putting back the symbolic ``links`` below them:
    the course's code root, the folder of each hidden path, and the folder of each path the
    worker reads (where the interpreter, a virtual environment or an editable nnkit lives
    inside a checkout, of this course or another, the rest of that checkout is hidden).
    Landlock allows only what the worker needs; this gives the same view where Landlock is
    missing. Never "/", a system folder or a world-writable one (fresh anyway).
    """
    system = [*SYSTEM_READ, *WORLD_WRITABLE, "/dev", "/proc", "/sys", "/etc"]
    candidates = {str(CODE_ROOT)} | {str(Path(h).parent) for h in hide}
    candidates |= {str(Path(p).parent) for p in needed}
    closed = [
        c
        for c in candidates
        if c != "/"
        and os.path.isdir(c)
        and not any(s.startswith(c.rstrip("/") + "/") or _inside(c, [s]) for s in system)
    ]
    return {
        c: [p for p in needed if os.path.isdir(p) and (p == c or p.startswith(c.rstrip("/") + "/"))]
        + [p for p in links if p.startswith(c.rstrip("/") + "/")]
        for c in _outermost(set(closed))
    }


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


class UidLock:
    """Claims one sandbox uid for the lifetime of a grading (root only).

    The claim is an abstract UNIX socket bound by this process: the kernel releases it
    when the process ends, however it ends, and it leaves nothing on disk.
    """

    def __init__(self) -> None:
        self.sock: socket.socket | None = None
        self.uid: int | None = None

    def acquire(self) -> int:
        busy = {row[4] for row in proc_table()}
        for uid in range(SANDBOX_UID_BASE, SANDBOX_UID_BASE + SANDBOX_UID_COUNT):
            if uid in busy:
                continue  # used by a grader that claims uids another way (another install)
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.bind(f"\0nnkit-sandbox-{uid}")
            except OSError:
                sock.close()
                continue
            self.sock, self.uid = sock, uid
            return uid
        raise RuntimeError("no free sandbox uid: too many gradings at once")

    def release(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None


def remove_tree(path: str | Path) -> None:
    """Remove a folder however deep a submission nested it (rmtree recurses in Python)."""
    try:
        shutil.rmtree(path)
    except FileNotFoundError:
        pass
    except (RecursionError, OSError):
        subprocess.run(["rm", "-rf", "--one-file-system", "--", str(path)], check=False)


def _entries(folder: str):
    """(entry, lstat) of each entry of ``folder`` that can still be read; none if it cannot."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            yield entry, entry.stat(follow_symlinks=False)
        except OSError:
            continue


def sweep_world_writable(uid: int) -> list[str]:
    """Remove what ``uid`` left in the world-writable directories; returns the paths."""
    removed = []
    for top in WORLD_WRITABLE:
        for entry, info in _entries(top):
            if info.st_uid != uid:
                continue
            if stat.S_ISDIR(info.st_mode):
                remove_tree(entry.path)
            else:
                try:
                    os.unlink(entry.path)
                except OSError:
                    continue
            removed.append(entry.path)
    return removed


def kill_uid(uid: int) -> None:
    """Kill every process of ``uid`` from a forked helper that becomes that uid. One whose
    /proc entry reads as exited may still run (its main thread exited, others did not):
    every entry counts until it is gone."""
    for _ in range(20):
        if not any(row[4] == uid for row in proc_table()):
            return
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            try:
                os.setgroups([])
                os.setgid(uid)
                os.setuid(uid)
                # with the helper's own uid, kill(-1) reaches exactly that uid's processes
                # (Linux never signals the caller itself)
                os.kill(-1, signal.SIGKILL)
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
        time.sleep(0.02)
        _reap()


class OutputDrain:
    """Keeps the first ``cap`` bytes a worker writes to stdout/stderr, discards the rest.

    A thread reads the pipe as output arrives; ``settle`` reads what is left itself. Both
    read and count under one lock, so once ``settle`` finds the pipe empty, every byte
    written before has been counted (a read that returned but was not yet counted cannot
    slip between them)."""

    def __init__(self, fd: int, cap: int) -> None:
        self.fd = fd
        self.cap = cap
        self.data = bytearray()
        self.total = 0
        self.lock = threading.Lock()
        self.closed = False
        os.set_blocking(fd, False)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _take(self, most: int = 1 << 30) -> bool:
        """Read what the pipe holds now (at most ``most`` bytes); False at its end. Call
        with the lock held."""
        taken = 0
        while taken < most:
            try:
                chunk = os.read(self.fd, 1 << 16)
            except BlockingIOError:
                return True
            except OSError:
                return False
            if not chunk:
                return False
            taken += len(chunk)
            self.total += len(chunk)
            room = self.cap - len(self.data)
            if room > 0:
                self.data += chunk[:room]
        return True

    def _run(self) -> None:
        more = True
        while more:
            try:
                select.select([self.fd], [], [])
            except (OSError, ValueError):
                break
            with self.lock:
                more = self._take()
        with self.lock:
            self.closed = True
            os.close(self.fd)

    def mark(self) -> int:
        return self.total

    def settle(self) -> None:
        """Count what the pipe holds now: the worker writes what the student's code
        printed before it answers, so after an answer all of it has been counted. Bounded
        (4 MB), as a background thread may print forever."""
        with self.lock:
            if not self.closed:
                self._take(most=4 << 20)

    def since(self, mark: int, limit: int = 2000) -> str:
        start = min(mark, len(self.data))
        text = bytes(self.data[start : start + limit]).decode(errors="replace")
        if self.total - mark > limit:
            text += f"\n[... {self.total - mark - limit} more bytes of output cut]"
        return text


class Forked:
    """A worker forked by the prepared process and re-parented to this process (a child
    subreaper): polled and waited for as ``subprocess.Popen`` does for what it started."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._lock = threading.Lock()  # the watchdog polls while the grading waits

    def poll(self) -> int | None:
        with self._lock:
            if self.returncode is None:
                try:
                    pid, status = os.waitpid(self.pid, os.WNOHANG)
                except ChildProcessError:  # reaped elsewhere: what Popen reports then
                    self.returncode = 0
                else:
                    if pid:
                        self.returncode = os.waitstatus_to_exitcode(status)
            return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        end = None if timeout is None else time.monotonic() + timeout
        pause = 0.001
        while self.poll() is None:
            if end is not None and time.monotonic() >= end:
                raise subprocess.TimeoutExpired("sandbox worker", timeout)
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
        return self.returncode


class Prepared:
    """The grading's prepared process (``worker.prepared``): an interpreter that has
    imported numpy and nothing of the submission, and forks each worker on request, so a
    worker starts without the interpreter's start and numpy's import. Every worker still
    puts all its layers on itself from a state no other worker touched; the prepared
    process runs no student code, is not dumpable, and ends with the grading."""

    def __init__(self, env: dict[str, str]) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-u", str(_WORKER), "--prepared", str(theirs.fileno())],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(theirs.fileno(),),
                env=env,
                cwd="/",
                start_new_session=True,
            )
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self.sock = ours

    def fork(self, request: dict, fds: tuple[int, int, int], deadline: float) -> int | None:
        """Fork a worker with ``fds`` (its output, requests and answers pipes); its pid, or
        None when the prepared process cannot (it is gone: start the worker afresh)."""
        payload = json.dumps(request).encode()
        try:
            self.sock.settimeout(max(0.1, deadline - time.monotonic()))
            socket.send_fds(self.sock, [struct.pack("!I", len(payload))], list(fds))
            self.sock.sendall(payload)
            answer = b""
            while len(answer) < 4:
                chunk = self.sock.recv(4 - len(answer))
                if not chunk:
                    return None
                answer += chunk
        except OSError:
            return None
        pid = struct.unpack("!i", answer)[0]
        if pid <= 0:
            return None
        if _parent(pid) != os.getpid():  # not re-parented here: it cannot be waited for
            try:
                os.kill(pid, signal.SIGKILL)  # it waits for its go and has run nothing
            except OSError:
                pass
            return None
        return pid

    def close(self) -> None:
        self.sock.close()  # the prepared process exits when its socket closes
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _parent(pid: int) -> int | None:
    try:
        return int(_stat(pid)[1])
    except (OSError, ValueError, IndexError):
        return None


class Sandbox:
    """Runs one submission's worker processes; see the module docstring."""

    def __init__(
        self,
        modules: dict[str, bytes],
        workdir: Path,
        limits: Limits,
        hide: list[str],
        use_uid: bool | None = None,
        layers_wanted: Layers | None = None,
        files: dict[str, bytes] | None = None,
        prepared: bool = True,
    ) -> None:
        self.modules = modules
        self.files = dict(files or {})
        self.workdir = workdir
        self.limits = limits
        self.want = layers_wanted or Layers()
        if use_uid is not None:
            self.want.uid = use_uid
        self.is_root = os.geteuid() == 0
        self.root = self.is_root and self.want.uid
        self.protections = Protections(subreaper=layers.is_subreaper())
        self.hide = [str(Path(p).resolve()) for p in hide if p and os.path.exists(p)]
        self.uid_lock = UidLock() if self.root else None
        self.uid = self.uid_lock.acquire() if self.uid_lock else None
        self.protections.sandbox_uid = self.uid
        if self.uid is not None:
            kill_uid(self.uid)  # leftovers of an earlier grading that used this uid
        self.cgroup: CGroup | None = None
        if self.want.cgroup:
            name = f"grading-{os.getpid()}-{id(self) & 0xFFFFFF:x}"
            pids = limits.nproc + 16
            self.cgroup, why = CGroup.create(name, limits.memory_mb, pids)
            if self.cgroup is None:
                self.protections.notes.append(f"no control group: {why}")
        else:
            self.protections.notes.append("control groups turned off")
        self.protections.cgroup = (
            f"{self.cgroup.describe()}: memory {limits.memory_mb} MB including tmpfs, "
            f"{limits.nproc + 16} processes, CPU shared fairly with other gradings"
            if self.cgroup
            else None
        )
        self.protections.memory = self._memory_mode()
        self.use_ns = self.want.namespaces
        # computed once per grading, used by every worker it starts
        self.python = python_paths(self.hide)
        self.read = self._read_paths()
        self.links = python_links()
        self.closed = closed_dirs(self.hide, self.read, self.links)
        self.blocked = blocked_python_paths(self.python + self.links) if self.root else {}
        self.proc: subprocess.Popen | Forked | None = None
        self.reader: codec.FrameReader | None = None
        self.req_fd: int | None = None
        self.drain: OutputDrain | None = None
        self.scratch: Path | None = None
        self.count = 0
        self.violation: str | None = None
        self.oom_base = 0
        self.watchdog: threading.Thread | None = None
        # workers are forked by a prepared process where they come back here to be waited
        # for (this process is a child subreaper, as the runner's CLI makes itself); a
        # caller that starts one worker only gains nothing from it (``prepared=False``)
        self.prepared: Prepared | None = None
        if prepared and self.protections.subreaper:
            try:
                self.prepared = Prepared(self._env(str(self.workdir)))
            except OSError:
                self.prepared = None

    def _env(self, tmp: str) -> dict[str, str]:
        """A worker's environment, with ``tmp`` its home and temporary folder."""
        env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": tmp,
            "TMPDIR": tmp,
            "LANG": "C.UTF-8",
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "MPLBACKEND": "Agg",
            "MPLCONFIGDIR": tmp,
            "PYTHONHASHSEED": "0",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        if self.want.gpu and os.environ.get("CUDA_VISIBLE_DEVICES"):
            env["CUDA_VISIBLE_DEVICES"] = os.environ["CUDA_VISIBLE_DEVICES"]
            # the grader's numbering of GPUs, else nvidia-smi's (the project batch pins by it)
            env["CUDA_DEVICE_ORDER"] = os.environ.get("CUDA_DEVICE_ORDER", "PCI_BUS_ID")
        return env

    def _memory_mode(self) -> str:
        lim = self.limits
        if lim.address_space:
            how = f"address space {lim.memory_mb} MB per process (RLIMIT_AS)"
            if self.cgroup:
                how += f", and {lim.memory_mb} MB for the whole grading (control group)"
            return how
        if self.cgroup:
            return f"{lim.memory_mb} MB for the whole grading (control group; no RLIMIT_AS)"
        return f"{lim.memory_mb} MB resident (watchdog; no RLIMIT_AS, no control group)"

    def _read_paths(self) -> list[str]:
        paths = [*self.python, *SYSTEM_READ]
        if self.want.gpu:
            paths += [*GPU_READ]
        return [p for p in paths if not _inside(p, self.hide)]

    def _scratch(self) -> Path:
        self.count += 1
        scratch = self.workdir / f"scratch-{self.count}"
        scratch.mkdir(mode=0o700)
        for name, source in self.modules.items():
            (scratch / f"{name}.py").write_bytes(source)
        for name, data in self.files.items():
            (scratch / name).write_bytes(data)
        (scratch / "tmp").mkdir()
        if self.uid is not None:
            for path in [scratch, *scratch.iterdir()]:
                os.chown(path, self.uid, self.uid)
        return scratch

    def _limits(self, cpu_s: int) -> dict:
        lim = self.limits
        nproc = lim.nproc
        if self.uid is None:
            # RLIMIT_NPROC counts every process of the real uid: leave room for ours
            me = os.getuid()
            nproc += sum(1 for row in proc_table() if row[4] == me)
        out = {
            "RLIMIT_CPU": max(1, int(cpu_s)),
            "RLIMIT_NPROC": nproc,
            "RLIMIT_FSIZE": lim.fsize_mb * 2**20,
            "RLIMIT_CORE": 0,
            "RLIMIT_NOFILE": lim.nofile,
        }
        if lim.address_space:
            out["RLIMIT_AS"] = lim.memory_mb * 2**20
        return out

    def start(self, cpu_s: int = 120, deadline: float | None = None) -> None:
        """Start a fresh worker (killing any previous one) and wait until it is ready."""
        self.stop()
        self.violation = None
        scratch = self.scratch = self._scratch()
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        out_r, out_w = os.pipe()
        write_files = ["/dev/null"]
        if self.want.gpu:
            write_files += [p for p in GPU_PATHS if os.path.exists(p)]
        config = codec.WorkerConfig(
            scratch=str(scratch),
            uid=self.uid,
            limits=self._limits(cpu_s),
            layers={
                "namespaces": self.use_ns,
                "seccomp": self.want.seccomp,
                "landlock": self.want.landlock,
            },
            req_fd=req_r,
            resp_fd=resp_w,
            data_cap=self.limits.data_mb * 2**20,
            read_cap=1024 * 2**20,
            scratch_mb=self.limits.scratch_mb,
            hide=self.hide,
            fresh_tmp=list(WORLD_WRITABLE),
            blocked=self.blocked,
            closed=self.closed,
            keep=self.python + self.links,
            read_only=self.python,
            read=self.read,
            write_files=write_files,
        ).to_json()
        env = self._env(str(scratch / "tmp"))
        deadline = deadline or time.monotonic() + 60
        pid = None
        if self.prepared is not None:
            request = {"config": config, "env": env, "cwd": str(scratch)}
            pid = self.prepared.fork(request, (out_w, req_r, resp_w), deadline)
            if pid is None:  # gone (killed by a submission without Landlock?): start afresh
                self.prepared.close()
                self.prepared = None
        if pid is not None:
            self.proc = Forked(pid)
        else:
            self.proc = subprocess.Popen(
                # -u: what a test's call prints reaches its feedback at once
                [sys.executable, "-I", "-u", str(_WORKER), json.dumps(config)],
                stdin=subprocess.DEVNULL,
                stdout=out_w,
                stderr=out_w,
                pass_fds=(req_r, resp_w),
                env=env,
                cwd=str(scratch),
                start_new_session=True,
            )
        for fd in (req_r, resp_w, out_w):
            os.close(fd)
        self.req_fd = req_w
        self.reader = codec.FrameReader(resp_r, data_cap=self.limits.data_mb * 2**20)
        self.drain = OutputDrain(out_r, self.limits.output_kb * 1024)
        if self.cgroup is not None:
            self.cgroup.add(self.proc.pid)
            self.oom_base = self.cgroup.oom_kills()
        try:
            # the worker waits for this before it does anything: whatever it starts is
            # inside the control group
            os.write(self.req_fd, codec.GO)
        except OSError:
            pass  # it is gone already: receiving says how
        try:
            header, _ = self.receive(deadline, "starting Python")
        except SandboxFailure as exc:
            # the worker failed before running any student code: a grader problem
            time.sleep(0.1)
            raise RuntimeError(
                f"the sandbox worker did not start: {exc.message}\n" + self.drain.since(0, 4000)
            ) from None
        if header.get("ok") != "ready" or type(header.get("layers")) is not dict:
            self.fail("protocol", "the worker did not start properly")
        self.protections.worker = header["layers"]
        if self.uid is None and not self.want.allow_bare:
            if not (self.protections.on("landlock") or self.protections.on("namespaces")):
                self.stop()
                raise SandboxRefused(
                    "refusing to run student code: no sandbox uid, and neither Landlock nor "
                    "namespaces are available, so the submission could change the course "
                    "library or read the grader's files. Run as root, on a kernel with "
                    "Landlock, or pass --allow-unsandboxed if the submissions are trusted."
                )
        self._watch()

    def _watch(self) -> None:
        """Watchdogs for what no layer caps here: scratch size, resident memory."""
        check_scratch = not self.protections.on("namespaces")
        check_rss = not self.limits.address_space and self.cgroup is None
        if not (check_scratch or check_rss):
            return
        proc, scratch = self.proc, self.scratch

        def run() -> None:
            while self.proc is proc and proc.poll() is None:
                problem = None
                if check_scratch and _tree_size(scratch) > self.limits.scratch_mb * 2**20:
                    problem = f"wrote more than {self.limits.scratch_mb} MB of files"
                if check_rss and self._resident(proc.pid) > self.limits.memory_mb * 2**20:
                    problem = f"ran out of memory (limit {self.limits.memory_mb} MB)"
                if problem:
                    self.violation = problem
                    try:
                        os.killpg(proc.pid, signal.SIGKILL)
                    except (ProcessLookupError, PermissionError):
                        pass
                    return
                time.sleep(0.2)

        self.watchdog = threading.Thread(target=run, daemon=True)
        self.watchdog.start()

    def _resident(self, root_pid: int) -> int:
        total = 0
        for pid, _, pgid, sid, uid in proc_table():
            if sid == root_pid or pgid == root_pid or (self.uid is not None and uid == self.uid):
                try:
                    with open(f"/proc/{pid}/statm") as f:
                        total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
                except (OSError, ValueError, IndexError):
                    continue
        return total

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def send(self, frame: bytes, what: str) -> None:
        if not self.alive():
            self.fail("exited", self._exit_message(what))
        try:
            codec.write_frame(self.req_fd, frame)
        except (BrokenPipeError, OSError):
            self.fail("exited", self._exit_message(what))

    def begin_test(self, timeout: float) -> None:
        """Start the clock of a test (or an import) of ``timeout`` seconds."""
        self.test_start = time.monotonic()
        self.test_timeout = timeout
        self.test_sched = self.sched_seconds()

    def sched_seconds(self) -> tuple[float, dict[int, float] | None]:
        """(seconds on a CPU of the worker and everything it started, {thread: seconds it
        was runnable but waiting for a CPU}); the waits are None where the kernel keeps no
        scheduler statistics."""
        if self.proc is None:
            return 0.0, {}
        cpu = 0.0
        waits: dict[int, float] | None = {} if _SCHEDSTAT else None
        tick = os.sysconf("SC_CLK_TCK")
        for pid in self.processes(self.proc.pid, proc_table()):
            try:
                cpu += sum(int(x) for x in _stat(pid)[11:15]) / tick
                tasks = os.listdir(f"/proc/{pid}/task") if waits is not None else []
            except (OSError, ValueError, IndexError):
                continue
            for task in tasks:
                try:
                    with open(f"/proc/{pid}/task/{task}/schedstat", "rb") as f:
                        waits[int(task)] = int(f.read().split()[1]) / 1e9
                except (OSError, ValueError, IndexError):  # the thread ended meanwhile
                    continue
        return cpu, waits

    def _grace(self) -> float:
        """Seconds left on a test's clock when its deadline passes, where the clock does not
        run while the worker waits for a CPU that other processes hold. The credit is the
        longest time one of its threads was runnable but waiting (where the kernel keeps
        scheduler statistics; otherwise all its time off a CPU, if it used less than half a
        CPU), and never more than the time the worker as a whole spent off a CPU: a worker
        that sleeps or blocks gets exactly its timeout, one whose own threads crowd each
        other out gets nothing, and no test runs past STARVATION_FACTOR times its timeout."""
        if self.reader is None or self.reader.partial or not hasattr(self, "test_start"):
            return 0.0
        now = time.monotonic()
        elapsed = now - self.test_start
        hard = self.test_start + STARVATION_FACTOR * self.test_timeout
        if now >= hard:
            return 0.0
        cpu, waits = self.sched_seconds()
        cpu0, waits0 = self.test_sched
        off_cpu = elapsed - (cpu - cpu0)
        if waits is not None and waits0 is not None:
            waited = max((w - waits0.get(t, 0.0) for t, w in waits.items()), default=0.0)
        else:
            waited = off_cpu if cpu - cpu0 < 0.5 * elapsed else 0.0
        left = self.test_timeout + max(0.0, min(waited, off_cpu)) - elapsed
        if left <= 0:
            return 0.0
        return min(left, hard - now)

    def receive(self, deadline: float, what: str) -> tuple[dict, list[bytes]]:
        while True:
            try:
                return self.reader.read(deadline)
            except TimeoutError:
                extra = self._grace()
                if extra > 0:
                    deadline = time.monotonic() + extra
                    continue
                self.fail("timeout", f"timed out in {what}")
            except EOFError:
                self.fail("exited", self._exit_message(what))
            except codec.ProtocolError as exc:
                self.fail(
                    "protocol", f"the submission broke the grader's protocol in {what}: {exc}"
                )

    def _exit_message(self, what: str) -> str:
        code = None
        if self.proc is not None:
            try:
                code = self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                code = None
        if self.violation:
            return f"the submission {self.violation} during {what}"
        if self.cgroup is not None and self.cgroup.oom_kills() > self.oom_base:
            limit = self.limits.memory_mb
            return f"the submission ran out of memory (limit {limit} MB) during {what}"
        if code is not None and code < 0:
            sig = signal.Signals(-code).name
            if sig == "SIGXCPU":
                return f"the submission used up its CPU time limit during {what}"
            if sig == "SIGXFSZ":
                return f"the submission wrote a file over {self.limits.fsize_mb} MB during {what}"
            return f"the submission's process crashed ({sig}) during {what}"
        return (
            f"the submission's process exited (exit code {code}: os._exit or sys.exit?) "
            f"during {what}"
        )

    def fail(self, kind: str, message: str) -> None:
        self.stop()
        raise SandboxFailure(kind, message)

    def stop(self) -> None:
        """Kill the worker and everything it started, remove its scratch folder; safe to
        call repeatedly."""
        proc, self.proc = self.proc, None
        if proc is not None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            if self.cgroup is not None:
                self.cgroup.kill()
            # collected first, so that what is left of the sandbox uid (or of the worker's
            # session) is what the worker left behind, not the worker itself
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            _reap()
            if self.uid is not None:
                kill_uid(self.uid)
            else:
                self._kill_descendants(proc.pid)
        if self.req_fd is not None:
            os.close(self.req_fd)
            self.req_fd = None
        if self.reader is not None:
            os.close(self.reader.fd)
            self.reader = None
        if self.scratch is not None:
            remove_tree(self.scratch)
            self.scratch = None
        _reap()

    def processes(self, root_pid: int, table: list[tuple[int, int, int, int, int]]) -> set[int]:
        """The worker started as ``root_pid`` and every process it started, however it left
        (a new session, a double fork): its session and process group, the sandbox uid's
        processes, their descendants and, this process being a subreaper, the orphans
        re-parented here. What the clock counts and what the end of a worker kills."""
        me = os.getpid()
        found = {
            pid
            for pid, _, pgid, sid, uid in table
            if root_pid in (sid, pgid) or (self.uid is not None and uid == self.uid)
        }
        if self.protections.subreaper:
            # every child of ours that is not a worker of this sandbox or its prepared
            # process is one of them (the CLI has no others)
            prepared = self.prepared.proc.pid if self.prepared is not None else None
            found |= {row[0] for row in table if row[1] == me and row[0] != prepared}
        grew = True
        while grew:
            grew = False
            for row in table:
                if row[1] in found and row[0] not in found:
                    found.add(row[0])
                    grew = True
        found.discard(me)
        return found

    def _kill_descendants(self, root_pid: int) -> None:
        layers.kill_until_gone(
            lambda: self.processes(root_pid, proc_table()), rounds=10, pause_s=0.02, then=_reap
        )

    def output_mark(self) -> int:
        return self.drain.mark() if self.drain else 0

    def output_since(self, mark: int) -> str:
        if self.drain is None:
            return ""
        self.drain.settle()
        return self.drain.since(mark)

    def close(self) -> None:
        """Nothing of the grading survives this: processes, control group, files, the uid."""
        self.stop()
        if self.prepared is not None:
            self.prepared.close()
            self.prepared = None
        if self.cgroup is not None:
            self.cgroup.remove()
        if self.uid is not None:
            kill_uid(self.uid)
            sweep_world_writable(self.uid)
        if self.uid_lock is not None:
            self.uid_lock.release()
        remove_tree(self.workdir)


def _tree_size(path: Path | None) -> int:
    """Bytes used below ``path`` (iteratively: a submission may nest folders deeply)."""
    total, stack = 0, [str(path)] if path is not None else []
    while stack:
        for entry, info in _entries(stack.pop()):
            total += info.st_blocks * 512
            if stat.S_ISDIR(info.st_mode):
                stack.append(entry.path)
    return total
