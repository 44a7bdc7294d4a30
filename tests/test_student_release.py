"""What a student receives: one handout zip per assignment and the course library's wheel.

Neither may hold a reference solution or a hidden test; the wheel holds only ``nnkit/``
and depends on what the notebooks and public tests import, without the CUDA build of
torch, playwright or sphinx in its own dependency list.
"""

from __future__ import annotations

import ast
import importlib.metadata
import json
import re
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
from conftest import ASSIGNMENTS, ROOT
from packaging.requirements import Requirement
from test_assignments import FORBIDDEN_IN_RELEASE, release_leaks, solution_lines

from autograder.build import (
    CPU_TORCH_INDEX,
    STUDENT_DISTRIBUTION,
    build_handout,
    build_student_wheel,
)

# Never in the student's own dependency list: the CUDA build of torch, a headless browser
# for PDF export, a documentation generator.
UNWANTED = re.compile(r"nvidia|cuda|triton|playwright|sphinx", re.IGNORECASE)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return build_student_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def handouts(tmp_path_factory) -> Path:
    """The folder holding every handout, built once."""
    out = tmp_path_factory.mktemp("student")
    for assignment in ASSIGNMENTS:
        build_handout(assignment, out)
    return out


def _handout(handouts: Path, assignment) -> dict[str, str]:
    with zipfile.ZipFile(handouts / f"{assignment.name}.zip") as zf:
        assert zf.testzip() is None
        return {name: zf.read(name).decode("utf-8") for name in zf.namelist()}


def _metadata(wheel: Path) -> tuple[list[str], object]:
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        (meta,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        return names, Parser().parsestr(zf.read(meta).decode())


def _requirements(metadata) -> list[Requirement]:
    return [Requirement(line) for line in metadata.get_all("Requires-Dist") or []]


# --------------------------------------------------------------------------------------
# Handouts
# --------------------------------------------------------------------------------------


def test_handout_is_the_release_and_a_readme(assignment, handouts):
    """The handout holds the committed release assignments/<name>/ (which
    test_release_is_up_to_date proves is what the generator writes) and a README.md."""
    files = _handout(handouts, assignment)
    release = {
        f"{assignment.name}/{p.relative_to(assignment.release_dir).as_posix()}": p.read_text(
            encoding="utf-8"
        )
        for p in assignment.release_dir.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    readme = f"{assignment.name}/README.md"
    assert sorted(files) == sorted([*release, readme])
    assert {name: text for name, text in files.items() if name != readme} == release
    for module in assignment.modules:
        assert f"{assignment.name}/{module}.py" in files
    assert f"{assignment.name}/{assignment.name}.ipynb" in files
    assert any(name.startswith(f"{assignment.name}/tests/q") for name in files)


def test_handout_is_deterministic(assignment, handouts, tmp_path):
    again = build_handout(assignment, tmp_path).read_bytes()
    assert again == (handouts / f"{assignment.name}.zip").read_bytes()


def test_handout_gives_away_no_answer(assignment, handouts):
    leaks = release_leaks(assignment, _handout(handouts, assignment))
    assert not leaks, f"the handout of {assignment.name} gives away: {leaks}"


def test_the_scan_catches_a_leaked_answer(assignment, handouts):
    """The scan can fail: a handout with one solution line or one hidden case added is
    reported."""
    files = _handout(handouts, assignment)
    readme = f"{assignment.name}/README.md"
    line = solution_lines(assignment)[0]
    assert release_leaks(assignment, {**files, readme: files[readme] + line + "\n"})
    source = assignment.test_files()[0].read_text(encoding="utf-8")
    assert release_leaks(assignment, {**files, "tests/q1.py": source})


def test_handout_readme_says_how_to_install_check_and_submit(assignment, handouts):
    readme = _handout(handouts, assignment)[f"{assignment.name}/README.md"]
    assert f"pip install torch --index-url {CPU_TORCH_INDEX}" in readme
    # the CPU build of torch comes before the course package
    assert readme.index(CPU_TORCH_INDEX) < readme.index(f'pip install "{STUDENT_DISTRIBUTION}')
    assert f"jupyter lab {assignment.name}.ipynb" in readme
    assert "grader.check(" in readme and "grader.export(" in readme
    for module in assignment.modules:
        assert f"{module}.py" in readme


# --------------------------------------------------------------------------------------
# The wheel
# --------------------------------------------------------------------------------------


def test_wheel_holds_only_nnkit(wheel):
    names, metadata = _metadata(wheel)
    assert metadata["Name"] == STUDENT_DISTRIBUTION
    dist_info = f"{STUDENT_DISTRIBUTION.replace('-', '_')}-{metadata['Version']}.dist-info/"
    outside = [n for n in names if not (n.startswith("nnkit/") or n.startswith(dist_info))]
    assert not outside, f"the student wheel holds more than nnkit/: {outside}"
    # and all of nnkit/: sub-packages and data files included
    shipped = sorted(n for n in names if n.startswith("nnkit/"))
    expected = sorted(
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "nnkit").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )
    assert shipped == expected


# Lines of solution regions that nnkit's own code also holds as generic idioms, with
# where: no answer, and each must still occur in both places (the list cannot go stale).
LIBRARY_IDIOMS = {
    "grads: dict[str, np.ndarray] = {}": "nnkit/gradcheck.py, numeric_gradients",
}


def test_wheel_gives_away_no_answer(wheel):
    with zipfile.ZipFile(wheel) as zf:
        files = {n: zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("nnkit/")}
    # nnkit.grading (the reference's lookup for hidden cases, no answer in it) is part of
    # the library: only the markers that no library file may hold apply here
    markers = [m for m in FORBIDDEN_IN_RELEASE if m not in ("_reference", "nnkit.grading")]
    idioms_seen = set()
    for assignment in ASSIGNMENTS:
        leaks = release_leaks(assignment, files, markers)
        idioms_seen |= {leak for leak in leaks if leak.split(": ", 1)[-1] in LIBRARY_IDIOMS}
        leaks = [leak for leak in leaks if leak.split(": ", 1)[-1] not in LIBRARY_IDIOMS]
        assert not leaks, f"the student wheel gives away {assignment.name}: {leaks}"
    stale = set(LIBRARY_IDIOMS) - {leak.split(": ", 1)[-1] for leak in idioms_seen}
    assert not stale, f"LIBRARY_IDIOMS lists lines no longer shared: {stale}"


def test_wheel_dependencies_are_lean(wheel):
    _, metadata = _metadata(wheel)
    requirements = _requirements(metadata)
    assert requirements, "the wheel declares no dependency"
    unwanted = [str(r) for r in requirements if UNWANTED.search(str(r))]
    assert not unwanted, f"the student package depends on {unwanted}"
    # no extra of another package that brings them (otter-grader[grading] and such)
    base = [r for r in requirements if r.marker is None]
    assert all(not r.extras for r in base), [str(r) for r in base if r.extras]
    jupyter = [r.name for r in requirements if r.marker and r.marker.evaluate({"extra": "jupyter"})]
    assert "jupyterlab" in jupyter
    assert "jupyter" in (metadata.get_all("Provides-Extra") or [])


def _imported_top_level(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _release_sources() -> dict[str, str]:
    """Python source of the release and the library: modules, public tests, notebook code
    cells (without IPython's % lines)."""
    sources = {p.as_posix(): p.read_text(encoding="utf-8") for p in (ROOT / "nnkit").rglob("*.py")}
    for assignment in ASSIGNMENTS:
        for path in assignment.release_dir.rglob("*.py"):
            sources[path.as_posix()] = path.read_text(encoding="utf-8")
        for path in assignment.release_dir.glob("*.ipynb"):
            for index, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
                if cell["cell_type"] == "code":
                    code = "".join(cell["source"]).splitlines()
                    code = [line for line in code if not line.lstrip().startswith("%")]
                    sources[f"{path.as_posix()}#{index}"] = "\n".join(code)
    return sources


def test_wheel_declares_what_the_release_imports(wheel):
    """Every third-party module that the notebooks, stubs, public tests or nnkit import
    belongs to a distribution the student package declares."""
    _, metadata = _metadata(wheel)
    declared = {Requirement(r).name.lower() for r in metadata.get_all("Requires-Dist") or []}
    local = {"nnkit"} | {m for a in ASSIGNMENTS for m in a.modules}
    providers = importlib.metadata.packages_distributions()
    missing = {}
    for where, source in _release_sources().items():
        for name in _imported_top_level(source) - local - set(sys.stdlib_module_names):
            dists = {d.lower() for d in providers.get(name, [name])}
            if not dists & declared:
                missing.setdefault(name, where)
    assert not missing, f"imported but not declared by the student package: {missing}"


def test_course_environment_satisfies_the_student_package(wheel):
    """`make` installs requirements.txt, then the library with --no-deps: what it installs
    must meet every requirement the student package declares."""
    _, metadata = _metadata(wheel)
    for requirement in _requirements(metadata):
        if requirement.marker is not None:
            continue
        version = importlib.metadata.version(requirement.name)
        assert requirement.specifier.contains(version, prereleases=True), (
            f"the course environment has {requirement.name} {version}, "
            f"the student package needs {requirement}"
        )


def test_readme_tells_students_to_install_cpu_torch_first():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"pip install torch --index-url {CPU_TORCH_INDEX}" in readme
    assert readme.index(CPU_TORCH_INDEX) < readme.index(f'pip install "{STUDENT_DISTRIBUTION}')
    assert "dist/student/" in readme
