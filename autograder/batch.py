"""Grade a whole class: ``python -m autograder.batch --assignment A SUBMISSIONS -j 2 --out DIR``.

SUBMISSIONS is a Gradescope "export submissions" zip (or its unpacked folder), whose
``submission_metadata.yml`` names the students of each ``submission_<id>`` folder, or any
folder with one entry (folder, zip or .py file) per student. Every submission is graded by
the hardened runner in its own process, with a progress bar, on the engine ``--cluster``
names (:mod:`autograder.cluster`): a Dask LocalCluster of ``-j`` processes by default,
threads of this process (``none``), jobs on Slurm/PBS/SGE/LSF/HTCondor, or a running Dask
scheduler (``--scheduler``). Submissions travel to the workers as data and results come
back as data: only this process writes into DIR, each file atomically.

Every run grades exactly the export it is given: the export is unpacked afresh, a result is
reused only when the same submission (by the hash of its files) was graded for the same
assignment with the same tests, and an output folder that holds another assignment's
grades is refused. Writes into DIR:

- ``grades.csv``: a row of maximum points, then one row per student (group members get a
  row each) with submission, student id, name, e-mail, a column per question, total, status;
- ``results/<id>.json`` (what Gradescope shows the student), ``feedback/<id>.txt`` (the
  same as text), ``instructor/<id>.txt`` (why each hidden case failed: staff only);
- ``summary.txt`` (also printed), ``batch.log`` (every grading's log) and ``batch.json``
  (what was graded, for the next run).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml
from tqdm import tqdm

from autograder.assignments import GradingSources, grading_sources, known, parse
from autograder.cluster import ENGINES, JOBQUEUE, ClusterError, ClusterSpec, engine, load_spec
from autograder.gradetask import Job, Outcome, pack_bundle, pack_submission
from autograder.runner.results import question_scores
from autograder.runner.submission import locate

MANIFEST = "batch.json"


class BatchError(Exception):
    """Something about the input or the output folder that the user must fix."""


@dataclass
class Person:
    name: str = ""
    sid: str = ""
    email: str = ""


@dataclass
class Submission:
    """One student's (or group's) submission and who they are."""

    sid: str
    paths: list[Path]
    people: list[Person] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.people]


def _key(mapping: dict, name: str):
    """Gradescope writes Ruby-symbol keys (':name'); accept both spellings."""
    return mapping.get(f":{name}", mapping.get(name))


def unpack_export(archive: Path, target: Path) -> None:
    """Unpack a zip after checking every member; a damaged one stops the batch."""
    try:
        with zipfile.ZipFile(archive) as z:
            bad = z.testzip()
            if bad is not None:
                raise BatchError(f"{archive.name} is damaged ({bad} fails its checksum)")
            for info in z.infolist():
                name = PurePosixPath(info.filename)
                if name.is_absolute() or ".." in name.parts:
                    continue
                z.extract(info, target)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        raise BatchError(f"{archive.name} cannot be unpacked ({exc})") from None


def find_submissions(source: Path) -> list[Submission]:
    """List the submissions in a Gradescope export folder or a plain folder."""
    metadata = sorted(source.glob("submission_metadata.yml")) or sorted(
        source.glob("*/submission_metadata.yml")
    )
    if metadata:
        root = metadata[0].parent
        try:
            meta = yaml.safe_load(metadata[0].read_text()) or {}
        except yaml.YAMLError as exc:
            raise BatchError(f"submission_metadata.yml is not valid YAML ({exc})") from None
        subs = []
        for folder, info in sorted(meta.items()):
            path = root / str(folder)
            people = [
                Person(
                    name=str(_key(p, "name") or ""),
                    sid=str(_key(p, "sid") or ""),
                    email=str(_key(p, "email") or ""),
                )
                for p in (_key(info or {}, "submitters") or [])
            ]
            subs.append(
                Submission(sid=str(folder), paths=[path] if path.exists() else [], people=people)
            )
        return subs
    return [
        Submission(sid=entry.stem if entry.is_file() else entry.name, paths=[entry])
        for entry in sorted(source.iterdir())
        if not entry.name.startswith(".") and (entry.is_dir() or entry.suffix in (".zip", ".py"))
    ]


def _hash_tree(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for root in paths:
        items = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for item in items:
            digest.update(str(item.relative_to(root.parent)).encode(errors="replace") + b"\0")
            digest.update(item.read_bytes())
    return digest.hexdigest()


def _sources(args: argparse.Namespace) -> GradingSources:
    return grading_sources(args.assignment, args.tests_dir, args.reference_dir, args.config)


def _bundle_paths(args: argparse.Namespace) -> tuple[Path, Path, Path]:
    """The tests folder, the reference modules' folder and assignment.yml of the assignment."""
    found = _sources(args)
    if not found.tests_dir.is_dir():
        raise BatchError(
            f"no test files for {args.assignment!r} in {found.tests_dir} (pass --tests-dir)"
        )
    return found.tests_dir, found.reference_dir / args.assignment, _config_path(args)


def _has_dask() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def _reason(error: BaseException, retries: int) -> str:
    if type(error).__name__ == "KilledWorker":
        return (
            f"the grading killed its worker {retries + 1} times (out of memory on the node, "
            f"or the node died); last: {error}"
        )
    return str(error) or type(error).__name__


def bundle_hash(args: argparse.Namespace) -> str:
    """Everything a grade depends on besides the submission: tests, reference, config."""
    found = _sources(args)
    parts = [found.tests_dir, found.reference_dir / args.assignment]
    if args.config:
        parts.append(Path(args.config))
    return _hash_tree([p for p in parts if p.exists()])


def _config_path(args: argparse.Namespace) -> Path:
    config = _sources(args).config
    if config is None:
        raise BatchError(
            f"unknown assignment {args.assignment!r} (known: {', '.join(known())}; "
            "or pass --config)"
        )
    return config


def _write(path: Path, text: str) -> None:
    """Write a file atomically: a reader sees the old file or the new one, never half."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def record(sub: Submission, outcome: Outcome, out: Path) -> str:
    """Write what one grading returned into ``out``; returns its status."""
    report = json.loads(outcome.results)
    detail = json.loads(outcome.instructor)
    _write(out / "work" / "instructor" / f"{sub.sid}.json", outcome.instructor)
    _write(out / "feedback" / f"{sub.sid}.txt", feedback_text(sub, report))
    _write(out / "instructor" / f"{sub.sid}.txt", instructor_text(sub, detail))
    _write(out / "results" / f"{sub.sid}.json", outcome.results)  # last: marks it graded
    return detail.get("status", "graded")


def feedback_text(sub: Submission, results: dict) -> str:
    """The student's view: what results.json shows."""
    lines = [f"Submission {sub.sid}: {', '.join(sub.names) or sub.sid}", ""]
    lines.append(results.get("output", ""))
    for test in results["tests"]:
        lines += ["", f"{test['name']}: {test['score']:g} / {test['max_score']:g}", test["output"]]
    return "\n".join(lines) + "\n"


def instructor_text(sub: Submission, detail: dict) -> str:
    """Staff only: every case, hidden ones with the reason they failed."""
    lines = [
        f"Submission {sub.sid}: {', '.join(sub.names) or sub.sid}",
        f"status: {detail.get('status', '?')}; score {detail.get('score', 0):g} / "
        f"{detail.get('max_score', 0):g}; {detail.get('execution_time', 0):g} s; "
        f"protections: {detail.get('protections') or '-'}",
        *detail.get("messages", []),
    ]
    for test in detail.get("tests", []):
        kind = "hidden" if test.get("hidden") else "public"
        lines += ["", f"{test['name']} ({kind}): {test['score']:g} / {test['max_score']:g}"]
        if test["score"] < test["max_score"]:
            lines.append(test.get("detail", ""))
    return "\n".join(lines) + "\n"


def _question_maxima(results: list[dict]) -> dict[str, float]:
    maxima: dict[str, float] = {}
    for report in results:
        for q, (_, points) in question_scores(report).items():
            maxima[q] = max(maxima.get(q, 0.0), points)
    return maxima


def write_csv(subs: list[Submission], out: Path, statuses: dict[str, str]) -> Path:
    reports = {}
    for sub in subs:
        path = out / "results" / f"{sub.sid}.json"
        if path.exists() and sub.sid in statuses:
            reports[sub.sid] = json.loads(path.read_text())
    maxima = _question_maxima(list(reports.values()))
    questions = sorted(maxima)
    target = out / "grades.csv"
    with target.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(
            ["submission", "student_id", "name", "email", *questions, "total", "status"]
        )
        writer.writerow(
            [
                "max",
                "",
                "",
                "",
                *[f"{maxima[q]:g}" for q in questions],
                f"{sum(maxima.values()):g}",
                "",
            ]
        )
        for sub in subs:
            report = reports.get(sub.sid)
            scores = {q: s for q, (s, _) in question_scores(report).items()} if report else {}
            cells = [f"{scores.get(q, 0):g}" for q in questions]
            total = f"{report['score']:g}" if report else ""
            for person in sub.people or [Person()]:
                writer.writerow(
                    [
                        sub.sid,
                        person.sid,
                        person.name,
                        person.email,
                        *cells,
                        total,
                        statuses.get(sub.sid, "error: not graded"),
                    ]
                )
    return target


def summary(
    subs: list[Submission],
    out: Path,
    statuses: dict[str, str],
    errors: dict[str, str],
    levels: dict[str, int],
    seconds: float,
) -> str:
    reports = {
        s.sid: json.loads((out / "results" / f"{s.sid}.json").read_text())
        for s in subs
        if statuses.get(s.sid) == "graded" and (out / "results" / f"{s.sid}.json").exists()
    }
    totals = [r["score"] for r in reports.values()]
    maxima = _question_maxima(list(reports.values()))
    most = sum(maxima.values())
    counts: dict[str, int] = {}
    for status in statuses.values():
        counts[status] = counts.get(status, 0) + 1
    lines = [
        f"{len(subs)} submissions: "
        + ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        + (f", {len(errors)} failed" if errors else ""),
        f"time: {seconds:.0f} s",
    ]
    if totals:
        lines.append(
            f"total (of {most:g}): mean {statistics.mean(totals):.2f}, "
            f"median {statistics.median(totals):g}, min {min(totals):g}, max {max(totals):g}"
        )
        lines.append("histogram of totals:")
        bins = 10
        for i in range(bins):
            lo, hi = most * i / bins, most * (i + 1) / bins
            n = sum(1 for t in totals if lo <= t < hi or (i == bins - 1 and t == hi))
            lines.append(f"  {lo:6.1f} - {hi:6.1f} | {'#' * n} {n}")
        lines.append("per question (mean of graded submissions):")
        for q in sorted(maxima):
            mean = statistics.mean(question_scores(r).get(q, (0, 0))[0] for r in reports.values())
            lines.append(f"  {q}: {mean:.2f} / {maxima[q]:g}")
    if levels:
        lines.append(
            "protections: " + ", ".join(f"{n} x {lvl}" for lvl, n in sorted(levels.items()))
        )
    for sid, reason in sorted(errors.items()):
        lines.append(f"FAILED {sid}: {reason}")
    return "\n".join(lines)


def _check_out(out: Path, assignment: str, bundle: str) -> dict:
    manifest = out / MANIFEST
    if not manifest.exists():
        if any((out / "results").glob("*.json")):
            raise BatchError(
                f"{out} holds results of an unknown earlier run: use an empty --out folder"
            )
        return {"assignment": assignment, "bundle": bundle, "graded": {}}
    state = json.loads(manifest.read_text())
    if state.get("assignment") != assignment:
        raise BatchError(
            f"{out} holds grades for {state.get('assignment')!r}, not {assignment!r}: "
            "choose another --out folder"
        )
    if state.get("bundle") != bundle:
        print("the tests or reference changed since the last run: every submission is regraded")
        state = {"assignment": assignment, "bundle": bundle, "graded": {}}
    return state


def _save(out: Path, state: dict) -> None:
    tmp = out / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(state, indent=1))
    os.replace(tmp, out / MANIFEST)


def _check_export(subs: list[Submission], modules: list[str], force: bool) -> None:
    if not subs:
        raise BatchError("no submissions found")
    with_module = 0
    for sub in subs:
        if sub.paths and not locate(sub.paths, modules).missing:
            with_module += 1
    if with_module * 2 < len(subs) and not force:
        names = ", ".join(f"{m}.py" for m in modules)
        raise BatchError(
            f"only {with_module} of {len(subs)} submissions contain {names}: is this the "
            "export of another assignment? Grading would give most students zero; pass "
            "--force to grade anyway"
        )


def _grade_all(
    spec: ClusterSpec, args: argparse.Namespace, subs: dict[str, Submission], jobs: list[Job]
) -> Iterator[tuple[Submission, Outcome | BaseException]]:
    """Start the engine, yield each grading as it finishes (with a progress bar), stop it."""
    tests, reference, config = _bundle_paths(args)
    bundle = pack_bundle(tests, reference, config)
    where = spec.scheduler or spec.engine
    size = f"{spec.workers} jobs" if spec.engine in JOBQUEUE else f"{spec.workers} at once"
    print(f"grading on: {where} ({size})", flush=True)
    try:
        workers = engine(spec, bundle, hashlib.sha256(bundle).hexdigest()[:16])
        workers.__enter__()
    except (ClusterError, OSError) as exc:
        raise BatchError(f"cannot start the {where} engine: {exc}") from None
    try:
        for job, outcome in tqdm(workers.results(jobs), total=len(jobs), unit="submission"):
            yield subs[job.sid], outcome
    finally:
        workers.__exit__(None, None, None)


def run(args: argparse.Namespace) -> int:
    start = time.monotonic()
    args.out = args.out.resolve()
    source = args.submissions.resolve()
    if not source.exists():
        raise BatchError(f"{args.submissions} does not exist")
    modules = list(parse(_config_path(args)).modules)
    bundle = bundle_hash(args)
    try:
        spec = load_spec(
            args.cluster_config,
            engine=args.cluster,
            scheduler=args.scheduler,
            workers=args.jobs,
            queue=args.queue,
            walltime=args.walltime,
            memory=args.job_memory,
            cores=args.cores,
            gpus=args.gpus,
            gpus_per_grading=args.gpus_per_grading,
            retries=args.retries,
        )
    except ClusterError as exc:
        raise BatchError(str(exc)) from None
    if spec.engine == "local" and not spec.scheduler and args.cluster is None and not _has_dask():
        print("Dask is not installed (pip install '.[cluster]'): grading with --cluster none")
        spec.engine = "none"
    for sub_dir in ("results", "feedback", "instructor", "work/instructor"):
        (args.out / sub_dir).mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        os.chmod(args.out, 0o700)  # the sandbox uids may not even look in
    state = _check_out(args.out, args.assignment, bundle)
    unpacked = Path(tempfile.mkdtemp(prefix="export-", dir=args.out / "work"))
    try:
        if source.is_file():
            if not zipfile.is_zipfile(source):
                raise BatchError(
                    f"{source.name} cannot be unpacked: not a zip file, or a truncated one"
                )
            unpack_export(source, unpacked)
            source = unpacked
        subs = find_submissions(source)
        _check_export(subs, modules, args.force)
        if args.only:
            unknown = sorted(set(args.only) - {s.sid for s in subs})
            if unknown:
                raise BatchError(f"--only: no submission {unknown[0]!r} in the export")
        keys = {
            s.sid: hashlib.sha256((bundle + _hash_tree(s.paths)).encode()).hexdigest() for s in subs
        }
        statuses = {
            s.sid: state["graded"][s.sid]["status"]
            for s in subs
            if state["graded"].get(s.sid, {}).get("key") == keys[s.sid]
            and (args.out / "results" / f"{s.sid}.json").exists()
        }
        if args.only:
            todo = [s for s in subs if s.sid in args.only]
        else:
            todo = [s for s in subs if args.regrade or s.sid not in statuses]
        print(
            f"{len(subs)} submissions, {len(subs) - len(todo)} already graded, {len(todo)} to grade"
        )
        errors: dict[str, str] = {}
        hide = [str(args.out), str(args.submissions.resolve())]
        jobs = {
            s.sid: Job(
                s.sid,
                pack_submission(s.paths),
                args.assignment,
                args.memory_mb,
                hide,
                warm=not args.cold,
            )
            for s in todo
        }
        by_sid = {s.sid: s for s in todo}
        if jobs:
            with (args.out / "batch.log").open("a") as log:
                for sub, outcome in _grade_all(spec, args, by_sid, list(jobs.values())):
                    if isinstance(outcome, BaseException):  # one broken grading stops nothing
                        reason = _reason(outcome, spec.retries)
                        errors[sub.sid] = reason
                        statuses[sub.sid] = "error: " + reason.splitlines()[0][:200]
                        log.write(f"== {sub.sid}: {reason}\n")
                        log.flush()
                        continue
                    status = record(sub, outcome, args.out)
                    log.write(outcome.log)
                    log.flush()
                    statuses[sub.sid] = status
                    state["graded"][sub.sid] = {"key": keys[sub.sid], "status": status}
                    _save(args.out, state)
        levels: dict[str, int] = {}
        for sub in subs:
            path = args.out / "work" / "instructor" / f"{sub.sid}.json"
            if path.exists():
                level = json.loads(path.read_text()).get("protections") or "none"
                levels[level] = levels.get(level, 0) + 1
        csv_path = write_csv(subs, args.out, statuses)
        text = summary(subs, args.out, statuses, errors, levels, time.monotonic() - start)
        (args.out / "summary.txt").write_text(text + "\n")
        print(text)
        print(f"wrote {csv_path}, feedback/ (students) and instructor/ (staff) in {args.out}")
        return 1 if errors else 0
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m autograder.batch", description=__doc__)
    p.add_argument("--assignment", required=True)
    p.add_argument("submissions", type=Path, help="Gradescope export (zip or folder) or a folder")
    p.add_argument(
        "-j", "--jobs", type=int, help="local: gradings at once; a cluster: jobs (default 2)"
    )
    p.add_argument("--out", type=Path, default=Path("grades"))
    p.add_argument("--regrade", action="store_true", help="grade again what was graded")
    p.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="ID",
        help="(re)grade only this submission (repeatable)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="grade even when most submissions lack the assignment's module",
    )
    p.add_argument("--memory-mb", type=int, default=768)
    p.add_argument(
        "--cold",
        action="store_true",
        help="start the runner afresh for each submission instead of forking each grading "
        "from a warm grading process per worker (slower; the same grades)",
    )
    p.add_argument("--tests-dir", type=Path)
    p.add_argument("--reference-dir", type=Path)
    p.add_argument("--config", type=Path)
    c = p.add_argument_group("where to grade (docs/cluster.md)")
    c.add_argument(
        "--cluster",
        choices=ENGINES,
        help="local: a Dask LocalCluster of -j processes (default); none: threads of this "
        "process; slurm|pbs|sge|lsf|htcondor: jobs through dask-jobqueue",
    )
    c.add_argument("--scheduler", metavar="ADDRESS", help="a running Dask scheduler")
    c.add_argument(
        "--cluster-config", type=Path, help="YAML file with a cluster: section (the defaults)"
    )
    c.add_argument("--queue", help="queue / partition of the batch scheduler")
    c.add_argument("--walltime", help="per job, e.g. 02:00:00")
    c.add_argument("--job-memory", help="per job, e.g. 16GB")
    c.add_argument("--cores", type=int, help="per job (one grading per core)")
    c.add_argument("--gpus", type=int, help="per job (local: per worker process)")
    c.add_argument("--gpus-per-grading", type=int, help="GPUs each grading holds (final projects)")
    c.add_argument(
        "--retries", type=int, help="a failed grading or a worker lost is retried (default 2)"
    )
    return run_cli(run, p.parse_args(argv))


def run_cli(run: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """A batch command's exit status: ``run``'s, or 2 with the message of a BatchError."""
    try:
        return run(args)
    except BatchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
