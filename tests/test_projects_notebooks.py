"""Each final project's instructor notebook executes top to bottom on the CPU (with the
committed reference weights, as ``make`` runs it) and every public check passes in it."""

from __future__ import annotations

import json

import pytest

from autograder.assignments import discover
from autograder.notebooks import run_instructor_notebook

pytestmark = pytest.mark.slow

PROJECTS = [a for a in discover(projects=True) if a.is_project]


@pytest.mark.parametrize("project", PROJECTS, ids=lambda a: a.name)
def test_instructor_notebook_executes_and_passes_the_public_checks(project, tmp_path):
    path = run_instructor_notebook(project, tmp_path)
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    errors = [o for c in cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors
    checks = [c for c in cells if "grader.check(" in "".join(c.get("source", ""))]
    assert len(checks) == len(project.questions)
    for cell in checks:
        text = json.dumps(cell["outputs"])
        assert "All test cases passed" in text, f"instructor check failed: {text[:500]}"
