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
    """Pids of processes owned by any sandbox uid."""
    from autograder.runner.sandbox import SANDBOX_UID_BASE, SANDBOX_UID_COUNT, _proc_table

    uids = range(SANDBOX_UID_BASE, SANDBOX_UID_BASE + SANDBOX_UID_COUNT)
    return [row[0] for row in _proc_table() if row[4] in uids]


def load(path: Path) -> dict:
    return json.loads(Path(path).read_text())
