"""nnkit.oracles: the one place the assignments' tests get PyTorch's answers from."""

from __future__ import annotations

import ast

import numpy as np
import pytest

from autograder.assignments import discover
from nnkit import oracles
from nnkit.optimcheck import bowl


def torch_imports(source: str) -> list[str]:
    """The modules of torch a Python source imports."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "torch"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "torch":
            found.append(node.module)
    return found


@pytest.mark.parametrize("assignment", discover(projects=True), ids=lambda a: a.name)
def test_test_files_import_no_torch(assignment):
    # Every comparison with PyTorch goes through nnkit.oracles (docs/authoring.md).
    for path in assignment.test_files():
        assert not torch_imports(path.read_text(encoding="utf-8")), (
            f"{assignment.name}/tests/{path.name} imports torch: move the computation into "
            "nnkit.oracles and call it from there"
        )


def test_trajectories_are_computed_once_and_handed_out_as_copies():
    # Grading many submissions in one process asks for the same trajectories again: the
    # bowl's gradient function is one object per scale, so the second call is a lookup.
    assert bowl(1.0) is bowl(1.0)
    w0 = np.linspace(-1.0, 1.0, 6).reshape(2, 3)
    first = oracles.torch_trajectory("adam", w0, steps=5, hyper={"lr": 0.1}, gradient=bowl(1.0))
    known = len(oracles.optim._TRAJECTORIES)
    first[0][...] = 7.0
    second = oracles.torch_trajectory("adam", w0, steps=5, hyper={"lr": 0.1}, gradient=bowl(1.0))
    assert len(oracles.optim._TRAJECTORIES) == known
    assert len(second) == 5 and not np.any(second[0] == 7.0)
    fresh = oracles.optim._torch_trajectory("adam", w0, None, 5, {"lr": 0.1}, bowl(1.0))
    for got, want in zip(second, fresh, strict=True):
        np.testing.assert_array_equal(got, want)
