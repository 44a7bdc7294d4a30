"""Grading one project submission: public checks, then the model scored on hidden data.

What runs where:

- This (trusted) process reads the secret configuration, generates the hidden inputs and
  targets from its seed or loads the instructor's files (``sources.py``), checks the
  weights file (size, then ``torch.load(weights_only=True)``), and computes the metrics,
  the score and the leaderboard entry. The seed, the files' location and checksums never
  leave it, and the files are hidden from the sandbox.
- The student's ``model.py`` (and, in retrain mode, ``train.py``) runs only in the
  runner's sandbox worker, with the weights file beside it: ``model.load(weights,
  device)`` then ``model.predict(net, inputs)`` (``model.caption`` for captioning) under
  the project's wall-clock budget; in retrain mode ``train.train(seed, budget_s, device)``
  first, under the training budget. Inputs go in as arrays, predictions come back as
  copies.
- The public checks are the project's otter test files, graded by the hardened runner
  exactly like an assignment's (the weights file placed beside the modules).

Exceptions raised by student code while it holds hidden inputs are reported by type only,
and nothing it prints is shown, so feedback cannot carry hidden data out.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from autograder.assignments import SOLUTIONS
from autograder.runner.grade import IMPORT_TIMEOUT, GradeConfig, grade
from autograder.runner.proxies import Session, StudentError, import_modules
from autograder.runner.results import CaseResult, Report, write_results
from autograder.runner.sandbox import Layers, Limits, Sandbox, SandboxFailure, SandboxRefused
from autograder.runner.submission import locate, locate_files
from nnkit.checkpoint import WeightsError, read_state_dict

from . import gpu_memory, gpu_watch
from .config import Project, load_project
from .sources import hidden_data, secret_files
from .tasks import TASKS, PredictionError

EVALUATION = "evaluation"


@dataclass
class ProjectGradeConfig:
    """What to grade, on which data and device, in which mode."""

    project: str
    submission: list[Path]
    results: Path
    device: str = "cpu"
    mode: str = "eval"  # "eval": the submitted weights; "retrain": train.py's train()
    data: str = "hidden"  # "hidden": secret test set; "validation": the public one
    public_checks: bool = True
    eval_s: float | None = None  # budgets: None takes the project's for the device
    train_s: float | None = None
    solutions: Path = SOLUTIONS
    tests_dir: Path | None = None
    hidden_path: Path | None = None
    # the hidden test set's (inputs, targets) when the caller has loaded it already (a
    # batch loads and checks it once); None: loaded from the secret configuration
    hidden_set: tuple | None = None
    hide: list[Path] = field(default_factory=list)
    use_uid: bool | None = None
    layers: Layers | None = None  # None: every layer the machine allows (GPU files on cuda)
    log: object = print


@dataclass
class ProjectReport(Report):
    """A project grading's report, with the metric values of the evaluation that earns the
    points (empty when the model was not scored): for batch grading's grades.csv."""

    metrics: dict[str, float] = field(default_factory=dict)


@dataclass
class _Outcome:
    """What the sandboxed model answered, or why it could not."""

    answer: object = None
    failure: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)


def _limits(project: Project, device: str, cpu_s: float) -> Limits:
    # RLIMIT_AS cannot hold CUDA (it reserves far more address space than it uses): on a
    # GPU the memory limit must come from the runner's resident-memory limit instead
    return Limits(memory_mb=project.memory_mb, cpu_s=int(cpu_s), address_space=device == "cpu")


def _sandbox_failure(exc: SandboxFailure, step: str, budget: float, device: str) -> str:
    if exc.kind == "timeout":
        return (
            f"{step} took longer than its budget of {budget:g} s on the {device}: make the "
            "model faster (or train.py stop in time)"
        )
    return f"{exc.message[0].upper()}{exc.message[1:]} ({step})."


def _student_failure(
    exc: StudentError, step: str, holds_hidden: bool, gpu_budget_mb: int | None = None
) -> str:
    if gpu_budget_mb and gpu_memory.is_out_of_memory(exc.student_type, str(exc)):
        return gpu_memory.out_of_memory_message(gpu_budget_mb, step)
    if holds_hidden:
        # the message could carry hidden inputs: type only
        return (
            f"{step} raised {exc.student_type} on the test data. The public checks "
            "(grader.check) run the same calls on the validation set: fix what they report."
        )
    text = f"{step} failed: {exc}"
    trace = exc.student_traceback.strip()
    return text + (f"\nWhere (your code):\n{trace}" if trace else "")


def _limit_gpu_memory(cfg: ProjectGradeConfig, session: Session, budget_mb: int) -> None:
    """Cap the worker's GPU memory before any student module is imported (gpu_memory.py)."""
    try:
        guard = import_modules(session, [gpu_memory.MODULE])[gpu_memory.MODULE]
        active = guard.limit(budget_mb)
    except StudentError as exc:
        # no student code has run yet: the grader's machine cannot hold the budget
        raise RuntimeError(f"cannot set the GPU memory budget in the sandbox: {exc}") from None
    cfg.log(f"  on : {gpu_memory.describe(active)}")


def _watch_gpu_memory(
    cfg: ProjectGradeConfig, sandbox: Sandbox, budget_mb: int, read: gpu_watch.Reading | None = None
) -> gpu_watch.GpuWatchdog | None:
    """Start the trusted side's watchdog on the worker's GPU memory (gpu_watch.py), where
    the machine allows it, and log which enforcement is active; after the guard module
    made the worker's CUDA context. ``read``: the reading of the GPU processes' memory
    (None: nvidia-smi's, when the machine has it)."""
    why = gpu_watch.unavailable() if read is None else None
    watchdog = None
    if not why:
        watchdog = gpu_watch.GpuWatchdog(sandbox, budget_mb, read or gpu_watch.nvidia_smi_reading)
        why = watchdog.sees_worker()
    if why:
        cfg.log(
            f"  OFF: GPU memory watchdog: {why}; the budget is the per-process memory "
            "fraction alone, which student code can lift"
        )
        return None
    cfg.log(f"  on : {watchdog.describe()}")
    return watchdog.start()


def _run_model(
    cfg: ProjectGradeConfig,
    project: Project,
    modules: dict[str, bytes],
    weights: bytes | None,
    inputs,
    workdir: Path,
    hide: list[str],
) -> _Outcome:
    """Load (or train) the student's model in a sandbox and ask it about ``inputs``."""
    task = TASKS[project.task]
    budget = project.budgets[cfg.device]
    eval_s = cfg.eval_s or budget.eval_s
    train_s = cfg.train_s or budget.train_s
    cpu_s = IMPORT_TIMEOUT + 2 * eval_s + (train_s if cfg.mode == "retrain" else 0) + 30
    files = {project.weights: weights} if weights is not None else None
    gpu_budget_mb = budget.gpu_memory_mb if cfg.device == "cuda" else None
    sandboxed = dict(modules)
    if gpu_budget_mb:
        sandboxed[gpu_memory.MODULE] = Path(gpu_memory.__file__).read_bytes()
    sandbox = Sandbox(
        sandboxed,
        workdir / "sandbox",
        _limits(project, cfg.device, cpu_s),
        hide=hide,
        use_uid=cfg.use_uid,
        layers_wanted=replace(cfg.layers or Layers(), gpu=cfg.device == "cuda"),
        files=files,
        prepared=False,  # one worker: nothing to gain from a prepared process
    )
    outcome = _Outcome()
    watchdog: gpu_watch.GpuWatchdog | None = None
    step = "importing your modules"
    holds_hidden = False
    try:
        (workdir / "sandbox").mkdir(mode=0o711)
        sandbox.start(cpu_s=int(cpu_s))
        cfg.log(sandbox.protections.describe())
        if cfg.data == "hidden" and not (
            sandbox.protections.on("namespaces") or sandbox.protections.on("landlock")
        ):
            cfg.log(
                "  WARNING: neither namespaces nor Landlock: the secret configuration is "
                "protected only by file permissions (make hidden.yml readable by the "
                "grading user alone)"
            )
        session = Session(sandbox, IMPORT_TIMEOUT, project.memory_mb)
        if gpu_budget_mb:
            _limit_gpu_memory(cfg, session, gpu_budget_mb)
            watchdog = _watch_gpu_memory(cfg, sandbox, gpu_budget_mb)
        elif cfg.device == "cuda":
            cfg.log("  OFF: GPU memory: project.yml sets no budgets.cuda.gpu_memory_mb")
        proxies = import_modules(session, list(modules))
        model = proxies["model"]
        began = time.monotonic()
        if cfg.mode == "retrain":
            step, limit = f"train.train(seed={project.retrain_seed}, ...)", train_s
            session.begin_test(train_s)
            net = proxies["train"].train(project.retrain_seed, train_s, cfg.device)
            outcome.seconds["train"] = time.monotonic() - began
        else:
            step, limit = f"model.load({project.weights!r}, {cfg.device!r})", eval_s
            session.begin_test(eval_s)
            net = model.load(project.weights, cfg.device)
            outcome.seconds["load"] = time.monotonic() - began
        began = time.monotonic()
        step, limit = f"asking the model about {len(inputs)} inputs", eval_s
        holds_hidden = cfg.data == "hidden"
        session.begin_test(eval_s)
        outcome.answer = task.ask(model, net, inputs)
        outcome.seconds["predict"] = time.monotonic() - began
        if watchdog is not None:
            watchdog.check()  # what the model still holds once it has answered
            outcome.failure = watchdog.message(step)
    except SandboxFailure as exc:
        outcome.failure = (watchdog and watchdog.message(step)) or _sandbox_failure(
            exc, step, IMPORT_TIMEOUT if step.startswith("importing") else limit, cfg.device
        )
    except StudentError as exc:
        outcome.failure = _student_failure(exc, step, holds_hidden, gpu_budget_mb)
    except SandboxRefused as exc:
        outcome.failure = f"Not evaluated: {exc}"
    except (AssertionError, TypeError) as exc:  # an answer the codec refused
        outcome.failure = f"{step}: {exc}"
    finally:
        if watchdog is not None:
            watchdog.stop()
        sandbox.close()
    return outcome


def _evaluation_case(
    cfg: ProjectGradeConfig,
    project: Project,
    report: ProjectReport,
    workdir: Path,
    hide: list[str],
    counts: bool = True,
) -> CaseResult:
    task = TASKS[project.task]
    points = project.points if cfg.data == "hidden" and counts else 0.0
    label = "hidden test data" if cfg.data == "hidden" else "public validation data"
    case = CaseResult(
        EVALUATION,
        f"{', '.join(m.name for m in project.metrics)} on {label} ({cfg.mode} mode, {cfg.device})",
        points,
        0.0,
        cfg.data == "hidden",
        "",
    )
    modules_needed = ["model", "train"] if cfg.mode == "retrain" else ["model"]
    located = locate([Path(p) for p in cfg.submission], modules_needed)
    if located.missing:
        case.output = "Not evaluated: " + " ".join(located.messages)
        return case
    weights = None
    if cfg.mode == "eval":
        found, messages = locate_files(
            [Path(p) for p in cfg.submission], [project.weights], project.weights_bytes
        )
        if project.weights not in found:
            case.output = "Not evaluated: " + " ".join(messages)
            return case
        weights = found[project.weights]
        try:
            read_state_dict(weights)  # weights_only=True: no code runs here
        except WeightsError as exc:
            case.output = f"Not evaluated: {project.weights}: {exc}."
            return case
    if cfg.data == "hidden":
        inputs, targets = cfg.hidden_set or hidden_data(project, cfg.hidden_path)
    else:
        inputs, targets = task.data(project.validation_seed, project.validation_n)
    n = len(inputs)
    outcome = _run_model(cfg, project, located.modules, weights, inputs, workdir, hide)
    timing = ", ".join(f"{k} {v:.1f} s" for k, v in outcome.seconds.items())
    if outcome.failure is not None:
        case.output = "Not scored: " + outcome.failure
        return case
    try:
        predictions = task.check(outcome.answer, n)
    except PredictionError as exc:
        case.output = f"Not scored: {exc}."
        return case
    values = task.metrics(predictions, targets)
    fractions = [m.fraction(values[m.name]) for m in project.metrics]
    case.score = round(points * sum(fractions) / len(fractions), 2)
    lines = [
        f"{m.name}: {values[m.name]:.4f} (floor {m.floor:g} earns nothing, target "
        f"{m.target:g} earns everything)"
        for m in project.metrics
    ]
    case.output = "\n".join([*lines, f"time: {timing}"])
    if counts:
        report.metrics = {m.name: values[m.name] for m in project.metrics}
    if project.leaderboard:
        report.leaderboard = [
            {"name": m.name, "value": round(values[m.name], 4), "order": "desc"}
            for m in project.metrics
        ]
    return case


def grade_project(cfg: ProjectGradeConfig) -> ProjectReport:
    """Grade one submission and write ``cfg.results``; returns the report."""
    start = time.monotonic()
    project = load_project(cfg.project, cfg.solutions)
    if cfg.mode not in project.modes:
        raise ValueError(f"{project.name} is not graded in {cfg.mode!r} mode ({project.modes})")
    if cfg.device not in project.budgets:
        raise ValueError(f"no budget for device {cfg.device!r}")
    if cfg.device == "cuda":
        import torch

        if not torch.cuda.is_available():
            # the grader's machine, not the submission: no results.json that blames it
            raise RuntimeError("--device cuda, but torch sees no CUDA device on this machine")
    workdir = Path(tempfile.mkdtemp(prefix="nnkit-project-"))
    os.chmod(workdir, 0o711)
    hide = [
        str(p)
        for p in (
            # every project's secrets, not only this one's
            *sorted(path.parent for path in project.grading_dir.parent.glob("*/hidden.yml")),
            project.grading_dir,
            cfg.tests_dir,
            cfg.hidden_path,
            # the instructor's own test files, wherever they are
            *(secret_files(project, cfg.hidden_path) if cfg.data == "hidden" else []),
            cfg.solutions / project.name,
            *cfg.submission,
            *cfg.hide,
        )
        if p is not None
    ]
    report = ProjectReport()
    try:
        if cfg.public_checks:
            public = grade(
                GradeConfig(
                    assignment=project.name,
                    submission=[Path(p) for p in cfg.submission],
                    results=workdir / "public-results.json",
                    tests_dir=cfg.tests_dir or project.grading_dir / "tests",
                    reference_dir=cfg.solutions,
                    config_path=cfg.solutions / project.name / "assignment.yml",
                    limits=Limits(memory_mb=project.memory_mb),
                    hide=[Path(p) for p in hide],
                    use_uid=cfg.use_uid,
                    log=cfg.log,
                    files=[project.weights],
                    files_max_bytes=project.weights_bytes,
                )
            )
            report.cases.extend(public.cases)
            report.messages.extend(public.messages)
        if cfg.mode == "retrain":
            # the submitted weights too, for comparison only: the points go to the model
            # that train.py produces here
            submitted = replace(cfg, mode="eval")
            report.cases.append(
                _evaluation_case(submitted, project, report, workdir, hide, counts=False)
            )
        report.cases.append(_evaluation_case(cfg, project, report, workdir, hide))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report.execution_time = time.monotonic() - start
    write_results(report, cfg.results)
    return report
