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
def run_once(tmp_path_factory):
    """``run_once(key, build)``: ``build(folder)`` runs once per test run, and every test
    that asks for ``key``, on any pytest-xdist worker, gets its (pickled) result.

    Each xdist worker has its own session, so the results live in the run's common base
    directory, and a file lock makes the first worker that asks build while the others
    wait and reuse the result (a module-scoped fixture would be built once per worker).
    A failed build is recorded too, so every test that needs it fails with the same
    message instead of building again.
    """
    import pickle

    from filelock import FileLock

    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "once"
    shared.mkdir(exist_ok=True)

    def get(key: str, build):
        done, failed = shared / f"{key}.pickle", shared / f"{key}.error.txt"
        with FileLock(str(shared / f"{key}.lock")):
            if not done.is_file() and not failed.is_file():
                folder = shared / key
                folder.mkdir()
                try:
                    value = build(folder)
                except Exception as exc:  # nbclient's CellExecutionError names the cell
                    failed.write_text(f"{type(exc).__name__}: {exc}", encoding="utf-8")
                else:
                    done.write_bytes(pickle.dumps(value))
        if failed.is_file():
            message = failed.read_text(encoding="utf-8")[:3000]
            raise AssertionError(f"{key} failed when it ran for this test run:\n{message}")
        return pickle.loads(done.read_bytes())

    return get


@pytest.fixture(scope="session")
def executed_notebook(run_once):
    """``executed_notebook(assignment)``: the path of the assignment's instructor notebook,
    executed top to bottom once per test run and shared by every test that needs it."""
    from autograder.notebooks import run_instructor_notebook

    def get(assignment: Assignment) -> Path:
        return run_once(
            f"notebook-{assignment.name}",
            lambda folder: run_instructor_notebook(assignment, folder),
        )

    return get
