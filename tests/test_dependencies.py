"""One source for the course's dependencies: pyproject.toml.

- ``[project].dependencies`` is what a student installs (the wheel nnkit-course): what nnkit,
  the notebooks, the public tests and a submission may import.
- ``[project.optional-dependencies].grading`` is what a grader adds (the hardened runner,
  otter-grader pinned); the Gradescope image's requirements.txt (``autograder.build``'s
  ``REQUIREMENTS``) is exactly the dependencies plus grading.
- requirements.txt is the instructor's environment: it declares every one of them (and the
  ``cluster`` extra), pinning only inside pyproject.toml's ranges, plus the instructor's
  own tools. The ``jupyter`` extra is a student's front end: ``make`` does not need it.

Every third-party module imported where it runs is declared there: by the reference
solutions, nnkit, the test files and the runner on a grader; by the banks' and samples'
stand-in submissions in the student's dependencies; by anything in the repository in
requirements.txt. All static: the sources are scanned, nothing is imported.
"""

from __future__ import annotations

import functools
import importlib.metadata
import re
import subprocess
import sys

import pytest
from conftest import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from autograder.assignments import discover
from autograder.build import REQUIREMENTS

if sys.version_info >= (3, 11):
    import tomllib
else:  # requirements.txt brings tomli there
    import tomli as tomllib

# tomllib is in the standard library from Python 3.11 on (tomli stands in before)
STDLIB = set(sys.stdlib_module_names) | {"tomllib"}

# A front end for students (JupyterLab): not part of grading nor of the instructor's `make`.
NOT_IN_REQUIREMENTS_TXT = {"jupyter"}

_NAME = r"[A-Za-z_][\w.]*(?:[ \t]+as[ \t]+\w+)?"
_IMPORT = re.compile(
    rf"^[ \t]*(?:from[ \t]+([A-Za-z_][\w.]*)[ \t]+import\b"
    rf"|import[ \t]+({_NAME}(?:[ \t]*,[ \t]*{_NAME})*))",
    re.MULTILINE,
)


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _by_name(lines: list[str], where: str) -> dict[str, Requirement]:
    found: dict[str, Requirement] = {}
    for line in lines:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name not in found, f"{where} names {name} twice"
        found[name] = requirement
    return found


def _lines(text: str) -> list[str]:
    stripped = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in stripped if line]


def student_dependencies() -> dict[str, Requirement]:
    return _by_name(_project()["dependencies"], "pyproject.toml dependencies")


def extra(name: str) -> dict[str, Requirement]:
    return _by_name(_project()["optional-dependencies"][name], f"pyproject.toml [{name}]")


def grading_dependencies() -> dict[str, Requirement]:
    """What a grader installs: the dependencies, where the grading extra's entry for the
    same distribution replaces the dependency's (a pin inside its range)."""
    return {**student_dependencies(), **extra("grading")}


def requirements_txt() -> dict[str, Requirement]:
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    return _by_name(_lines(text), "requirements.txt")


def _same(a: Requirement, b: Requirement) -> bool:
    return (canonicalize_name(a.name), a.extras, a.specifier, a.marker) == (
        canonicalize_name(b.name),
        b.extras,
        b.specifier,
        b.marker,
    )


def _pins(requirement: Requirement) -> list[str]:
    return [s.version for s in requirement.specifier if s.operator == "=="]


def within(narrow: Requirement, wide: Requirement) -> bool:
    """Whether ``narrow`` asks for what ``wide`` does or less: the same specifier, or one
    pinned version that ``wide`` allows; and at least ``wide``'s extras."""
    if not set(wide.extras) <= set(narrow.extras):
        return False
    if narrow.specifier == wide.specifier:
        return True
    pins = _pins(narrow)
    return len(pins) == 1 and wide.specifier.contains(pins[0], prereleases=True)


# --------------------------------------------------------------------------------------
# The lists agree
# --------------------------------------------------------------------------------------


def test_gradescope_requirements_are_the_declared_grading_dependencies():
    gradescope = _by_name(_lines(REQUIREMENTS), "autograder.build.REQUIREMENTS")
    declared = grading_dependencies()
    assert set(gradescope) == set(declared), (
        f"missing from the Gradescope requirements: {sorted(set(declared) - set(gradescope))}; "
        f"not declared in pyproject.toml: {sorted(set(gradescope) - set(declared))}"
    )
    differ = [
        f"{gradescope[n]} != {declared[n]}"
        for n in declared
        if not _same(gradescope[n], declared[n])
    ]
    assert not differ, f"autograder.build.REQUIREMENTS differs from pyproject.toml: {differ}"


def test_grading_pins_stay_inside_the_student_ranges():
    student = student_dependencies()
    for name, requirement in extra("grading").items():
        if name in student:
            assert within(requirement, student[name]), (
                f"pyproject.toml [grading] {requirement} is outside the dependency {student[name]}"
            )


def test_requirements_txt_declares_everything_within_the_declared_ranges():
    pinned = requirements_txt()
    extras = set(_project()["optional-dependencies"]) - NOT_IN_REQUIREMENTS_TXT
    declared = [student_dependencies(), *(extra(e) for e in sorted(extras))]
    problems = []
    for requirements in declared:
        for name, requirement in requirements.items():
            if name not in pinned:
                problems.append(f"{requirement} is not in requirements.txt")
            elif not within(pinned[name], requirement):
                problems.append(f"requirements.txt's {pinned[name]} is outside {requirement}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("narrow", "wide", "expected"),
    [
        ("torch==2.13.0", "torch>=2.0", True),
        ("otter-grader[grading]==7.0.0", "otter-grader>=7,<8", True),
        ("otter-grader==8.0.0", "otter-grader>=7,<8", False),
        ("numpy>=1.24", "numpy>=1.24", True),
        ("numpy>=1.20", "numpy>=1.24", False),
        ("dask>=2024.1", "dask[distributed]>=2024.1", False),
    ],
)
def test_within_compares_pins_ranges_and_extras(narrow, wide, expected):
    assert within(Requirement(narrow), Requirement(wide)) is expected


# --------------------------------------------------------------------------------------
# What the code imports is declared
# --------------------------------------------------------------------------------------


def imported(source: str) -> set[str]:
    """Top-level names of the absolute imports of a source (a scan of its lines: parsing
    the whole repository would take seconds)."""
    names = set()
    for match in _IMPORT.finditer(source):
        if match.group(1):
            names.add(match.group(1).split(".")[0])
        else:
            for part in match.group(2).split(","):
                names.add(part.split()[0].split(".")[0])
    return names


@functools.cache
def top_level(distribution: str) -> frozenset[str]:
    """The importable top-level names a distribution provides; for one not installed here
    (a requirement whose marker leaves it out, such as tomli on Python 3.11), its name."""
    try:
        dist = importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError:
        return frozenset({distribution.replace("-", "_")})
    listed = dist.read_text("top_level.txt")
    if listed:
        return frozenset(listed.split())
    names = set()
    for path in dist.files or []:
        first = path.parts[0]
        if first in ("..", "__pycache__") or first.endswith((".dist-info", ".data")):
            continue
        names.add(first.split(".")[0])
    return frozenset(names)


def provided(requirements: dict[str, Requirement]) -> set[str]:
    """Top-level modules that the requirements bring, by name or through an extra they ask
    for (``dask[distributed]`` brings ``distributed``)."""
    names = set(requirements)
    for requirement in requirements.values():
        for extra_name in requirement.extras:
            for line in importlib.metadata.requires(requirement.name) or []:
                brought = Requirement(line)
                if brought.marker and brought.marker.evaluate({"extra": extra_name}):
                    names.add(canonicalize_name(brought.name))
    return {module for name in names for module in top_level(name)}


def undeclared(sources: dict[str, str], declared: set[str], local: set[str]) -> dict[str, str]:
    """Third-party modules imported by ``sources`` (path -> text) that are not among the
    ``declared`` modules: module -> the first file importing it."""
    missing: dict[str, str] = {}
    for where, source in sorted(sources.items()):
        for name in sorted(imported(source) - local - STDLIB - declared):
            missing.setdefault(name, where)
    return missing


def _tracked_python() -> dict[str, str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--", "*.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    return {
        path: (ROOT / path).read_text(encoding="utf-8")
        for path in listed
        if path and not path.startswith("assignments/") and (ROOT / path).is_file()
    }


def _local_names(files: dict[str, str]) -> set[str]:
    """Modules of this repository: its packages, the assignments' modules, the helpers of
    tests/ and benchmarks/ imported by name."""
    assignments = discover(projects=True)
    return (
        {"nnkit", "autograder", "tests", "benchmarks"}
        | {m for a in assignments for m in a.modules}
        | {path.rsplit("/", 1)[-1][:-3] for path in files if path.count("/") == 1}
    )


def _grader_side(files: dict[str, str]) -> dict[str, str]:
    """What runs on a grader: nnkit, the reference modules, the test files, the runner."""
    references = {
        a.reference_path(m).relative_to(ROOT).as_posix()
        for a in discover(projects=True)
        for m in a.modules
    }
    return {
        path: text
        for path, text in files.items()
        if path in references
        or re.match(r"nnkit/|autograder/(runner|project)/|autograder/\w+/tests/", path)
    }


def _submissions(files: dict[str, str]) -> dict[str, str]:
    """Stand-ins for what students hand in: bank entries, samples, project starters."""
    return {
        path: text
        for path, text in files.items()
        if re.match(r"tests/banks/|solutions/\w+/(samples|starter)/", path)
    }


def test_every_third_party_import_is_declared():
    files = _tracked_python()
    local = _local_names(files)
    checks = [
        ("the grading dependencies", _grader_side(files), grading_dependencies()),
        ("the student dependencies", _submissions(files), student_dependencies()),
        ("requirements.txt", files, requirements_txt()),
    ]
    problems = []
    for what, sources, requirements in checks:
        assert sources, f"no source to check against {what}"
        missing = undeclared(sources, provided(requirements), local)
        problems += [
            f"{name} (imported by {where}) is not in {what}" for name, where in missing.items()
        ]
    assert not problems, "\n".join(problems)


def test_undeclared_finds_a_module_no_requirement_provides():
    source = "import numpy as np, os\nfrom scipy.special import expit\nfrom . import sibling\n"
    assert imported(source) == {"numpy", "os", "scipy"}
    found = undeclared({"m.py": source}, {"numpy"}, local=set())
    assert found == {"scipy": "m.py"}
    assert undeclared({"m.py": source}, {"numpy", "scipy"}, local=set()) == {}
    assert undeclared({"m.py": "import mlp\n"}, set(), local={"mlp"}) == {}


def test_provided_maps_distributions_to_their_modules():
    modules = provided({"scikit-learn": Requirement("scikit-learn>=1.2")})
    assert "sklearn" in modules and "scikit-learn" not in modules
    assert "distributed" in provided({"dask": Requirement("dask[distributed]>=2024.1")})
    assert "distributed" not in provided({"dask": Requirement("dask>=2024.1")})
