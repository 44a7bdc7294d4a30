"""Tries to read the hidden tests (relative and absolute paths) and leak them."""

import glob
import os

_CANDIDATES = [
    "tests/q1.py",
    "../tests/q1.py",
    "../secrets/tests/q1.py",
    "../../secrets/tests/q1.py",
    "../../autograder/fx_toy/tests/q1.py",
    "__TESTS_DIR__/q1.py",
    "__TESTS_DIR__/q2.py",
    "/autograder/source/tests/q1.py",
    *glob.glob("/tmp/nnkit-grade-*/secrets/tests/*.py"),
    *glob.glob("/proc/*/cwd/secrets/tests/q1.py"),
]


def _loot():
    found = []
    for path in _CANDIDATES:
        try:
            with open(path) as f:
                found.append(f.read())
        except OSError:
            pass
    for root, _dirs, files in os.walk("__FIXTURE__"):
        for name in files:
            try:
                with open(os.path.join(root, name)) as f:
                    found.append(f.read())
            except OSError:
                pass
    return "".join(found)


print(_loot())


def echo(s):
    loot = _loot()
    print(loot)
    return loot or s
