"""Loading otter's test-file classes without the rest of otter."""

from __future__ import annotations

import sys


def _bare_package(name: str, spec) -> None:
    import types

    package = types.ModuleType(name)
    package.__spec__ = spec
    package.__path__ = list(spec.submodule_search_locations)
    package.__file__ = spec.origin
    sys.modules[name] = package


def otter_test_files_only() -> None:
    """Make ``import otter.test_files`` load the test-file classes that the course's test
    files use (``test_case``, ``ExceptionTestFile``) alone. Importing otter's package first
    loads its export and run stacks (nbconvert, pandas), and otter.test_files' own package
    its notebook-metadata test files (nbformat, jsonschema, IPython): over 1 s of every
    grading spent on code the runner never calls. Call it first thing in a process that
    only grades: both packages then stand as bare packages over their own folders, and
    otter.test_files holds what its exception_test module defines, as otter's does."""
    if "otter" in sys.modules:
        return
    import importlib.util

    spec = importlib.util.find_spec("otter")
    if spec is None or not spec.submodule_search_locations:
        return
    _bare_package("otter", spec)
    files = importlib.util.find_spec("otter.test_files")
    if files is None or not files.submodule_search_locations:
        return
    _bare_package("otter.test_files", files)
    from otter.test_files import exception_test

    package = sys.modules["otter.test_files"]
    package.ExceptionTestFile = exception_test.ExceptionTestFile
    package.test_case = exception_test.test_case
    sys.modules["otter"].test_files = package
