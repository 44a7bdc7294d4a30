"""Helpers for the runner's tests: the toy fixture, building submissions, grading via the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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


def overlay(source: str) -> str:
    """Reference module with ``source`` appended (its definitions win)."""
    return TOY_REFERENCE.read_text() + "\n\n# ---- overlay ----\n" + source


def sandbox_processes() -> list[int]:
    """Pids of processes owned by any sandbox uid that belong to no grading still running
    (gradings of other tests may run beside this one: their workers descend from a live
    runner or another pytest-xdist worker; what a finished grading left behind does not)."""
    from autograder.runner.sandbox import SANDBOX_UID_BASE, SANDBOX_UID_COUNT, proc_table

    uids = range(SANDBOX_UID_BASE, SANDBOX_UID_BASE + SANDBOX_UID_COUNT)
    table = proc_table()
    parent = {row[0]: row[1] for row in table}

    def cmdline(pid: int) -> bytes:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                return f.read()
        except OSError:
            return b""

    lines = {pid: cmdline(pid) for pid in parent}
    marks = (b"autograder.runner", b"autograder.project")
    runners = {p for p, c in lines.items() if any(m in c for m in marks)}
    # Tests in the other pytest-xdist workers may drive a sandbox from their own process.
    # What a grading of this worker leaves behind is re-parented to this worker or above it,
    # never to a sibling, so counting the siblings' descendants as live hides nothing of ours.
    if os.environ.get("PYTEST_XDIST_WORKER"):
        runners |= {p for p, pp in parent.items() if pp == os.getppid() and p != os.getpid()}

    def in_live_grading(pid: int) -> bool:
        seen = set()
        while pid > 1 and pid not in seen:
            seen.add(pid)
            pid = parent.get(pid, 0)
            if pid in runners:
                return True
        return False

    return [row[0] for row in table if row[4] in uids and not in_live_grading(row[0])]


def load(path: Path) -> dict:
    return json.loads(Path(path).read_text())
