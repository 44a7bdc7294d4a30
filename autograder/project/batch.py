"""Grade a final project on its hidden test set, over Gradescope's export of the submissions.

    python -m autograder.project.batch --project p1_mnist1d --export EXPORT.zip --out OUT \\
        [--device cpu|cuda] [-j N] [--mode eval|retrain] [--no-public-checks]

Gradescope grades a project's public checks at submission time; the hidden test set is
graded afterwards, here, on the instructor's (GPU) machine. EXPORT is Gradescope's "export
submissions" zip or its unpacked folder, read by ``autograder.batch``'s own functions
(``submission_metadata.yml`` names the students of each ``submission_<id>`` folder), or
any folder with one entry per student. Each submission is graded by
``grade_project`` (the runner's sandbox, the project's budgets for the device); a
submission that cannot be graded (no weights, a syntax error, a timeout, a grading that
fails) gets a row with the reason, never stops the batch. The hidden data is loaded and
checked once before the first grading: a wrong secret configuration stops the batch
before anything is graded. Writes into OUT:

- ``grades.csv``: one row per student (group members get a row each): submission,
  student id, name, e-mail, score, max, one column per metric, message (why a model was
  not scored);
- ``results/<id>.json`` (results.json as Gradescope shows it) and ``feedback/<id>.txt``;
- ``logs/<id>.log`` (the grading's log: protections and limits; staff only),
  ``summary.txt`` and ``batch.json`` (what was graded, for the next run).

A rerun over the same OUT regrades only what changed: a grade is reused when the same
submission (by the hash of its files, ``autograder.batch``'s) was graded for the same
project with the same grading configuration (project.yml, tests, secret configuration)
and options (device, mode, budgets, public checks); a grading that failed is retried.

On ``cuda`` each grading holds one GPU and its memory budget: ``-j`` is at most the
number of visible GPUs (``CUDA_VISIBLE_DEVICES``'s entries, else ``nvidia-smi -L``'s;
clamped with a message), and each grading is pinned to a GPU no other grading holds
(``gpus.py``). On the CPU ``-j N`` grades N at once, each in a process of its own.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import hashlib
import json
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from autograder.runner.lightotter import otter_test_files_only

otter_test_files_only()

from autograder.batch import (  # noqa: E402
    BatchError,
    Person,
    Submission,
    _check_export,
    _hash_tree,
    _write,
    feedback_text,
    find_submissions,
    run_cli,
    unpack_export,
)
from autograder.runner.layers import become_subreaper  # noqa: E402

from .config import Project, load_project  # noqa: E402
from .gpus import VARIABLE, GpuPool, pinned, visible_gpus  # noqa: E402
from .grade import EVALUATION, ProjectGradeConfig, grade_project  # noqa: E402
from .sources import DataSourceError, hidden_data  # noqa: E402

MANIFEST = "batch.json"
# the hidden test set, loaded and checked once by ``run`` before any grading; the worker
# processes are forked after it is set and inherit it
_HIDDEN_SET: tuple | None = None
# the GPUs of a batch on cuda, handed out one per grading (set by ``_grade_all`` before the
# worker processes are forked: they share its queue)
_GPU_POOL: GpuPool | None = None


@dataclass(frozen=True)
class Options:
    """How every submission of the batch is graded (travels to worker processes)."""

    project: str
    device: str = "cpu"
    mode: str = "eval"
    public_checks: bool = True
    eval_s: float | None = None
    train_s: float | None = None
    hidden_path: str | None = None
    hide: tuple[str, ...] = ()


@dataclass
class Row:
    """What one grading gives grades.csv: the score, the metrics and the reason."""

    score: float | None
    max_score: float
    metrics: dict[str, float] = field(default_factory=dict)
    message: str = ""
    log: str = ""


def grade_submission(paths: list[str], results: str, options: Options) -> Row:
    """Grade one submission into ``results``; a grading that fails becomes a row saying why.

    A wrong secret configuration (``DataSourceError``) is the grader's: it is raised.
    """
    lines: list[str] = []
    Path(results).unlink(missing_ok=True)  # an earlier run's results are not this one's

    def log(*args, **kwargs) -> None:
        lines.append(" ".join(str(a) for a in args))

    config = ProjectGradeConfig(
        project=options.project,
        submission=[Path(p) for p in paths],
        results=Path(results),
        device=options.device,
        mode=options.mode,
        public_checks=options.public_checks,
        eval_s=options.eval_s,
        train_s=options.train_s,
        hidden_path=Path(options.hidden_path) if options.hidden_path else None,
        hidden_set=_HIDDEN_SET,
        hide=[Path(p) for p in options.hide],
        log=log,
    )
    try:
        if options.device == "cuda" and _GPU_POOL is not None:
            with _GPU_POOL.hold() as gpu, pinned(gpu):
                log(f"GPU: {VARIABLE}={gpu} (one grading per GPU)")
                report = grade_project(config)
        else:
            report = grade_project(config)
    except DataSourceError:
        raise
    except Exception as exc:  # noqa: BLE001 - one broken grading must not stop the batch
        lines.append(f"grading failed: {type(exc).__name__}: {exc}")
        return Row(
            None, 0.0, message=f"grading failed: {type(exc).__name__}: {exc}", log="\n".join(lines)
        )
    evaluation = [c for c in report.cases if c.question == EVALUATION][-1:]
    message = ""
    if evaluation and not report.metrics:
        message = evaluation[0].output.splitlines()[0] if evaluation[0].output else "not scored"
    return Row(report.score, report.max_score, dict(report.metrics), message, "\n".join(lines))


def _worker_setup() -> None:
    become_subreaper()


def grading_bundle(project: Project, options: Options) -> str:
    """Everything a project grade depends on besides the submission: the project's
    configuration and public checks, its grading folder (tests, secret configuration), the
    secret configuration given instead, and the options (not where OUT and the export are)."""
    parts = [project.assignment.source_dir, project.grading_dir]
    if options.hidden_path:
        parts.append(Path(options.hidden_path))
    settings = {k: v for k, v in dataclasses.asdict(options).items() if k != "hide"}
    files = _hash_tree([p for p in parts if p.exists()])
    return hashlib.sha256((files + json.dumps(settings, sort_keys=True)).encode()).hexdigest()


def _check_out(out: Path, project: str, bundle: str) -> dict:
    """The state of OUT's earlier runs ({"project", "bundle", "graded": {id: {"key",
    "row"}}}), emptied when the grading changed since; OUT of another project is refused."""
    manifest = out / MANIFEST
    fresh = {"project": project, "bundle": bundle, "graded": {}}
    if not manifest.exists():
        if any((out / "results").glob("*.json")):
            raise BatchError(
                f"{out} holds results of an unknown earlier run: use an empty --out folder"
            )
        return fresh
    state = json.loads(manifest.read_text())
    if state.get("project") != project:
        raise BatchError(
            f"{out} holds grades of {state.get('project')!r}, not {project!r}: choose another --out"
        )
    if state.get("bundle") != bundle or not isinstance(state.get("graded"), dict):
        print("the project, its grading or the options changed: every submission is regraded")
        return fresh
    return state


def write_grades(
    subs: list[Submission], rows: dict[str, Row], metric_names: list[str], out: Path
) -> Path:
    """``grades.csv``: a row per student, metrics in the project's order."""
    target = out / "grades.csv"
    tmp = target.with_name(".grades.csv.tmp")
    with tmp.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(
            ["submission", "student_id", "name", "email", "score", "max", *metric_names, "message"]
        )
        for sub in subs:
            row = rows.get(sub.sid) or Row(None, 0.0, message="not graded")
            cells = [
                "" if row.score is None else f"{row.score:g}",
                "" if row.score is None else f"{row.max_score:g}",
                *(f"{row.metrics[m]:.4f}" if m in row.metrics else "" for m in metric_names),
                row.message,
            ]
            for person in sub.people or [Person()]:
                writer.writerow([sub.sid, person.sid, person.name, person.email, *cells])
    os.replace(tmp, target)
    return target


def _summary(rows: dict[str, Row], seconds: float) -> str:
    scored = [r.score for r in rows.values() if r.score is not None]
    failed = sum(1 for r in rows.values() if r.score is None)
    lines = [f"{len(rows)} submissions: {len(scored)} graded, {failed} failed; {seconds:.0f} s"]
    if scored:
        most = max(r.max_score for r in rows.values())
        lines.append(
            f"score (of {most:g}): mean {statistics.mean(scored):.2f}, median "
            f"{statistics.median(scored):g}, min {min(scored):g}, max {max(scored):g}"
        )
    not_scored = sum(1 for r in rows.values() if r.message and r.score is not None)
    if not_scored:
        lines.append(f"{not_scored} models not scored (the message column says why)")
    return "\n".join(lines)


def _device(requested: str | None) -> str:
    import torch

    available = torch.cuda.is_available()
    if requested == "cuda" and not available:
        raise BatchError("--device cuda, but torch sees no CUDA device on this machine")
    return requested or ("cuda" if available else "cpu")


def gradings_at_once(device: str, jobs: int, gpus: list[str] = ()) -> int:
    """``-j`` as the device allows: on cuda at most one grading per visible GPU, one at a
    time where the GPUs cannot be counted (said on stderr)."""
    jobs = max(1, jobs)
    most = max(1, len(gpus))
    if device == "cuda" and jobs > most:
        counted = f"{len(gpus)} visible GPUs" if gpus else "no GPU count (no nvidia-smi)"
        print(
            f"-j {jobs} on cuda with {counted}: grading {most} submission(s) at once (one "
            "grading per GPU, each with the project's GPU memory budget)",
            file=sys.stderr,
        )
        return most
    return jobs


def run(args: argparse.Namespace) -> int:
    start = time.monotonic()
    project = load_project(args.project)
    device = _device(args.device)
    gpus = visible_gpus() if device == "cuda" else []
    jobs = gradings_at_once(device, args.jobs, gpus)
    global _HIDDEN_SET
    try:
        # loaded and checked once (checksums, shapes) before anything is graded
        _HIDDEN_SET = hidden_data(project, args.hidden)
    except DataSourceError as exc:
        raise BatchError(str(exc)) from None
    for array in _HIDDEN_SET:
        array.setflags(write=False)  # shared by every grading: none may change it
    out = args.out.resolve()
    for sub_dir in ("results", "feedback", "logs", "work"):
        (out / sub_dir).mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        os.chmod(out, 0o700)  # the sandbox uids may not even look in
    options = Options(
        project=project.name,
        device=device,
        mode=args.mode,
        public_checks=not args.no_public_checks,
        eval_s=args.eval_budget,
        train_s=args.train_budget,
        hidden_path=str(args.hidden.resolve()) if args.hidden else None,
        hide=(str(out), str(args.export.resolve())),
    )
    bundle = grading_bundle(project, options)
    state = _check_out(out, project.name, bundle)
    _write(out / MANIFEST, json.dumps(state, indent=1))
    source = args.export.resolve()
    if not source.exists():
        raise BatchError(f"{args.export} does not exist")
    unpacked = Path(tempfile.mkdtemp(prefix="export-", dir=out / "work"))
    try:
        if source.is_file():
            if not zipfile.is_zipfile(source):
                raise BatchError(f"{source.name} cannot be unpacked: not a zip file")
            unpack_export(source, unpacked)
            source = unpacked
        subs = find_submissions(source)
        _check_export(subs, ["model", "train"] if args.mode == "retrain" else ["model"], args.force)
        keys = {
            s.sid: hashlib.sha256((bundle + _hash_tree(s.paths)).encode()).hexdigest() for s in subs
        }
        rows = {
            s.sid: Row(**state["graded"][s.sid]["row"])
            for s in subs
            if state["graded"].get(s.sid, {}).get("key") == keys[s.sid]
            and (out / "results" / f"{s.sid}.json").exists()
        }
        todo = [s for s in subs if s.sid not in rows]
        on = f" (GPUs {', '.join(gpus)}, one grading each)" if gpus else ""
        print(
            f"{len(subs)} submissions of {project.name}, {len(rows)} already graded, "
            f"{len(todo)} to grade: {args.mode} mode on {device}, {jobs} at once{on}"
        )

        def graded(sub: Submission, row: Row) -> None:
            if row.score is not None:  # a grading that failed is retried by the next run
                fields = dataclasses.asdict(row)
                del fields["log"]
                state["graded"][sub.sid] = {"key": keys[sub.sid], "row": fields}
                _write(out / MANIFEST, json.dumps(state, indent=1))

        rows.update(_grade_all(todo, options, out, unpacked, jobs, gpus, graded))
        names = [m.name for m in project.metrics]
        csv_path = write_grades(subs, rows, names, out)
        text = _summary(rows, time.monotonic() - start)
        _write(out / "summary.txt", text + "\n")
        print(text)
        print(f"wrote {csv_path}, results/ and feedback/ (students), logs/ (staff) in {out}")
        return 1 if any(r.score is None for r in rows.values()) else 0
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)


def _grade_all(
    subs: list[Submission],
    options: Options,
    out: Path,
    work: Path,
    jobs: int,
    gpus: list[str],
    graded: Callable[[Submission, Row], None],
) -> dict[str, Row]:
    """Grade every submission (``jobs`` at once, each in a process of its own when more
    than one, each on a GPU of its own on cuda), recording each as it finishes and telling
    ``graded``."""
    global _GPU_POOL
    context = multiprocessing.get_context("fork")
    _GPU_POOL = GpuPool(gpus, context.Queue() if jobs > 1 else None) if gpus else None
    todo = []
    for sub in subs:
        paths = sub.paths
        if not paths:  # nothing was uploaded: an empty folder, whose grading says so
            paths = [work / "empty" / sub.sid]
            paths[0].mkdir(parents=True)
        todo.append((sub, [str(p) for p in paths], str(out / "results" / f"{sub.sid}.json")))
    rows: dict[str, Row] = {}
    if not todo:
        return rows
    if jobs == 1:
        for sub, paths, results in tqdm(todo, unit="submission"):
            _record(sub, grade_submission(paths, results, options), out, rows)
            graded(sub, rows[sub.sid])
        return rows
    # forked from this process: the workers inherit the imports and the hidden data, made
    # and checked once (``run``); this process has run no torch computation, so no thread
    # pool of torch's is forked half-way
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_setup) as pool:
        futures: dict[Future, tuple[Submission, str]] = {
            pool.submit(grade_submission, paths, results, options): (sub, results)
            for sub, paths, results in todo
        }
        for future in tqdm(as_completed(futures), total=len(futures), unit="submission"):
            sub, results = futures[future]
            try:
                row = future.result()
            except DataSourceError:
                raise
            except Exception as exc:  # noqa: BLE001 - a worker lost costs one row, not the batch
                row = Row(None, 0.0, message=f"grading failed: {type(exc).__name__}: {exc}")
            _record(sub, row, out, rows)
            graded(sub, row)
    return rows


def _record(sub: Submission, row: Row, out: Path, rows: dict[str, Row]) -> None:
    rows[sub.sid] = row
    _write(out / "logs" / f"{sub.sid}.log", row.log + "\n")
    results = out / "results" / f"{sub.sid}.json"
    if results.exists():
        _write(
            out / "feedback" / f"{sub.sid}.txt", feedback_text(sub, json.loads(results.read_text()))
        )
    else:
        _write(out / "feedback" / f"{sub.sid}.txt", f"Submission {sub.sid}: {row.message}\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m autograder.project.batch",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--project", required=True, help="e.g. p1_mnist1d")
    p.add_argument("--export", type=Path, required=True, help="Gradescope export (zip or folder)")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--device", choices=["cpu", "cuda"], help="default: cuda if torch sees one")
    p.add_argument("-j", "--jobs", type=int, default=1, help="gradings at once (cuda: one per GPU)")
    p.add_argument("--mode", choices=["eval", "retrain"], default="eval")
    p.add_argument("--no-public-checks", action="store_true", help="the hidden evaluation only")
    p.add_argument("--eval-budget", type=float, help="seconds (default: project.yml's)")
    p.add_argument("--train-budget", type=float, help="seconds (default: project.yml's)")
    p.add_argument("--hidden", type=Path, help="secret configuration (default: project.yml's)")
    p.add_argument("--force", action="store_true", help="grade even an export that looks wrong")
    args = p.parse_args(argv)
    become_subreaper()
    return run_cli(run, args)


if __name__ == "__main__":
    sys.exit(main())
