"""nnkit.given: the course's copy of given code, driving a submission's functions."""

from __future__ import annotations

import types

import pytest

from nnkit.given import course_copy, with_submitted
from nnkit.grading import use_references

COURSE = '''
def step(x):
    return x + 1


def inner(x, n):
    for _ in range(n):
        x = step(x)
    return x


def loop(x, n=3):
    """The given loop: calls step through another given function."""
    return inner(x, n)


class Model:
    def __init__(self, k):
        self.k = k
'''


@pytest.fixture
def course(tmp_path):
    (tmp_path / "ax_demo").mkdir()
    (tmp_path / "ax_demo" / "demo.py").write_text(COURSE)
    use_references(tmp_path)
    yield
    use_references(None)


def _submission(step, loop=None):
    module = types.ModuleType("demo")
    module.step = step
    module.loop = loop or (lambda x, n=3: 1000)  # an edited copy of the given loop
    module.Model = object
    return module


def test_the_course_loop_drives_the_submitted_function_through_nested_given_calls(course):
    submitted = _submission(lambda x: x * 2)
    loop = course_copy("ax_demo", "demo", "loop", submitted, "step")
    assert loop(1) == 8  # the course's loop, three submitted steps; the edit is not used
    assert loop(1, n=1) == 2  # defaults kept
    assert loop.__doc__.startswith("The given loop")
    # the course's module itself is untouched
    from nnkit.grading import reference

    assert reference("ax_demo", "demo").loop(1) == 4
    # a class comes back as the course's
    assert course_copy("ax_demo", "demo", "Model", submitted)(5).k == 5


def test_with_submitted_takes_the_course_function_itself(course):
    from nnkit.grading import reference

    loop = with_submitted(reference("ax_demo", "demo").loop, _submission(lambda x: x - 1), "step")
    assert loop(10) == 7


def test_without_a_course_copy_the_submission_checks_its_own():
    submitted = _submission(lambda x: x * 2, loop=lambda x, n=3: -1)
    assert course_copy("ax_missing", "demo", "loop", submitted, "step")(1) == -1
