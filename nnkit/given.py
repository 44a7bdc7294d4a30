"""Given code in graded cases: the course's copy, driving the submitted functions.

A submission is a whole file, and the given code in it is its author's to edit. A case
that runs given code to grade a function (a training loop, a loop over a cell) runs the
course's copy of that code, with the calls to the function under test going to the
submission, so an edited copy cannot earn the function's points. Public cases use
:func:`course_copy`: graded, the course's copy; on a student's machine, where the course's
reference does not exist, the student's own (which is what the student is checking).
"""

from __future__ import annotations

import types

from nnkit.grading import reference


def with_submitted(given, submission, *names: str):
    """The course's copy of the given function ``given`` (from :func:`reference`), whose
    calls to ``names`` go to the submission's functions of those names.

    Every function of ``given``'s module is rebound to one new namespace, so the calls to
    ``names`` from other given functions that ``given`` calls reach the submission too; the
    course's module itself is left as it was. A class is returned as it is (its methods
    are the course's).
    """
    if not isinstance(given, types.FunctionType):
        return given
    namespace = dict(given.__globals__)
    namespace.update({name: getattr(submission, name) for name in names})
    for key, value in list(namespace.items()):
        if (
            isinstance(value, types.FunctionType)
            and value.__globals__ is given.__globals__
            and key not in names
        ):
            copy = types.FunctionType(
                value.__code__, namespace, value.__name__, value.__defaults__, value.__closure__
            )
            copy.__kwdefaults__ = value.__kwdefaults__
            copy.__doc__ = value.__doc__
            namespace[key] = copy
    return namespace[given.__name__]


def course_copy(assignment: str, module: str, name: str, submission, *names: str):
    """``name`` of the course's ``module`` driving the submission's ``names`` (see
    :func:`with_submitted`) where the course's reference exists (grading, the course
    repository); elsewhere (a student's own check) the submission's own ``name``."""
    try:
        course = reference(assignment, module)
    except FileNotFoundError:
        return getattr(submission, name)
    return with_submitted(getattr(course, name), submission, *names)
