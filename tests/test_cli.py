"""The grader's commands work from any folder, not only the checkout's root."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.runner_helpers import FIXTURE, REPO, TOY_POINTS, TOY_REFERENCE, TOY_TESTS, per_question

pytestmark = pytest.mark.slow


def test_nnkit_grade_runs_outside_the_checkout(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    results = tmp_path / "results.json"
    cmd = [str(REPO / "bin" / "nnkit-grade"), "--assignment", "fx_toy", "--quiet"]
    cmd += ["--submission", str(TOY_REFERENCE), "--results", str(results)]
    cmd += ["--tests-dir", str(TOY_TESTS), "--reference-dir", str(FIXTURE / "solutions")]
    proc = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert per_question(json.loads(results.read_text())) == TOY_POINTS


def test_nnkit_batch_says_what_is_wrong_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    cmd = [str(REPO / "bin" / "nnkit-batch"), "--assignment", "a1_perceptron"]
    cmd += [str(tmp_path / "missing.zip"), "--out", str(tmp_path / "out")]
    proc = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"error: {tmp_path / 'missing.zip'} does not exist"
