"""The student release and the Gradescope zip of a final project.

The release holds the starter ``model.py`` and ``train.py`` (a working baseline named in
``project.yml``, not stubs of the reference), the student notebook and the public checks.
The Gradescope zip grades the public checks and scores the model on the public validation
set for the leaderboard; it holds no reference code, no weights and no secret: the hidden
test set is graded afterwards on the instructor's machine.
"""

from __future__ import annotations

import json

from autograder.assignments import ROOT, Assignment
from autograder.build import (
    REQUIREMENTS,
    SETUP_SH,
    _package_files,
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
    source = assignment.source_dir
    entries: dict[str, bytes] = {
        "setup.sh": SETUP_SH.encode(),
        "run_autograder": RUN_AUTOGRADER.encode(),
        "requirements.txt": (REQUIREMENTS + "mnist1d>=0.0.2\n").encode(),
        "otter_config.json": json.dumps({"lang": "python"}, indent=2).encode(),
        "assignment.yml": (source / "assignment.yml").read_bytes(),
        f"_solutions/{assignment.name}/assignment.yml": (source / "assignment.yml").read_bytes(),
        f"_solutions/{assignment.name}/project.yml": (source / "project.yml").read_bytes(),
    }
    for test in assignment.test_files():
        entries[f"tests/{test.name}"] = test.read_bytes()
    for name, data in _package_files("nnkit").items():
        entries[f"nnkit_src/{name}"] = data
        entries[name] = data
    entries["nnkit_src/pyproject.toml"] = (ROOT / "pyproject.toml").read_bytes()
    for name, data in _package_files("autograder").items():
        entries[name] = data
    return entries, {"setup.sh", "run_autograder"}
