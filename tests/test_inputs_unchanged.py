"""``nnkit.feedback.call_checking_inputs`` sees in-place writes into a call's arguments,
both with the real module (``grader.check``, ``otter run``, in-process grading) and
through the hardened runner, where student code only ever receives copies."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest

from autograder.inprocess import load_test_file, module_from_source
from tests.runner_helpers import load, per_question, run_runner

MODULE = """
import numpy as np

def pure(x, cache):
    return x.sum() + cache[1].sum()

def writes_input(x, cache):
    out = x
    out += 1.0
    return out

def writes_view_of_cache(x, cache):
    window = cache[1][:, :1]
    window[...] = 0.0
    return x.copy()

def writes_keyword(x, cache, buffer=None):
    buffer[0] = 7
    return x

def replaces_in_list(x, cache):
    cache[0] = "gone"
    return x
"""

TESTS = """
import numpy as np
from otter.test_files import test_case

from nnkit.feedback import call_checking_inputs

OK_FORMAT = False
name = "q1"

X = np.arange(6.0).reshape(2, 3)
CACHE = [np.ones(2), np.full((2, 2), 3.0)]


def expect_failure(call, *words):
    try:
        call()
    except AssertionError as exc:
        for word in words:
            assert word in str(exc), f"{word!r} not in {exc}"
        return
    raise AssertionError("the in-place write went unnoticed")


@test_case(points=1)
def test_pure_call_passes(m):
    out = call_checking_inputs("pure", m.pure, X, CACHE)
    assert float(out) == float(X.sum() + CACHE[1].sum())


@test_case(points=1)
def test_write_into_input(m):
    expect_failure(
        lambda: call_checking_inputs("writes_input", m.writes_input, X, CACHE),
        "writes_input changed its argument 1 in place", "6 of 6 entries",
    )


@test_case(points=1)
def test_write_through_view_of_cache(m):
    expect_failure(
        lambda: call_checking_inputs("writes_view_of_cache", m.writes_view_of_cache, X, CACHE),
        "its argument 2[1]", "2 of 4 entries",
    )


@test_case(points=1)
def test_write_into_keyword(m):
    expect_failure(
        lambda: call_checking_inputs(
            "writes_keyword", m.writes_keyword, X, CACHE, buffer=np.zeros(3, dtype=np.int64)
        ),
        "its argument buffer=",
    )


@test_case(points=1)
def test_replaced_item(m):
    expect_failure(
        lambda: call_checking_inputs("replaces_in_list", m.replaces_in_list, X, CACHE),
        "replaced its argument 2[0]",
    )
"""


@pytest.fixture
def tiny(tmp_path):
    solutions = tmp_path / "solutions" / "fx_inputs"
    solutions.mkdir(parents=True)
    (solutions / "assignment.yml").write_text(
        "name: fx_inputs\nmodules: [m]\nquestions:\n  q1: {timeout: 10}\n"
    )
    (solutions / "m.py").write_text(textwrap.dedent(MODULE))
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "q1.py").write_text(TESTS)
    return tmp_path


def test_in_process_with_the_real_module(tiny):
    module = module_from_source("m", (tiny / "solutions" / "fx_inputs" / "m.py").read_text())
    test_file = load_test_file(tiny / "tests" / "q1.py")
    test_file.run({"m": module})
    failed = [r.message for r in test_file.test_case_results if not r.passed]
    assert not failed, failed


def test_through_the_hardened_runner(tiny, tmp_path):
    run = run_runner(
        tiny / "solutions" / "fx_inputs" / "m.py",
        tmp_path / "results.json",
        assignment="fx_inputs",
        extra=[
            "--tests-dir",
            str(tiny / "tests"),
            "--reference-dir",
            str(tiny / "solutions"),
        ],
    )
    assert run.returncode == 0, run.stderr
    results = load(tmp_path / "results.json")
    assert per_question(results) == {"q1": 5.0}, [t.get("output") for t in results["tests"]]


def test_unchanged_arrays_compare_equal_with_nan():
    from nnkit.feedback import assert_inputs_unchanged

    x = np.array([np.nan, 1.0])
    assert_inputs_unchanged("f", ((x,), {}), ((x.copy(),), {}))
