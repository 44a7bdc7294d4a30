"""Execute notebooks headless (nbclient), as the tests and ``make`` do."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from autograder.assignments import DIST, Assignment
from autograder.build import notebook, notebook_text, strip_solutions


def execute(nb: nbformat.NotebookNode, cwd: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Run every cell of ``nb`` in a fresh kernel of this Python, with ``cwd`` as its folder.

    Raises nbclient's CellExecutionError, naming the cell, when a cell fails.
    """
    # the kernel spec runs `python`: put this interpreter first on the kernel's PATH
    path = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    )
    client.execute(env=dict(os.environ, PATH=path))
    return nb


def instructor_folder(assignment: Assignment, out: Path) -> Path:
    """Lay out the instructor's working folder: reference module(s) without region
    markers, the full test files and the instructor notebook (not yet executed)."""
    if out.exists():
        shutil.rmtree(out)
    (out / "tests").mkdir(parents=True)
    for module in assignment.modules:
        source = assignment.reference_path(module).read_text(encoding="utf-8")
        (out / f"{module}.py").write_text(strip_solutions(source), encoding="utf-8")
    for test in assignment.test_files():
        shutil.copy(test, out / "tests" / test.name)
    if assignment.is_project:
        # a project's notebook trains only when weights.pt is missing: the instructor's
        # runs with the committed reference weights
        shutil.copy(assignment.source_dir / "weights" / "reference.pt", out / "weights.pt")
    (out / f"{assignment.name}.ipynb").write_text(
        notebook_text(notebook(assignment, student=False)), encoding="utf-8"
    )
    return out


def run_instructor_notebook(assignment: Assignment, out_root: Path = DIST / "solutions") -> Path:
    """Execute the instructor notebook top to bottom; write it, with outputs, under
    ``out_root/<name>/`` and return its path."""
    folder = instructor_folder(assignment, out_root / assignment.name)
    path = folder / f"{assignment.name}.ipynb"
    nb = nbformat.read(path, as_version=4)
    execute(nb, folder)
    nbformat.write(nb, path)
    return path
