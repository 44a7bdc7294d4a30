"""The adversarial battery: real hostile submissions graded by the hardened runner.

Each item checks: grading completes and writes results.json, no undeserved point (the
questions the attack targets lose everything), the honest questions of the same
submission keep their points, and the feedback says what happened. Submissions are run
in parallel (two at a time), once per test run (``run_once``), to keep the battery short.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.runner_helpers import (
    ADVERSARIAL,
    FIXTURE,
    TOY_POINTS,
    TOY_TESTS,
    assert_toy_scores,
    load,
    overlay,
    run_runner,
    sandbox_processes,
)

ALL = set(TOY_POINTS)
# attack -> (questions that must score 0, substrings the feedback must contain)
BATTERY: dict[str, tuple[set[str], list[str]]] = {
    "loop_in_call": ({"q1"}, ["timed out after 3 s in toy.add"]),
    "exit_at_import": (ALL, ["exited", "during importing toy.py"]),
    "sysexit_at_import": (ALL, ["called sys.exit() while being imported"]),
    "exit_in_call": ({"q2"}, ["process exited", "during toy.scale"]),
    "sysexit_in_call": ({"q2"}, ["called sys.exit() during toy.scale"]),
    "raise_at_import": (ALL, ["importing your module failed", "boom at import time"]),
    "syntax_error": (ALL, ["SyntaxError", "line"]),
    "memory_bomb": ({"q2"}, ["ran out of memory (limit 768 MB) in toy.scale"]),
    "fork_bomb": ({"q2"}, ["timed out after 3 s in toy.scale"]),
    "deep_recursion": ({"q1"}, ["toy.add"]),
    "print_flood": (set(), ["more bytes of output cut"]),
    "read_hidden": (set(), []),
    "patch_everything": ({"q1", "q2"}, ["add(2, 3)"]),
    "rewrite_tests": ({"q1"}, ["add(2, 3)"]),
    "write_results": ({"q1"}, ["add(2, 3)"]),
    "detached": ({"q1"}, ["add(2, 3)"]),
    "return_nan": ({"q1", "q2"}, ["nan"]),
    "wrong_types": ({"q1", "q2", "q3"}, ["string"]),
    "huge_array": ({"q2"}, ["over the grader's limit"]),
}


def _layout_cases(tmp: Path) -> dict[str, tuple[list[Path], set[str], list[str]]]:
    """Submissions whose problem is their files, not their code."""
    source = (FIXTURE / "solutions" / "fx_toy" / "toy.py").read_bytes()
    notebook = json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    cases = {}
    wrong = tmp / "wrong_name"
    wrong.mkdir()
    (wrong / "Toy.py").write_bytes(source)
    cases["wrong_name"] = ([wrong], ALL, ["toy.py was not found", "Toy.py", "rename"])
    nested = tmp / "nested.zip"
    with zipfile.ZipFile(nested, "w") as z:
        z.writestr("toy.ipynb", notebook)
        z.writestr("submission/toy.py", source)
        z.writestr("submission/__pycache__/junk.pyc", b"\0")
        z.writestr("__MACOSX/submission/._toy.py", b"\0")
    cases["nested_folder"] = ([nested], set(), [])
    notebook_only = tmp / "notebook_only.zip"
    with zipfile.ZipFile(notebook_only, "w") as z:
        z.writestr("toy.ipynb", notebook)
        z.writestr("toy.otter", b"{}")
    cases["notebook_only"] = ([notebook_only], ALL, ["notebook toy.ipynb", "grader.export"])
    return cases


def _tree_digest(path: Path) -> str:
    digest = hashlib.sha256()
    for item in sorted(path.rglob("*")):
        if item.is_file():
            digest.update(item.name.encode() + item.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def battery(run_once):
    return run_once("adversarial-battery", _grade_battery)


def _grade_battery(tmp: Path) -> dict:
    os.chmod(tmp, 0o755)
    before = _tree_digest(FIXTURE)
    jobs = {}
    for name, (lose, needles) in BATTERY.items():
        folder = tmp / name
        folder.mkdir()
        results = tmp / f"{name}-results" / "results.json"
        results.parent.mkdir()
        path = ADVERSARIAL / f"{name}.py"
        if not path.exists():  # kept as .py.txt where ruff must not parse it
            path = ADVERSARIAL / f"{name}.py.txt"
        attack = path.read_text()
        attack = (
            attack.replace("__RESULTS__", str(results))
            .replace("__TESTS_DIR__", str(TOY_TESTS))
            .replace("__FIXTURE__", str(FIXTURE))
        )
        (folder / "toy.py").write_text(overlay(attack))
        jobs[name] = ([folder], results, lose, needles)
    for name, (subs, lose, needles) in _layout_cases(tmp).items():
        results = tmp / f"{name}-results" / "results.json"
        results.parent.mkdir()
        jobs[name] = (subs, results, lose, needles)

    def grade(item):
        name, (subs, results, _, _) = item
        start = time.monotonic()
        proc = run_runner(subs, results)
        return name, proc, time.monotonic() - start

    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = {name: (proc, wall) for name, proc, wall in pool.map(grade, jobs.items())}
    return {"jobs": jobs, "runs": runs, "fixture_before": before, "tmp": tmp}


@pytest.mark.slow
@pytest.mark.parametrize("name", [*BATTERY, "wrong_name", "nested_folder", "notebook_only"])
def test_attack(battery, name):
    subs, results_path, lose, needles = battery["jobs"][name]
    proc, wall = battery["runs"][name]
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = load(results_path)
    text = json.dumps(results, ensure_ascii=False)
    assert_toy_scores(results, lose, name)
    for needle in needles:
        assert needle.lower() in text.lower(), f"{name}: feedback lacks {needle!r}: {text[:3000]}"
    # nothing hidden, nothing forged, nothing huge
    assert "SECRET_HIDDEN_MARKER" not in text
    assert "PWNED" not in text
    assert len(text) < 200_000, f"{name}: results.json is {len(text)} bytes"
    for test in results["tests"]:
        if test["visibility"] == "after_published":
            assert test["output"].startswith(
                ("Hidden test passed", "Hidden test failed", "Not graded")
            )
    assert results["score"] == sum(t["score"] for t in results["tests"])


@pytest.mark.slow
def test_no_sandbox_process_survives_and_results_stay(battery):
    """After grading, nothing the submissions started is alive, and results do not change
    later (the detached attack's helpers would rewrite results.json after 1.5 s)."""
    assert sandbox_processes() == []
    _, results_path, _, _ = battery["jobs"]["detached"]
    first = results_path.read_bytes()
    time.sleep(4)
    assert results_path.read_bytes() == first
    assert load(results_path)["score"] == sum(TOY_POINTS.values()) - TOY_POINTS["q1"]
    assert sandbox_processes() == []


@pytest.mark.slow
def test_test_files_untouched(battery):
    assert _tree_digest(FIXTURE) == battery["fixture_before"]
