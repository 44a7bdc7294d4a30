"""Batch grading of a Gradescope export: CSV, feedback files, resuming, --regrade."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import zipfile

import pytest

from tests.runner_helpers import FIXTURE, REPO, TOY_REFERENCE, TOY_TESTS, overlay

pytestmark = pytest.mark.slow

METADATA = """submission_1001:
  :submitters:
  - :name: Ada Lovelace
    :sid: '1'
    :email: ada@example.edu
  :created_at: 2024-01-01
submission_1002:
  :submitters:
  - :name: Bob Wrong
    :email: bob@example.edu
submission_1003:
  :submitters:
  - :name: Cy Missing
    :email: cy@example.edu
"""


def _batch(export, out, *extra):
    cmd = [
        sys.executable,
        "-m",
        "autograder.batch",
        "--assignment",
        "fx_toy",
        str(export),
        "-j",
        "2",
        "--out",
        str(out),
        "--tests-dir",
        str(TOY_TESTS),
        "--reference-dir",
        str(FIXTURE / "solutions"),
        *extra,
    ]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO, timeout=300)


def test_batch_gradescope_export(tmp_path):
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w") as z:
        z.writestr("assignment_1_export/submission_metadata.yml", METADATA)
        z.writestr("assignment_1_export/submission_1001/toy.py", TOY_REFERENCE.read_text())
        z.writestr(
            "assignment_1_export/submission_1002/toy.py",
            overlay("def add(a, b):\n    return a - b\n"),
        )
        z.writestr("assignment_1_export/submission_1003/notes.txt", "forgot the module")
    out = tmp_path / "out"
    first = _batch(export, out)
    assert first.returncode == 0, first.stderr[-3000:]
    rows = list(csv.DictReader((out / "grades.csv").open()))
    by_name = {r["name"]: r for r in rows}
    assert by_name["Ada Lovelace"]["total"] == "9" and by_name["Ada Lovelace"]["q1"] == "3"
    assert by_name["Bob Wrong"]["q1"] == "0" and by_name["Bob Wrong"]["total"] == "6"
    assert by_name["Cy Missing"]["total"] == "0"
    assert by_name["Ada Lovelace"]["email"] == "ada@example.edu"
    feedback = (out / "feedback" / "submission_1003.txt").read_text()
    assert "toy.py was not found" in feedback
    assert "3 to grade" in first.stdout
    second = _batch(export, out)
    assert "3 already graded, 0 to grade" in second.stdout
    third = _batch(export, out, "--regrade")
    assert "0 already graded, 3 to grade" in third.stdout
