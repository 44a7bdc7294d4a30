"""Wrong add(), then overwrites every test file it can reach with always-passing ones."""

import glob

_FAKE = """from otter.test_files import test_case
OK_FORMAT = False
name = "q1"

@test_case(points=100, hidden=False)
def test_free(toy):
    pass
"""
for _path in [
    "tests/q1.py",
    "../tests/q1.py",
    "../secrets/tests/q1.py",
    "__TESTS_DIR__/q1.py",
    "/autograder/source/tests/q1.py",
    *glob.glob("/tmp/nnkit-grade-*/secrets/tests/q1.py"),
]:
    try:
        with open(_path, "w") as _f:
            _f.write(_FAKE)
    except OSError:
        pass


def add(a, b):
    return a * b
