"""End to end with real parts: notebooks executed headless, otter run on exported zips."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.build import build_autograder_zip, export_submission, make_stub
from autograder.notebooks import run_instructor_notebook

pytestmark = pytest.mark.slow


def test_instructor_notebook_executes(assignment, tmp_path):
    path = run_instructor_notebook(assignment, tmp_path)
    outputs = json.loads(path.read_text(encoding="utf-8"))
    errors = [
        o for c in outputs["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"
    ]
    assert not errors, errors
    checks = [
        c
        for c in outputs["cells"]
        if c["cell_type"] == "code" and "grader.check(" in "".join(c["source"])
    ]
    assert len(checks) == len(assignment.questions)
    for cell in checks:
        text = json.dumps(cell["outputs"])
        assert "All test cases passed" in text, f"instructor check failed: {text[:500]}"


def _otter_run(autograder_zip: Path, submission: Path, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    subprocess.run(
        [
            sys.executable,
            "-m",
            "otter",
            "run",
            "-a",
            str(autograder_zip),
            "-o",
            str(out),
            str(submission),
        ],
        check=True,
        capture_output=True,
        env=env,
        timeout=600,
    )
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


def _question_scores(results: dict) -> dict[str, tuple[float, float]]:
    return {
        t["name"]: (t["score"], t["max_score"])
        for t in results["tests"]
        if t.get("max_score") is not None
    }


def test_otter_run_on_exported_submissions(assignment, tmp_path):
    """The reference, exported the way a student exports it, earns every point through
    `otter run`; the generated stub earns none."""
    autograder_zip = build_autograder_zip(assignment, tmp_path)
    reference = {
        m: assignment.reference_path(m).read_text(encoding="utf-8") for m in assignment.modules
    }
    ref_zip = export_submission(assignment, reference, tmp_path / "reference.zip")
    stub_zip = export_submission(
        assignment, {m: make_stub(s) for m, s in reference.items()}, tmp_path / "stub.zip"
    )
    ref = _question_scores(_otter_run(autograder_zip, ref_zip, tmp_path / "ref"))
    assert set(ref) == set(assignment.questions)
    for question, (got, total) in ref.items():
        assert total > 0 and got == total, f"reference: {question} {got}/{total} via otter run"
    stub = _question_scores(_otter_run(autograder_zip, stub_zip, tmp_path / "stub"))
    for question, (got, total) in stub.items():
        assert got == 0, f"stub: {question} {got}/{total} via otter run"
