"""Access to reference implementations for hidden tests.

Hidden test cases compute expected values on new inputs with the reference module, and
use it for everything but the function under test (isolation of credit). The reference
never ships to students: it exists in the course repository (``solutions/``) and inside
the autograder, so this function is only ever called from hidden test cases.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

# the file each reference module was imported from -> the module
_CACHE: dict[Path, ModuleType] = {}
# the folder of reference modules that the grading in this process uses (use_references)
_FOLDER: list[Path] = []


def use_references(folder: Path | str | None) -> None:
    """Take reference modules from ``folder/<assignment>/<module>.py`` first (the runner's
    private copy of them, set before it loads any test file); None forgets the folder."""
    _FOLDER[:] = [Path(folder)] if folder is not None else []


def _candidates(assignment: str, module: str) -> list[Path]:
    places = [
        *_FOLDER,
        Path.cwd() / "_reference",
        Path(__file__).resolve().parents[1] / "solutions",
    ]
    return [place / assignment / f"{module}.py" for place in places]


def reference(assignment: str, module: str) -> ModuleType:
    """Import the reference implementation of ``module`` of ``assignment``.

    Looked up in the folder given to :func:`use_references`, then
    ``./_reference/<assignment>/<module>.py`` (where the autograder zip puts it), then the
    course repository's ``solutions/``. The module is imported under a private name, so it
    never shadows the student's module of the same name; it is imported once per file.
    """
    for path in _candidates(assignment, module):
        if path.is_file():
            path = path.resolve()
            if path in _CACHE:
                return _CACHE[path]
            name = f"_nnkit_reference_{assignment}_{module}_{len(_CACHE)}"
            spec = importlib.util.spec_from_file_location(name, path)
            mod = importlib.util.module_from_spec(spec)
            sys.modules[name] = mod
            spec.loader.exec_module(mod)
            _CACHE[path] = mod
            return mod
    raise FileNotFoundError(
        f"reference module {module!r} of {assignment!r} not found "
        "(hidden tests run only inside the autograder)"
    )
