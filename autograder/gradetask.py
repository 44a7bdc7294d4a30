"""One grading as a unit of work that can run on any machine: what travels and what comes back.

A batch sends each submission as the bytes of a zip of its files (never a path on a shared
disk) and the assignment's grading bundle (tests, reference modules, ``assignment.yml``) once
per worker process, which unpacks it into a private folder (mode 0700). The worker unpacks
the submission into its own private folder, runs the hardened runner on it exactly as
``python -m autograder.runner`` does on a single machine (its sandbox, limits and time
budget apply on the worker's node), and returns the results, the instructor's view and the
log as data. Only the coordinating process writes files.

Each worker process grades through one warm grading process per bundle
(:class:`Server`, ``python -m autograder.runner.server``), which has the runner and what the
bundle's test files import already loaded and forks a fresh trusted grading per submission;
where it cannot start, each grading starts the runner afresh.
"""

from __future__ import annotations

import ast
import atexit
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

CODE_ROOT = Path(__file__).resolve().parents[1]  # where ``autograder`` is importable from


@dataclass
class Job:
    """Everything a worker needs to grade one submission."""

    sid: str
    submission: bytes  # zip of the submission's files (see :func:`pack_submission`)
    assignment: str
    memory_mb: int = 768
    hide: list[str] = field(default_factory=list)  # coordinator paths the sandbox must not see
    warm: bool = True  # through the worker's warm grading process (Server) where it runs


@dataclass
class Outcome:
    """What one grading sends back: the runner's two JSON reports and its log, as text."""

    sid: str
    results: str
    instructor: str
    log: str
    host: str = ""


class GradingFailed(RuntimeError):
    """The runner did not produce results (raised so that the engine retries the grading)."""


def _add_tree(z: zipfile.ZipFile, root: Path, prefix: str) -> None:
    if root.is_symlink():
        return  # a link could point at anything of the coordinator's: never follow one
    if root.is_file():
        z.write(root, f"{prefix}/{root.name}")
        return
    for path in sorted(root.rglob("*")):
        inner = path.relative_to(root)
        chain = [root / part for part in inner.parents if part != Path(".")]
        if path.is_file() and not any(p.is_symlink() for p in (path, *chain)):
            z.write(path, f"{prefix}/{root.name}/{inner.as_posix()}")


def pack_submission(paths: list[Path]) -> bytes:
    """Zip a submission's paths (folders, zips, .py files) as ``p<i>/<name>/...``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for i, path in enumerate(paths):
            _add_tree(z, Path(path), f"p{i}")
    return buffer.getvalue()


def pack_bundle(tests_dir: Path, reference_dir: Path, config: Path) -> bytes:
    """Zip the grading bundle as ``tests/``, ``reference/<assignment>/*.py``, ``assignment.yml``.

    ``reference_dir`` is the folder of the assignment's reference modules (its ``*.py`` are
    all the runner reads from it).
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(tests_dir.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                z.write(path, f"tests/{path.relative_to(tests_dir).as_posix()}")
        for path in sorted(reference_dir.glob("*.py")):
            z.write(path, f"reference/{reference_dir.name}/{path.name}")
        z.write(config, "assignment.yml")
    return buffer.getvalue()


def unpack(data: bytes, target: Path) -> list[Path]:
    """Unpack one of our zips into ``target``; returns its top-level entries, in order."""
    tops: dict[str, None] = {}
    for name in _extract(data, target, "a packed submission"):
        if name.parts[0].startswith("p") and len(name.parts) > 1:
            tops[str(PurePosixPath(*name.parts[:2]))] = None
    return [target / top for top in tops]


def _extract(data: bytes, target: Path, what: str) -> list[PurePosixPath]:
    """Extract a zip of ours into ``target``, refusing names that would land outside it."""
    names = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            name = PurePosixPath(info.filename)
            if name.is_absolute() or ".." in name.parts:
                raise GradingFailed(f"unsafe name {info.filename!r} in {what}")
            z.extract(info, target)
            names.append(name)
    return names


_LOCK = threading.Lock()
_ROOT: list[Path] = []


def private_root(base: str | None = None) -> Path:
    """This process's private folder (0700) for bundles and submissions; removed at exit."""
    with _LOCK:
        if not _ROOT:
            root = Path(tempfile.mkdtemp(prefix="nnkit-worker-", dir=base))
            os.chmod(root, 0o700)
            atexit.register(shutil.rmtree, root, True)
            _ROOT.append(root)
        return _ROOT[0]


def unpack_bundle(data: bytes, base: str | None = None) -> Path:
    """Unpack a grading bundle into a fresh private folder of this process."""
    folder = Path(tempfile.mkdtemp(prefix="bundle-", dir=private_root(base)))
    _extract(data, folder, "the grading bundle")
    (folder / "tests").mkdir(exist_ok=True)
    return folder


# Installed libraries that test files import and a warm grading process may import ahead
# (never a name that could resolve to a module of the bundle or of a submission).
PRELOADABLE = ("numpy", "scipy", "torch", "sklearn", "gensim", "nnkit", "otter")


def preload_names(tests_dir: Path) -> list[str]:
    """The installed modules the bundle's test files import at their top level."""
    names = {"numpy"}
    for path in sorted(tests_dir.glob("*.py")):
        try:
            tree = ast.parse(path.read_bytes())
        except (OSError, SyntaxError, ValueError):
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
    return sorted(n for n in names if n.split(".")[0] in PRELOADABLE)


class Server:
    """A warm grading process for one bundle, shared by the threads of this process."""

    def __init__(self, bundle: Path, env: dict[str, str]) -> None:
        cmd = [sys.executable, "-m", "autograder.runner.server"]
        for name in preload_names(bundle / "tests"):
            cmd += ["--preload", name]
        self.proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=CODE_ROOT,
        )
        if self.proc.stdout.readline() != b"ready\n":
            self.proc.kill()
            self.proc.wait()
            raise OSError("the warm grading process did not start")
        self._lock = threading.Lock()
        self._waiting: dict[str, list] = {}
        self._count = 0
        self.alive = True
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            ident, status = line.decode().split()
            with self._lock:
                slot = self._waiting.get(ident)
                if slot is not None:
                    slot[1] = int(status)
                    slot[0].set()
        with self._lock:  # the process ended: nobody waiting will be answered
            self.alive = False
            for slot in self._waiting.values():
                slot[0].set()

    def run(self, argv: list[str], log: Path) -> int | None:
        """One grading with the runner's arguments; its exit status, or None if the warm
        process is gone (the caller then grades without it)."""
        slot: list = [threading.Event(), None]
        with self._lock:
            if not self.alive:
                return None
            self._count += 1
            ident = str(self._count)
            self._waiting[ident] = slot
            try:
                request = {"id": ident, "argv": argv, "log": str(log)}
                self.proc.stdin.write(json.dumps(request).encode() + b"\n")
                self.proc.stdin.flush()
            except OSError:
                self.alive = False
                slot[0].set()
        slot[0].wait()
        with self._lock:
            self._waiting.pop(ident, None)
        return slot[1]

    def close(self) -> None:
        """Let the process end once its gradings have (it ends when its input closes)."""
        with self._lock:
            self.alive = False
        try:
            self.proc.stdin.close()
        except OSError:
            pass


_SERVERS: dict[Path, Server] = {}


def _server(bundle: Path, env: dict[str, str]) -> Server | None:
    with _LOCK:
        server = _SERVERS.get(bundle)
        if server is None or not server.alive:
            try:
                server = _SERVERS[bundle] = Server(bundle, env)
            except OSError:
                return None
        return server


def close_server(bundle: Path) -> None:
    """End the warm grading process of an unpacked bundle (when the bundle is removed)."""
    with _LOCK:
        server = _SERVERS.pop(bundle, None)
    if server is not None:
        server.close()


def _folder_name(sid: str) -> str:
    """A grading folder's prefix that names its submission (staff can find a grading)."""
    safe = "".join(c if c.isalnum() or c in "_.-" else "_" for c in sid)[:40]
    return f"grading-{safe}-"


def grade(job: Job, bundle: Path, base: str | None = None) -> Outcome:
    """Grade one submission with the runner against an unpacked bundle (through the
    bundle's warm grading process where it runs and ``job.warm``, else a fresh runner)."""
    work = Path(tempfile.mkdtemp(prefix=_folder_name(job.sid), dir=private_root(base)))
    try:
        paths = unpack(job.submission, work / "submission")
        if not paths:  # nothing was uploaded: grade an empty folder, which says so
            paths = [work / "submission" / "empty"]
            paths[0].mkdir(parents=True)
        results, instructor = work / "results.json", work / "instructor.json"
        cmd = ["--assignment", job.assignment]
        cmd += ["--results", str(results), "--instructor-results", str(instructor)]
        cmd += ["--memory-mb", str(job.memory_mb)]
        cmd += ["--tests-dir", str(bundle / "tests"), "--reference-dir", str(bundle / "reference")]
        cmd += ["--config", str(bundle / "assignment.yml")]
        # no student may read another's submission, the bundle, feedback or grades: nor
        # the scratch folder of the Dask workers on this node (the other workers' roots)
        hide = [str(private_root(base)), *([str(Path(base).parent)] if base else []), *job.hide]
        for path in hide:
            cmd += ["--hide", path]
        for path in paths:
            cmd += ["--submission", str(path)]
        env = dict(os.environ)
        env["PYTHONPATH"] = str(CODE_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        server = _server(bundle, env) if job.warm else None
        status = server.run(cmd, work / "runner.log") if server is not None else None
        if status is None:
            proc = subprocess.run(
                [sys.executable, "-m", "autograder.runner", *cmd],
                capture_output=True,
                text=True,
                env=env,
                cwd=CODE_ROOT,
            )
            status, stderr = proc.returncode, proc.stderr.strip()
        else:
            stderr = (work / "runner.log").read_text(errors="replace").strip()
        log = f"== {job.sid} (exit {status})\n{stderr}\n"
        if status != 0 or not results.exists():
            raise GradingFailed(f"grading {job.sid} failed: {stderr[-500:]}")
        return Outcome(
            sid=job.sid,
            results=results.read_text(),
            instructor=instructor.read_text() if instructor.exists() else "{}",
            log=log,
            host=os.uname().nodename,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
