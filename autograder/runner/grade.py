"""Grading one submission: secrets kept private, tests run here, student code in a sandbox.

Order of work: copy the test files and reference modules into a private directory (the
only copies this process reads), locate the student's modules, then run every public case
of every question before any hidden case. Public feedback is therefore produced before a
hidden input ever reached the sandbox, and hidden cases report only pass/fail (plus what
the sandbox did: timeout, crash, memory), never assertion text or captured output; nothing
the student's code chose (an exception's name or message, printed text) reaches the
feedback once a hidden input has been sent.

One wall-clock budget covers the whole grading, imports included; cases it does not reach
are reported as not graded. Whatever a submission does, ``grade`` writes a results.json.
"""

from __future__ import annotations

import inspect
import os
import shutil
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from otter.test_files import ExceptionTestFile

from autograder.assignments import Assignment, grading_sources, parse
from nnkit.grading import use_references

from .layers import not_dumpable
from .proxies import Session, StudentError, import_modules
from .results import CaseResult, Report, write_instructor, write_results
from .sandbox import Layers, Limits, Sandbox, SandboxFailure, SandboxRefused, remove_tree
from .submission import locate, locate_files

IMPORT_TIMEOUT = 60.0
# the whole grading, imports included: under Gradescope's default of 10 minutes
DEFAULT_BUDGET = 480.0


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
    layers: Layers = field(default_factory=Layers)
    budget_s: float | None = None
    instructor_results: Path | None = None
    log: object = print
    # data files (a project's weights) found in the submission and put beside the modules
    files: list[str] = field(default_factory=list)
    files_max_bytes: int = 200 * 2**20

    def resolved(self) -> GradeConfig:
        found = grading_sources(
            self.assignment, self.tests_dir, self.reference_dir, self.config_path
        )
        self.tests_dir, self.reference_dir = found.tests_dir, found.reference_dir
        self.config_path = found.config
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


def _load_cases(tests_dir: Path, assignment: Assignment) -> list[_Case]:
    cases = []
    for question in assignment.questions:
        timeout = assignment.timeout(question)
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
        self,
        cfg: GradeConfig,
        sandbox: Sandbox,
        available: list[str],
        modules: list[str],
        deadline: float,
    ) -> None:
        self.cfg = cfg
        self.cfg_modules = modules
        self.sandbox = sandbox
        self.available = available
        self.deadline = deadline
        self.session: Session | None = None
        self.proxies: dict = {}
        self.import_error: str | None = None

    def left(self) -> float:
        """Seconds left of the grading's budget."""
        return self.deadline - time.monotonic()

    def end_worker(self) -> None:
        """End the current worker and forget its session: the next case starts a fresh one
        (design decision 4, docs/design.md)."""
        if self.session is not None:
            self.sandbox.stop()
            self.session = None

    def _start(self, cpu_s: float, hidden: bool) -> None:
        """A fresh worker with the student's modules imported."""
        timeout = round(max(0.1, min(IMPORT_TIMEOUT, self.left())), 1)
        self.sandbox.start(cpu_s=int(cpu_s) + 60, deadline=time.monotonic() + 60)
        mark = self.sandbox.output_mark()
        self.session = Session(self.sandbox, timeout, self.cfg.limits.memory_mb)
        try:
            self.proxies = import_modules(self.session, self.available)
        except (SandboxFailure, StudentError) as exc:
            printed = "" if hidden else self._printed(mark)
            self.end_worker()
            self.cfg.log(f"import failed: {type(exc).__name__}: {exc}")
            if hidden:
                # the module imported for the public tests: what it does now may depend
                # on hidden inputs, so nothing it chose (names, messages) is shown
                raise _ImportFailed(
                    "your module could not be imported again for the hidden tests."
                ) from None
            raise _ImportFailed(self._import_failure(exc, timeout) + printed) from None

    def _import_failure(self, exc: BaseException, timeout: float) -> str:
        names = ", ".join(f"{m}.py" for m in self.available)
        if isinstance(exc, StudentError):
            return (
                "importing your module failed, so no test could run. Fix this error and "
                "check that the module imports on its own:\n"
                f"{exc}\n{exc.student_traceback.strip()}"
            )
        if exc.kind == "timeout":
            return (
                f"importing {names} took more than {timeout:g} s: move slow "
                "top-level code into functions or under if __name__ == '__main__':"
            )
        if exc.kind == "exit":
            return f"{names} called sys.exit() while being imported: remove that call"
        return f"{exc.message}: remove top-level code that exits or crashes"

    def _printed(self, mark: int) -> str:
        if self.sandbox.drain is None:
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
        if self.left() <= 0:
            result.output = (
                f"Not graded: time budget used up (the whole grading may take "
                f"{self.cfg.budget_s:g} s)."
            )
            return result
        if self.session is None:
            try:
                self._start(case.timeout * 4, hidden=case.hidden)
            except _ImportFailed as exc:
                self.import_error = str(exc)
                result.output = "Not graded: your module could not be imported."
                return result
        timeout = round(max(0.1, min(case.timeout, self.left())), 1)
        self.session.begin_test(timeout)
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
        if failure is not None:
            result.detail = _failure_text(failure) + (
                "\n\nThe code printed:\n" + printed if printed else ""
            )
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
            # design decision 4: no state left by a failed call may reach the next test
            self.end_worker()
        return result


class _ImportFailed(Exception):
    pass


def _not_dumpable() -> None:
    """Processes of this uid (student code run without root) cannot ptrace this one or
    read its memory through /proc/PID/mem."""
    try:
        not_dumpable()
    except (OSError, AttributeError):
        pass


def grade(cfg: GradeConfig) -> Report:
    """Grade one submission and write ``cfg.results``; returns the report.

    Never raises because of a submission: any failure ends in a results.json that says
    what went wrong and keeps the points earned so far.
    """
    start = time.monotonic()
    _not_dumpable()
    report = Report()
    try:
        _grade(cfg, report, start)
    except SandboxRefused as exc:
        report.status = "refused"
        report.messages.insert(0, f"Not graded: {exc}")
        cfg.log(str(exc))
    except Exception as exc:  # a grader fault: the student still gets results and a reason
        report.status = "grader error"
        report.messages.insert(
            0, "The grader failed while grading this submission; tell the course staff."
        )
        cfg.log("grader failure:\n" + "".join(traceback.format_exception(exc)))
    report.execution_time = time.monotonic() - start
    write_results(report, cfg.results)
    if cfg.instructor_results is not None:
        write_instructor(report, cfg.instructor_results)
    return report


def _grade(cfg: GradeConfig, report: Report, start: float) -> None:
    cfg.resolved()
    assignment = parse(Path(cfg.config_path)) if cfg.config_path else Assignment(cfg.assignment)
    modules = list(assignment.modules)
    if cfg.budget_s is None:
        cfg.budget_s = assignment.budget if assignment.budget is not None else DEFAULT_BUDGET
    workdir = Path(tempfile.mkdtemp(prefix="nnkit-grade-"))
    os.chmod(workdir, 0o711)  # the sandbox uid may enter (its scratch dirs) but not list
    sandbox = None
    cases: list[_Case] = []
    results: dict[int, CaseResult] = {}
    try:
        tests, reference = _private_copies(cfg, workdir, modules)
        use_references(reference)  # what the hidden tests' reference() imports
        cases = _load_cases(tests, assignment)
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
                layers_wanted=cfg.layers,
                files=data_files,
            )
        runner = (
            _Runner(cfg, sandbox, list(located.modules), modules, start + cfg.budget_s)
            if sandbox
            else None
        )
        public = [c for c in cases if not c.hidden]
        hidden = [c for c in cases if c.hidden]
        logged = False
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
                if case.question != current_question:
                    runner.end_worker()  # a fresh worker per question
                current_question = case.question
                results[id(case)] = runner.run_case(case)
                if not logged and sandbox.protections.worker:
                    cfg.log(sandbox.protections.describe())
                    report.protections = sandbox.protections.level()
                    logged = True
            if runner is not None:
                runner.end_worker()
        if runner is not None and runner.import_error is not None:
            report.messages.insert(0, runner.import_error)
        if not located.modules:
            report.status = "nothing to grade"
    finally:
        if sandbox is not None:
            sandbox.close()  # every process of the submission is gone after this
        remove_tree(workdir)
        report.cases = [
            results.get(id(c))
            or CaseResult(
                c.question, c.name, c.points, 0.0, c.hidden, "Not graded: the grading stopped."
            )
            for c in cases
        ]
