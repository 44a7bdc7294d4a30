"""On honest submissions the hardened runner and plain ``otter run`` agree per question.

Honest: the reference, the stub, the bundled samples and every bank entry (known-wrong
and valid alternatives), each exported with otter's own ``grader.export``. ``otter run``
executes the notebook, so this is slow: submissions are graded two at a time.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import ASSIGNMENTS, bank_files

from autograder.build import build_autograder_zip, export_submission
from autograder.course import sample_sources
from autograder.inprocess import overlay_source
from tests.runner_helpers import run_runner

pytestmark = pytest.mark.slow
OTTER = Path(sys.executable).parent / "otter"
# a1 is checked in full; other assignments through their reference, stub and samples
FULL_BANKS = {"a1_perceptron"}


def _honest(assignment) -> dict[str, dict[str, str]]:
    subs = sample_sources(assignment)
    if assignment.name in FULL_BANKS:
        first = assignment.modules[0]
        reference = subs["reference"]
        for path in bank_files(assignment):
            source = overlay_source(reference[first], path.read_text(encoding="utf-8"))
            subs[path.stem] = {**reference, first: source}
    return subs


def _otter_scores(autograder_zip: Path, submission: Path, out: Path) -> dict[str, float]:
    out.mkdir()
    subprocess.run(
        [str(OTTER), "run", "-a", str(autograder_zip), "-o", str(out), str(submission)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    results = json.loads((out / "results.json").read_text())
    return {t["name"]: float(t["score"]) for t in results["tests"] if "score" in t}


def _points(assignment) -> dict[str, float]:
    """Points of each question, from the test files themselves."""
    from autograder.inprocess import load_test_file

    return {
        q: sum(float(c.points) for c in load_test_file(assignment.tests_dir / f"{q}.py").test_cases)
        for q in assignment.questions
    }


def _runner_scores(submission: Path, results: Path) -> dict[str, float]:
    proc = run_runner(submission, results, assignment=results.parent.name.split("-")[0])
    assert proc.returncode == 0, proc.stderr[-2000:]
    out: dict[str, float] = {}
    for test in json.loads(results.read_text())["tests"]:
        question = test["name"].split(" - ")[0]
        out[question] = out.get(question, 0.0) + float(test["score"])
    return out


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=lambda a: a.name)
def test_runner_agrees_with_otter_run(assignment, tmp_path):
    autograder_zip = build_autograder_zip(assignment, tmp_path)
    subs = _honest(assignment)

    # exports first, in this thread: building the release parses Python (ast), which
    # CPython 3.11 does not do safely from several threads at once
    zips = {
        name: export_submission(assignment, modules, tmp_path / f"{name}.zip")
        for name, modules in subs.items()
    }

    def both(name):
        otter = _otter_scores(autograder_zip, zips[name], tmp_path / f"otter-{name}")
        results = tmp_path / f"{assignment.name}-{name}" / "results.json"
        results.parent.mkdir()
        return name, otter, _runner_scores(zips[name], results)

    # both graders run as child processes, two submissions at a time
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(both, zips))
    disagreements = [
        f"{name}: otter run {otter} vs runner {runner}"
        for name, otter, runner in outcomes
        if {q: otter.get(q, 0.0) for q in assignment.questions}
        != {q: runner.get(q, 0.0) for q in assignment.questions}
    ]
    assert not disagreements, "\n".join(disagreements)
    # the reference, exported the way a student exports it, earns every point through
    # `otter run`; the generated stub earns none
    by_name = {name: otter for name, otter, _ in outcomes}
    points = _points(assignment)
    for question in assignment.questions:
        earned = by_name["reference"].get(question, 0.0)
        assert earned == points[question] > 0, f"reference via otter run: {question} {earned}"
        assert by_name["stub"].get(question, 0.0) == 0, f"stub via otter run earns {question}"
