"""End to end with real parts: each instructor notebook executed headless, once.

The one execution also shows every figure its cells promise (tests/teaching.py).

The notebook is executed once per test run by the ``executed_notebook`` fixture
(tests/conftest.py), which every test needing an executed notebook shares. ``otter run``
on exported submissions is exercised by tests/test_gradescope.py.
"""

from __future__ import annotations

import json

import pytest
from teaching import figure_problems

pytestmark = pytest.mark.slow


def test_instructor_notebook_executes(assignment, executed_notebook):
    path = executed_notebook(assignment)
    outputs = json.loads(path.read_text(encoding="utf-8"))
    errors = [
        o for c in outputs["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"
    ]
    assert not errors, errors
    # every figure a cell promises is in the saved notebook, with no stray repr or widget
    problems = figure_problems(outputs)
    assert not problems, "\n".join(problems)
    checks = [
        c
        for c in outputs["cells"]
        if c["cell_type"] == "code" and "grader.check(" in "".join(c["source"])
    ]
    assert len(checks) == len(assignment.questions)
    for cell in checks:
        text = json.dumps(cell["outputs"])
        assert "All test cases passed" in text, f"instructor check failed: {text[:500]}"
