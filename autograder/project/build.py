"""The student release and the Gradescope zip of a final project.

The release holds the starter ``model.py`` and ``train.py`` (a working baseline named in
``project.yml``, not stubs of the reference), the student notebook and the public checks.
The Gradescope zip grades the public checks and scores the model on the public validation
set for the leaderboard; it holds no reference code, no weights and no secret: the hidden
test set is graded afterwards on the instructor's machine.
"""

from __future__ import annotations

from autograder.assignments import Assignment
from autograder.build import (
    grading_entries,
    notebook,
    notebook_text,
    public_tests,
)

from .config import load_project

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission: the public checks and the validation score
# for the leaderboard (NNKIT_AUTOGRADER_ROOT replaces /autograder in tests).
cd "${NNKIT_AUTOGRADER_ROOT:-/autograder}/source" && exec python3 -m autograder.project --gradescope
"""


def project_release_files(assignment: Assignment) -> dict[str, str]:
    """Every file of the student release of a project: relative path -> text."""
    project = load_project(assignment.name)
    files = {f"{m}.py": path.read_text(encoding="utf-8") for m, path in project.starter.items()}
    missing = set(assignment.modules) - set(project.starter)
    if missing:
        raise ValueError(f"{assignment.name}: project.yml names no starter for {sorted(missing)}")
    files[f"{assignment.name}.ipynb"] = notebook_text(notebook(assignment, student=True))
    for test in assignment.test_files():
        files[f"tests/{test.name}"] = public_tests(test.read_text(encoding="utf-8"), str(test))
    return files


def project_autograder_entries(assignment: Assignment) -> tuple[dict[str, bytes], set[str]]:
    """Files of a project's Gradescope autograder zip."""
    entries, executables = grading_entries(assignment, RUN_AUTOGRADER)
    for name in ("assignment.yml", "project.yml"):
        path = assignment.source_dir / name
        entries[f"_solutions/{assignment.name}/{name}"] = path.read_bytes()
    return entries, executables
