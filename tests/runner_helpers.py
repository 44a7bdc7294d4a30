"""Helpers for the runner's tests: the toy fixture, building submissions, grading via the CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from autograder.runner.results import question_scores

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "toy"
TOY_TESTS = FIXTURE / "autograder" / "fx_toy" / "tests"
TOY_REFERENCE = FIXTURE / "solutions" / "fx_toy" / "toy.py"
ADVERSARIAL = REPO / "tests" / "adversarial"
TOY_POINTS = {"q1": 3.0, "q2": 3.0, "q3": 2.0, "q4": 1.0}


def run_runner(
    submission: list[Path] | Path,
    results: Path,
    assignment: str = "fx_toy",
    extra: list[str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess:
    """Grade through the CLI (a separate process, as Gradescope and batch do)."""
    subs = submission if isinstance(submission, list) else [submission]
    cmd = [
        sys.executable,
        "-m",
        "autograder.runner",
        "--assignment",
        assignment,
        "--results",
        str(results),
    ]
    for sub in subs:
        cmd += ["--submission", str(sub)]
    if assignment == "fx_toy":
        cmd += ["--tests-dir", str(TOY_TESTS), "--reference-dir", str(FIXTURE / "solutions")]
    cmd += extra or []
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=REPO, env=env)


def per_question(results: dict) -> dict[str, float]:
    """Points earned per question."""
    return {q: score for q, (score, _) in question_scores(results).items()}


def assert_toy_scores(results: dict, lost, label: str) -> None:
    """The toy assignment's questions in ``lost`` scored 0 and every other its full points."""
    scores = per_question(results)
    for question, points in TOY_POINTS.items():
        if question in lost:
            assert scores[question] == 0, f"{label}: undeserved points on {question}: {results}"
        else:
            assert scores[question] == points, f"{label}: honest {question} lost points: {results}"


def overlay(source: str) -> str:
    """Reference module with ``source`` appended (its definitions win)."""
    return TOY_REFERENCE.read_text() + "\n\n# ---- overlay ----\n" + source


def sandbox_processes() -> list[int]:
    """Pids of processes of a sandbox uid that outlived their grading.

    A worker's line of parents leaves the sandbox uids at the trusted process that grades it
    (a runner, a batch's grading, or a test that drives a sandbox itself), which outlives it.
    Once that process is gone, the kernel gives the worker to the nearest subreaper among its
    ancestors, here this test process or one above it, or to init: a sandbox process whose
    first parent outside the sandbox uids is this process, one of its ancestors or init has
    outlived its grading. Gradings of other tests running beside this one are none of those.
    A process counts only if it is still there a second later (the first listing may catch a
    grading at the instant its trusted process exits, before its workers are gone)."""
    from autograder.runner.sandbox import SANDBOX_UID_BASE, SANDBOX_UID_COUNT, proc_table

    uids = range(SANDBOX_UID_BASE, SANDBOX_UID_BASE + SANDBOX_UID_COUNT)

    def outlived() -> set[int]:
        rows = {row[0]: (row[1], row[4]) for row in proc_table()}
        ours, pid = {0, 1}, os.getpid()
        while pid in rows and pid not in ours:
            ours.add(pid)
            pid = rows[pid][0]
        found = set()
        for pid, (ppid, uid) in rows.items():
            if uid not in uids:
                continue
            seen = {pid}
            while ppid in rows and rows[ppid][1] in uids and ppid not in seen:
                seen.add(ppid)
                ppid = rows[ppid][0]
            if ppid in ours:
                found.add(pid)
        return found

    first = outlived()
    if not first:
        return []
    time.sleep(1.0)
    return sorted(first & outlived())


def load(path: Path) -> dict:
    return json.loads(Path(path).read_text())


def run_as_gradescope(autograder_zip: Path, submission: Path, root: Path, timeout: int) -> dict:
    """Grade as Gradescope does: the autograder zip unpacked in ``root``/source, the
    submission (a zip or a folder) in ``root``/submission, ``run_autograder`` run with no
    PYTHONPATH; returns results/results.json."""
    for sub in ("source", "submission", "results"):
        (root / sub).mkdir(parents=True)
    with zipfile.ZipFile(autograder_zip) as zf:
        zf.extractall(root / "source")
    if submission.is_dir():
        shutil.copytree(submission, root / "submission", dirs_exist_ok=True)
    else:
        with zipfile.ZipFile(submission) as zf:
            zf.extractall(root / "submission")
    (root / "submission_metadata.json").write_text("{}")
    run = root / "source" / "run_autograder"
    run.chmod(0o755)
    env = dict(
        os.environ,
        NNKIT_AUTOGRADER_ROOT=str(root),
        PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"],
        PYTHONPATH="",
    )
    subprocess.run([str(run)], check=True, env=env, capture_output=True, timeout=timeout)
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
