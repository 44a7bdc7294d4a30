"""Access to reference implementations for hidden tests.

Hidden test cases compute expected values on new inputs with the reference module, and
use it for everything but the function under test (isolation of credit). The reference
never ships to students: it exists in the course repository (``solutions/``) and inside
the autograder, so this function is only ever called from hidden test cases.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

_CACHE: dict[tuple[str, str], ModuleType] = {}


def _candidates(assignment: str, module: str) -> list[Path]:
    places = []
    if os.environ.get("NNKIT_REFERENCE_DIR"):
        places.append(Path(os.environ["NNKIT_REFERENCE_DIR"]))
    places.append(Path.cwd() / "_reference")
    places.append(Path(__file__).resolve().parents[1] / "solutions")
    return [place / assignment / f"{module}.py" for place in places]


def reference(assignment: str, module: str) -> ModuleType:
    """Import the reference implementation of ``module`` of ``assignment``.

    Looked up in ``$NNKIT_REFERENCE_DIR/<assignment>/<module>.py``, then
    ``./_reference/<assignment>/<module>.py`` (where the autograder zip puts it), then the
    course repository's ``solutions/``. The module is imported under a private name, so it
    never shadows the student's module of the same name.
    """
    key = (assignment, module)
    if key in _CACHE:
        return _CACHE[key]
    for path in _candidates(assignment, module):
        if path.is_file():
            name = f"_nnkit_reference_{assignment}_{module}"
            spec = importlib.util.spec_from_file_location(name, path)
            mod = importlib.util.module_from_spec(spec)
            sys.modules[name] = mod
            spec.loader.exec_module(mod)
            _CACHE[key] = mod
            return mod
    raise FileNotFoundError(
        f"reference module {module!r} of {assignment!r} not found "
        "(hidden tests run only inside the autograder)"
    )
