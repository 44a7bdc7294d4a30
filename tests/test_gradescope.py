"""The Gradescope zip, unpacked into a simulated /autograder layout and run as Gradescope
runs it, writes a results.json in Gradescope's format with the right scores."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import declared_losses

from autograder.build import build_autograder_zip, export_submission
from autograder.course import sample_sources

pytestmark = pytest.mark.slow

VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}


def _run_as_gradescope(autograder_zip: Path, submission_zip: Path, root: Path) -> dict:
    for sub in ("source", "submission", "results"):
        (root / sub).mkdir(parents=True)
    with zipfile.ZipFile(autograder_zip) as zf:
        zf.extractall(root / "source")
    with zipfile.ZipFile(submission_zip) as zf:
        zf.extractall(root / "submission")
    (root / "submission_metadata.json").write_text("{}")
    run = root / "source" / "run_autograder"
    run.chmod(0o755)
    env = dict(
        os.environ,
        NNKIT_AUTOGRADER_ROOT=str(root),
        PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"],
    )
    subprocess.run([str(run)], check=True, env=env, capture_output=True, timeout=600)
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


def _check_format(results: dict) -> None:
    assert isinstance(results["tests"], list) and results["tests"]
    assert isinstance(results.get("execution_time", 0), (int, float))
    for test in results["tests"]:
        assert isinstance(test["name"], str) and test["name"]
        assert isinstance(test["score"], (int, float))
        assert isinstance(test["max_score"], (int, float))
        assert 0 <= test["score"] <= test["max_score"]
        assert test.get("visibility", "visible") in VISIBILITIES
        assert isinstance(test.get("output", ""), str)


def _by_question(results: dict, questions: list[str]) -> dict[str, tuple[float, float]]:
    out = {q: [0.0, 0.0] for q in questions}
    for test in results["tests"]:
        question = test["name"].split(" ")[0]
        out[question][0] += test["score"]
        out[question][1] += test["max_score"]
    return {q: tuple(v) for q, v in out.items()}


def test_gradescope_layout(assignment, tmp_path):
    autograder_zip = build_autograder_zip(assignment, tmp_path)
    samples = sample_sources(assignment)
    expected_losses = {"reference": [], "stub": list(assignment.questions)}
    for name in assignment.samples:
        expected_losses[name] = declared_losses(assignment.source_dir / "samples" / f"{name}.py")
    for name, modules in samples.items():
        submission = export_submission(assignment, modules, tmp_path / f"{name}.zip")
        results = _run_as_gradescope(autograder_zip, submission, tmp_path / f"root-{name}")
        _check_format(results)
        hidden = [t for t in results["tests"] if t.get("visibility") == "after_published"]
        assert hidden, "hidden cases must be published only after grades are"
        for question, (got, total) in _by_question(results, assignment.questions).items():
            assert total > 0
            if name == "stub":
                assert got == 0, f"stub earns {got} on {question}"
            elif question in expected_losses[name]:
                assert got < total, f"{name} keeps full marks on {question}"
            else:
                assert got == total, f"{name} earns {got}/{total} on {question}"
