"""Loading otter's test-file classes without the rest of otter."""

from __future__ import annotations

import sys


def otter_test_files_only() -> None:
    """Make ``import otter.test_files`` load the test-file classes alone. Importing otter's
    package first loads its export and run stacks (nbconvert, pandas): about 1 s of every
    grading spent on code the runner never calls. Call it first thing in a process that
    only grades: otter's package then stands as a bare package over its own folder."""
    if "otter" in sys.modules:
        return
    import importlib.util
    import types

    spec = importlib.util.find_spec("otter")
    if spec is None or not spec.submodule_search_locations:
        return
    package = types.ModuleType("otter")
    package.__spec__ = spec
    package.__path__ = list(spec.submodule_search_locations)
    package.__file__ = spec.origin
    sys.modules["otter"] = package
