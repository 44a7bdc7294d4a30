"""Grading one submission: secrets kept private, tests run here, student code in a sandbox.

Order of work: copy the test files and reference modules into a private directory (the
only copies this process reads), locate the student's modules, then run every public case
of every question before any hidden case. Public feedback is therefore produced before a
hidden input ever reached the sandbox, and hidden cases report only pass/fail (plus what
the sandbox did: timeout, crash, memory), never assertion text or captured output.
"""

from __future__ import annotations

import inspect
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from otter.test_files import ExceptionTestFile

from .proxies import Session, StudentError, import_modules
from .results import CaseResult, Report, write_results
from .sandbox import Limits, Sandbox, SandboxFailure
from .submission import locate, locate_files

REPO = Path(__file__).resolve().parents[2]
DEFAULT_TIMEOUT = 20.0
IMPORT_TIMEOUT = 60.0


@dataclass
class GradeConfig:
    """What to grade and where things are (defaults: this course repository)."""

    assignment: str
    submission: list[Path]
    results: Path
    tests_dir: Path | None = None
    reference_dir: Path | None = None
    config_path: Path | None = None
    limits: Limits = field(default_factory=Limits)
    hide: list[Path] = field(default_factory=list)
    use_uid: bool | None = None
    log: object = print
    # data files (a project's weights) found in the submission and put beside the modules
    files: list[str] = field(default_factory=list)
    files_max_bytes: int = 200 * 2**20

    def resolved(self) -> GradeConfig:
        a = self.assignment
        self.tests_dir = Path(self.tests_dir or REPO / "autograder" / a / "tests")
        self.reference_dir = Path(self.reference_dir or REPO / "solutions")
        if self.config_path is None:
            for candidate in (
                self.reference_dir / a / "assignment.yml",
                self.tests_dir.parent / "assignment.yml",
                REPO / "solutions" / a / "assignment.yml",
            ):
                if candidate.is_file():
                    self.config_path = candidate
                    break
        return self


@dataclass
class _Case:
    question: str
    name: str
    points: float
    hidden: bool
    timeout: float
    func: object
    params: list[str]


def _load_cases(tests_dir: Path, questions: dict) -> list[_Case]:
    cases = []
    for question, spec in questions.items():
        timeout = float((spec or {}).get("timeout", DEFAULT_TIMEOUT))
        test_file = ExceptionTestFile.from_file(str(tests_dir / f"{question}.py"))
        for tc in test_file.test_cases:
            func = tc.body.test_func
            cases.append(
                _Case(
                    question=question,
                    name=func.__name__,
                    points=float(tc.points or 0),
                    hidden=bool(tc.hidden),
                    timeout=timeout,
                    func=func,
                    params=list(inspect.signature(func).parameters),
                )
            )
    return cases


def _private_copies(cfg: GradeConfig, workdir: Path, modules: list[str]) -> tuple[Path, Path]:
    secrets = workdir / "secrets"
    secrets.mkdir(mode=0o700)
    tests = secrets / "tests"
    shutil.copytree(cfg.tests_dir, tests, ignore=shutil.ignore_patterns("__pycache__"))
    reference = secrets / "reference"
    source = cfg.reference_dir / cfg.assignment
    target = reference / cfg.assignment
    target.mkdir(parents=True)
    for path in sorted(source.glob("*.py")) if source.is_dir() else []:
        shutil.copy2(path, target / path.name)
    return tests, reference


def _failure_text(exc: BaseException) -> str:
    if isinstance(exc, SandboxFailure):
        return exc.message[0].upper() + exc.message[1:] + "."
    if isinstance(exc, StudentError):
        trace = exc.student_traceback.strip()
        text = str(exc)
        if trace:
            text += "\nWhere (your code):\n" + trace
        return text
    if isinstance(exc, AssertionError):
        return str(exc) or "assertion failed"
    return f"{type(exc).__name__}: {exc}"


class _Runner:
    def __init__(
        self, cfg: GradeConfig, sandbox: Sandbox, available: list[str], modules: list[str]
    ) -> None:
        self.cfg = cfg
        self.cfg_modules = modules
        self.sandbox = sandbox
        self.available = available
        self.session: Session | None = None
        self.proxies: dict = {}
        self.import_error: str | None = None

    def _start(self, cpu_s: float, show_details: bool) -> None:
        """A fresh worker with the student's modules imported."""
        self.sandbox.start(cpu_s=int(cpu_s) + 60)
        mark = self.sandbox.output_mark()
        self.session = Session(self.sandbox, IMPORT_TIMEOUT, self.cfg.limits.memory_mb)
        try:
            self.proxies = import_modules(self.session, self.available)
        except SandboxFailure as exc:
            printed = self._printed(mark, show_details)
            self.sandbox.stop()
            self.session = None
            names = ", ".join(f"{m}.py" for m in self.available)
            if exc.kind == "timeout":
                why = (
                    f"importing {names} took more than {IMPORT_TIMEOUT:g} s: move slow "
                    "top-level code into functions or under if __name__ == '__main__':"
                )
            elif exc.kind == "exit":
                why = f"{names} called sys.exit() while being imported: remove that call"
            else:
                why = f"{exc.message}: remove top-level code that exits or crashes"
            raise _ImportFailed(why + printed) from None
        except StudentError as exc:
            printed = self._printed(mark, show_details)
            self.sandbox.stop()
            self.session = None
            detail = (
                f"{exc}\n{exc.student_traceback.strip()}" if show_details else str(exc.student_type)
            )
            raise _ImportFailed(
                f"importing your module failed, so no test could run. Fix this error and "
                f"check that the module imports on its own:\n{detail}{printed}"
            ) from None

    def _printed(self, mark: int, show: bool) -> str:
        if not show or self.sandbox.drain is None:
            return ""
        self.sandbox.drain.thread.join(timeout=1)  # the worker is gone or going: drain it
        text = self.sandbox.output_since(mark).strip()
        return f"\nYour code printed:\n{text}" if text else ""

    def run_case(self, case: _Case) -> CaseResult:
        missing = [p for p in case.params if p in self.cfg_modules and p not in self.available]
        result = CaseResult(case.question, case.name, case.points, 0.0, case.hidden, "")
        if missing:
            result.output = f"Not graded: {missing[0]}.py is missing from the submission."
            return result
        if self.import_error is not None:
            result.output = "Not graded: " + self.import_error.split("\n")[0]
            return result
        if self.session is None:
            try:
                self._start(case.timeout * 4, show_details=not case.hidden)
            except _ImportFailed as exc:
                self.import_error = str(exc)
                result.output = "Not graded: your module could not be imported."
                return result
        self.session.begin_test(case.timeout)
        mark = self.sandbox.output_mark()
        kwargs = {
            p: (dict(self.proxies) if p == "env" else self.proxies.get(p)) for p in case.params
        }
        failure: BaseException | None = None
        try:
            case.func(**kwargs)
        except (Exception, SandboxFailure) as exc:  # anything the test or student raised
            failure = exc
        printed = self.sandbox.output_since(mark).strip() if self.sandbox.alive() else ""
        if failure is None:
            result.score = case.points
            result.output = "Hidden test passed." if case.hidden else "✅ Test case passed"
        elif case.hidden:
            result.output = "Hidden test failed."
            if isinstance(failure, SandboxFailure):
                result.output += " " + _failure_text(failure)
        else:
            result.output = "❌ Test case failed\n" + _failure_text(failure)
        if printed and not case.hidden:
            result.output += "\n\nYour code printed:\n" + printed
        if failure is not None or self.sandbox.drain is None:
            # decision 4: no state left by a failed call may reach the next test
            self.sandbox.stop()
            self.session = None
        return result


class _ImportFailed(Exception):
    pass


def grade(cfg: GradeConfig) -> Report:
    """Grade one submission and write ``cfg.results``; returns the report."""
    start = time.monotonic()
    cfg.resolved()
    spec = yaml.safe_load(Path(cfg.config_path).read_text()) if cfg.config_path else {}
    modules = list(spec.get("modules") or [])
    questions = dict(spec.get("questions") or {})
    workdir = Path(tempfile.mkdtemp(prefix="nnkit-grade-"))
    os.chmod(workdir, 0o711)  # the sandbox uid may enter (its scratch dirs) but not list
    report = Report()
    sandbox = None
    try:
        tests, reference = _private_copies(cfg, workdir, modules)
        os.environ["NNKIT_REFERENCE_DIR"] = str(reference)
        cases = _load_cases(tests, questions)
        located = locate([Path(p) for p in cfg.submission], modules)
        report.messages.extend(located.messages)
        data_files, file_messages = locate_files(
            [Path(p) for p in cfg.submission], cfg.files, cfg.files_max_bytes
        )
        report.messages.extend(file_messages)
        hide = [
            cfg.tests_dir,
            cfg.reference_dir / cfg.assignment,
            Path(cfg.config_path).parent if cfg.config_path else None,
            *cfg.submission,
            *cfg.hide,
        ]
        if located.modules:
            sandbox = Sandbox(
                located.modules,
                workdir,
                cfg.limits,
                hide=[str(p) for p in hide if p is not None],
                use_uid=cfg.use_uid,
                files=data_files,
            )
            cfg.log(sandbox.protections.describe())
        runner = _Runner(cfg, sandbox, list(located.modules), modules) if sandbox else None
        public = [c for c in cases if not c.hidden]
        hidden = [c for c in cases if c.hidden]
        results: dict[int, CaseResult] = {}
        for phase in (public, hidden):
            current_question = None
            for case in phase:
                if runner is None:
                    results[id(case)] = CaseResult(
                        case.question,
                        case.name,
                        case.points,
                        0.0,
                        case.hidden,
                        "Not graded: the submission's module was not found (see the top).",
                    )
                    continue
                if case.question != current_question and runner.session is not None:
                    sandbox.stop()  # a fresh worker per question
                    runner.session = None
                current_question = case.question
                results[id(case)] = runner.run_case(case)
            if runner is not None and runner.session is not None:
                sandbox.stop()
                runner.session = None
        report.cases = [results[id(c)] for c in cases]
        if runner is not None and runner.import_error is not None:
            report.messages.insert(0, runner.import_error)
    finally:
        if sandbox is not None:
            sandbox.close()  # every process of the submission is gone after this
        shutil.rmtree(workdir, ignore_errors=True)
    report.execution_time = time.monotonic() - start
    write_results(report, cfg.results)
    return report
