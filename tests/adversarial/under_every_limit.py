"""Every call stays just under the per-test timeout (3 s): each case passes, but the
grading would take minutes without a budget for the whole grading."""

import time

_add, _scale, _echo = add, scale, echo


def add(a, b):
    time.sleep(2.5)
    return _add(a, b)


def scale(x, k):
    time.sleep(2.5)
    return _scale(x, k)


def echo(s):
    time.sleep(2.5)
    return _echo(s)
