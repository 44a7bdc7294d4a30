"""Shared fixtures: every assignment under solutions/ is tested by the same generic checks."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# One thread per process, set before numpy or torch is imported: `make test` runs two
# pytest workers on two cores, and BLAS or torch thread pools on top of them only contend
# (and spin) for the same cores, several times the CPU time for the same work. Child
# processes (otter run, notebook kernels, the runner) inherit it; the sandbox sets its own.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("MPLBACKEND", "Agg")

from autograder.assignments import Assignment, discover  # noqa: E402
from autograder.index import declared_losses  # noqa: E402,F401 - the tests' own name for it

ASSIGNMENTS: list[Assignment] = discover()


def bank_files(assignment: Assignment, prefix: str = "") -> list[Path]:
    return sorted(assignment.bank_dir.glob(f"{prefix}*.py"))


@pytest.fixture(params=ASSIGNMENTS, ids=lambda a: a.name)
def assignment(request) -> Assignment:
    return request.param


@pytest.fixture(scope="session")
def executed_notebook(tmp_path_factory):
    """``executed_notebook(assignment)``: the path of the assignment's instructor notebook,
    executed top to bottom once per test run and shared by every test that needs it.

    Under pytest-xdist each worker has its own session, so the executed notebooks live in
    the run's common base directory, and a file lock makes the first worker that asks for
    an assignment execute it while the others wait and reuse the file. A failed execution
    is recorded too (``execution-error.txt``), so every test that needs the notebook fails
    with the same message instead of executing it again.
    """
    from filelock import FileLock

    from autograder.notebooks import run_instructor_notebook

    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "notebooks"
    shared.mkdir(exist_ok=True)

    def get(assignment: Assignment) -> Path:
        done = shared / assignment.name / f"{assignment.name}.ipynb"
        failed = shared / f"{assignment.name}-execution-error.txt"
        with FileLock(str(shared / f"{assignment.name}.lock")):
            if not done.is_file() and not failed.is_file():
                try:
                    run_instructor_notebook(assignment, shared)
                except Exception as exc:  # nbclient's CellExecutionError names the cell
                    failed.write_text(f"{type(exc).__name__}: {exc}", encoding="utf-8")
                    done.unlink(missing_ok=True)
        if failed.is_file():
            raise AssertionError(
                f"the instructor notebook of {assignment.name} failed to execute:\n"
                + failed.read_text(encoding="utf-8")[:3000]
            )
        return done

    return get
