"""Starting, talking to and killing the sandboxed worker process.

One ``Sandbox`` per graded submission; it starts a fresh worker whenever asked (the runner
asks per question and after any failed test). As root, the worker runs as a dedicated
sandbox uid (one per concurrent grading, claimed with a lock file) so that "kill every
process of that uid" kills exactly what the submission started, detached or not. Not as
root, workers and their descendants are found by session, process group and parentage
(the CLI makes the runner a child subreaper so orphans are re-parented to it).
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import codec

SANDBOX_UID_BASE = 61000
SANDBOX_UID_COUNT = 64
_WORKER = Path(__file__).with_name("worker.py")
_PR_SET_CHILD_SUBREAPER = 36


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
    # RLIMIT_AS cannot be used with CUDA (it reserves far more address space than it
    # uses): False leaves it out; a resident-memory limit that works with CUDA (control
    # group or watchdog) belongs where ``Sandbox._limits`` skips it
    address_space: bool = True


@dataclass
class Protections:
    """Which protections are active in this run, for the runner's log."""

    sandbox_uid: int | None = None
    hidden_paths: list[str] = field(default_factory=list)
    mount_namespace: bool = False
    subreaper: bool = False
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        lines = ["protections:"]
        if self.sandbox_uid is not None:
            lines.append(f"  on : student code runs as uid {self.sandbox_uid} (not root)")
        else:
            lines.append("  OFF: not root, so student code runs as the grader's own user")
        if self.mount_namespace:
            lines.append(
                "  on : private mount namespace hides "
                + ", ".join(self.hidden_paths)
                + "; fresh /tmp, /var/tmp and /dev/shm per worker"
            )
        else:
            lines.append("  OFF: no mount namespace (hidden paths rely on file permissions)")
        lines.append("  on : resource limits (memory, CPU, processes, file size, no core dumps)")
        lines.append("  on : per-test timeouts, fresh worker per question and after a failure")
        lines.append("  on : data-only protocol; test logic and comparisons in this process")
        if self.sandbox_uid is not None:
            lines.append("  on : every process of the sandbox uid is killed before results")
        elif self.subreaper:
            lines.append("  on : worker process groups and re-parented orphans are killed")
        else:
            lines.append("  OFF: not a subreaper; a fully detached student process may survive")
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


def become_subreaper() -> bool:
    """Make orphaned descendants re-parent to this process (Linux only)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _is_subreaper() -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        value = ctypes.c_int(0)
        libc.prctl(37, ctypes.byref(value), 0, 0, 0)  # PR_GET_CHILD_SUBREAPER
        return bool(value.value)
    except (OSError, AttributeError):
        return False


def _proc_table() -> list[tuple[int, int, int, int, int]]:
    """(pid, ppid, pgid, sid, uid) of every visible process."""
    rows = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().decode(errors="replace")
            uid = os.stat(f"/proc/{entry}").st_uid
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        rows.append((int(entry), int(fields[1]), int(fields[2]), int(fields[3]), uid))
    return rows


def python_paths(hide: list[str] = ()) -> list[str]:
    """What the worker must still see to run Python: the interpreter's prefixes, the
    import path and the course library, less anything hidden. Real paths, outermost only."""
    import nnkit

    needed = {sys.base_prefix, sys.prefix, str(Path(nnkit.__file__).resolve().parents[1])}
    needed |= {p for p in sys.path if p and os.path.isdir(p)}
    real = {str(Path(p).resolve()) for p in needed}
    # a hidden path (the autograder's source, the tests) is never brought back into view
    real = {p for p in real if not any(p == h or p.startswith(h + "/") for h in hide)}
    return sorted(p for p in real if not any(p.startswith(q + "/") for q in real))


def blocked_python_paths(hide: list[str] = ()) -> dict[str, list[str]]:
    """Directories other users cannot enter that hide what the worker must import.

    Python itself may live under /root (pyenv, conda; /root is 0700), out of reach of the
    sandbox uid. Returns {closed dir: [needed paths below it]}, outermost closed dir only.
    """
    blocked: dict[str, set[str]] = {}
    for path in python_paths(hide):
        real = Path(path)
        for ancestor in [*reversed(real.parents), real]:
            if ancestor != real and not os.stat(ancestor).st_mode & 0o001:
                blocked.setdefault(str(ancestor), set()).add(str(real))
                break
    out = {}
    for closed, paths in blocked.items():
        keep = [p for p in sorted(paths) if not any(p.startswith(q + "/") for q in paths)]
        out[closed] = keep
    return out


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


class UidLock:
    """Claims one sandbox uid for the lifetime of a grading (root only)."""

    def __init__(self, lock_dir: str = "/run/lock") -> None:
        self.lock_dir = lock_dir if os.path.isdir(lock_dir) else "/tmp"
        self.fd: int | None = None
        self.uid: int | None = None
        self.sock: socket.socket | None = None

    def acquire(self) -> int:
        for uid in range(SANDBOX_UID_BASE, SANDBOX_UID_BASE + SANDBOX_UID_COUNT):
            path = os.path.join(self.lock_dir, f"nnkit-sandbox-{uid}.lock")
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            # runners that claim uids with an abstract socket instead of a lock file may
            # share this machine: hold that claim too, so neither kills the other's worker
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.bind(f"\0nnkit-sandbox-{uid}")
            except OSError:
                sock.close()
                os.close(fd)
                continue
            self.fd, self.uid, self.sock = fd, uid, sock
            return uid
        raise RuntimeError("no free sandbox uid: too many gradings at once")

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self.sock is not None:
            self.sock.close()
            self.sock = None


def kill_uid(uid: int) -> None:
    """Kill every process of ``uid`` from a forked helper that becomes that uid."""
    for _ in range(20):
        if not any(row[4] == uid for row in _proc_table()):
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
    """Keeps the first ``cap`` bytes a worker writes to stdout/stderr, discards the rest."""

    def __init__(self, fd: int, cap: int) -> None:
        self.fd = fd
        self.cap = cap
        self.data = bytearray()
        self.total = 0
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            self.total += len(chunk)
            room = self.cap - len(self.data)
            if room > 0:
                self.data += chunk[:room]
        os.close(self.fd)

    def mark(self) -> int:
        return self.total

    def since(self, mark: int, limit: int = 2000) -> str:
        start = min(mark, len(self.data))
        text = bytes(self.data[start : start + limit]).decode(errors="replace")
        if self.total - mark > limit:
            text += f"\n[... {self.total - mark - limit} more bytes of output cut]"
        return text


class Sandbox:
    """Runs one submission's worker processes; see the module docstring."""

    def __init__(
        self,
        modules: dict[str, bytes],
        workdir: Path,
        limits: Limits,
        hide: list[str],
        use_uid: bool | None = None,
        files: dict[str, bytes] | None = None,
    ) -> None:
        self.modules = modules
        # data files the modules read (a project's trained weights), beside the modules
        self.files = dict(files or {})
        for name in self.files:
            if "/" in name or name.startswith(".") or name.endswith(".py"):
                raise ValueError(f"data file name {name!r}: a plain file name, not a module")
        self.workdir = workdir
        self.limits = limits
        self.root = os.geteuid() == 0 if use_uid is None else use_uid
        self.protections = Protections(subreaper=_is_subreaper())
        self.uid_lock = UidLock() if self.root else None
        self.uid = self.uid_lock.acquire() if self.uid_lock else None
        self.protections.sandbox_uid = self.uid
        if not limits.address_space:
            self.protections.notes.append(
                "no address-space limit (it breaks CUDA): memory is limited only by the machine"
            )
        self.hide = [str(Path(p).resolve()) for p in hide if p and os.path.exists(p)]
        self.use_ns = self.root and self._namespace_works()
        self.protections.mount_namespace = self.use_ns
        self.protections.hidden_paths = self.hide if self.use_ns else []
        self.blocked = blocked_python_paths(self.hide) if self.use_ns else {}
        if self.root and not self.use_ns and blocked_python_paths():
            self.protections.notes.append(
                f"Python lives under {sorted(blocked_python_paths())}, which the sandbox uid "
                "cannot enter: modules not imported before dropping privileges will fail"
            )
        if self.uid is not None:
            kill_uid(self.uid)  # leftovers of an earlier grading that used this uid
        self.proc: subprocess.Popen | None = None
        self.reader: codec.FrameReader | None = None
        self.req_fd: int | None = None
        self.drain: OutputDrain | None = None
        self.count = 0

    def _namespace_works(self) -> bool:
        probe = subprocess.run(["unshare", "--mount", "true"], capture_output=True)
        if probe.returncode != 0:
            self.protections.notes.append("unshare --mount failed: no private mount namespace")
        return probe.returncode == 0

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
            nproc += sum(1 for row in _proc_table() if row[4] == me)
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
        scratch = self._scratch()
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        out_r, out_w = os.pipe()
        config = {
            "scratch": str(scratch),
            "uid": self.uid,
            "limits": self._limits(cpu_s),
            "hide": self.hide if self.use_ns else None,
            "fresh_tmp": ["/tmp", "/var/tmp", "/dev/shm"],
            "blocked": self.blocked,
            "keep": python_paths(self.hide) if self.use_ns else [],
            "req_fd": req_r,
            "resp_fd": resp_w,
            "data_cap": self.limits.data_mb * 2**20,
            "read_cap": 1024 * 2**20,
        }
        # with a mount namespace /tmp is a fresh tmpfs and the scratch path is covered
        tmp = "/tmp" if self.use_ns else str(scratch / "tmp")
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
        self.proc = subprocess.Popen(
            [sys.executable, "-I", str(_WORKER), json.dumps(config)],
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
        try:
            header, _ = self.receive(deadline or time.monotonic() + 60, "starting Python")
        except SandboxFailure as exc:
            # the worker failed before running any student code: a grader problem
            time.sleep(0.1)
            raise RuntimeError(
                f"the sandbox worker did not start: {exc.message}\n" + self.drain.since(0, 4000)
            ) from None
        if header.get("ok") != "ready":
            self.fail("protocol", "the worker did not start properly")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def send(self, frame: bytes, what: str) -> None:
        if not self.alive():
            self.fail("exited", self._exit_message(what))
        try:
            codec.write_frame(self.req_fd, frame)
        except (BrokenPipeError, OSError):
            self.fail("exited", self._exit_message(what))

    def receive(self, deadline: float, what: str) -> tuple[dict, list[bytes]]:
        try:
            return self.reader.read(deadline)
        except TimeoutError:
            self.fail("timeout", f"timed out in {what}")
        except EOFError:
            self.fail("exited", self._exit_message(what))
        except codec.ProtocolError as exc:
            self.fail("protocol", f"the submission broke the grader's protocol in {what}: {exc}")
        raise AssertionError("unreachable")

    def _exit_message(self, what: str) -> str:
        code = None
        if self.proc is not None:
            try:
                code = self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                code = None
        if code is not None and code < 0:
            sig = signal.Signals(-code).name
            if sig == "SIGXCPU":
                return f"the submission used up its CPU time limit during {what}"
            return f"the submission's process crashed ({sig}) during {what}"
        return (
            f"the submission's process exited (exit code {code}: os._exit or sys.exit?) "
            f"during {what}"
        )

    def fail(self, kind: str, message: str) -> None:
        self.stop()
        raise SandboxFailure(kind, message)

    def stop(self) -> None:
        """Kill the worker and everything it started; safe to call repeatedly."""
        proc, self.proc = self.proc, None
        if proc is not None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            if self.uid is not None:
                kill_uid(self.uid)
            else:
                self._kill_descendants(proc.pid)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        for fd_name in ("req_fd",):
            fd = getattr(self, fd_name)
            if fd is not None:
                os.close(fd)
                setattr(self, fd_name, None)
        if self.reader is not None:
            os.close(self.reader.fd)
            self.reader = None
        _reap()

    def _kill_descendants(self, root_pid: int) -> None:
        me = os.getpid()
        for _ in range(10):
            table = _proc_table()
            victims = {row[0] for row in table if row[3] == root_pid or row[2] == root_pid}
            if self.protections.subreaper:
                # orphans of the worker were re-parented to us: every child of ours that
                # is not a worker of this sandbox is one of them (the CLI has no others)
                victims |= {row[0] for row in table if row[1] == me}
            grew = True
            while grew:
                grew = False
                for row in table:
                    if row[1] in victims and row[0] not in victims:
                        victims.add(row[0])
                        grew = True
            victims.discard(me)
            if not victims:
                return
            for pid in victims:
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            time.sleep(0.02)
            _reap()

    def output_mark(self) -> int:
        return self.drain.mark() if self.drain else 0

    def output_since(self, mark: int) -> str:
        return self.drain.since(mark) if self.drain else ""

    def close(self) -> None:
        self.stop()
        if self.uid is not None:
            kill_uid(self.uid)
        if self.uid_lock is not None:
            self.uid_lock.release()
        shutil.rmtree(self.workdir, ignore_errors=True)
