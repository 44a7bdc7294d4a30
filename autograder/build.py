"""Generate the student release and the Gradescope autograder zip from ``solutions/``.

One source, generated views (design decision 1, docs/design.md): the reference module
with its solution regions, the notebook in jupytext format and the full test files are
written once; this module derives the stub module, the student notebook, the public test
files and the autograder zip from them. Every output is deterministic: building twice
gives the same bytes.

    python -m autograder.build release [--only a1_perceptron]
    python -m autograder.build zips [--only ...] [--out dist]
    python -m autograder.build handouts [--only ...] [--out dist]
    python -m autograder.build wheel [--out dist]
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat

from autograder.assignments import DIST, ROOT, Assignment, discover, load

_BEGIN = re.compile(r"^(?P<indent>[ \t]*)# BEGIN SOLUTION(?:[ \t]+(?P<text>.*?))?[ \t]*$")
_END = re.compile(r"^[ \t]*# END SOLUTION[ \t]*$")
ANSWER_PLACEHOLDER = "_Type your answer here, replacing this text._"
# A fixed date for zip entries, so that the same inputs give the same bytes.
_ZIP_DATE = (2024, 1, 1, 0, 0, 0)
# The name students install the course library by (pyproject.toml's [project] name; the
# import name stays nnkit, whose name on PyPI belongs to an unrelated project).
STUDENT_DISTRIBUTION = "nnkit-course"
CPU_TORCH_INDEX = "https://download.pytorch.org/whl/cpu"


class BuildError(ValueError):
    """A source file breaks the authoring rules (docs/authoring.md)."""


# --------------------------------------------------------------------------------------
# Stubs
# --------------------------------------------------------------------------------------


def make_stub(source: str, path: str = "<module>") -> str:
    """Replace each solution region of a reference module by ``raise NotImplementedError``.

    A region starts with ``# BEGIN SOLUTION qK: what to do`` and ends with
    ``# END SOLUTION``; the stub raises ``NotImplementedError("qK: what to do")`` at the
    region's indentation.
    """
    out: list[str] = []
    region: tuple[int, str, str] | None = None
    for number, line in enumerate(source.splitlines(keepends=True), start=1):
        begin = _BEGIN.match(line.rstrip("\n"))
        if begin:
            if region is not None:
                raise BuildError(f"{path}:{number}: BEGIN SOLUTION inside a region")
            text = (begin.group("text") or "").strip()
            if not re.match(r"^q\w+:", text):
                raise BuildError(f"{path}:{number}: a region must say 'qK: what to implement'")
            region = (number, begin.group("indent"), text)
            continue
        if _END.match(line.rstrip("\n")):
            if region is None:
                raise BuildError(f"{path}:{number}: END SOLUTION without BEGIN")
            _, indent, text = region
            out.append(
                f"{indent}raise NotImplementedError({json.dumps(text, ensure_ascii=False)})\n"
            )
            region = None
            continue
        if region is None:
            out.append(line)
    if region is not None:
        raise BuildError(f"{path}:{region[0]}: region never ends")
    stub = "".join(out)
    ast.parse(stub, filename=path)
    return stub


def strip_solutions(source: str) -> str:
    """The reference module without its region markers (what the notebook's solution runs)."""
    return "".join(
        line
        for line in source.splitlines(keepends=True)
        if not (_BEGIN.match(line.rstrip("\n")) or _END.match(line.rstrip("\n")))
    )


# --------------------------------------------------------------------------------------
# Public test files
# --------------------------------------------------------------------------------------


def is_hidden_case(node: ast.AST) -> bool:
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    for decorator in node.decorator_list:
        if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", "") == "test_case":
            for keyword in decorator.keywords:
                if keyword.arg == "hidden":
                    if not isinstance(keyword.value, ast.Constant):
                        raise BuildError("hidden= must be a literal True or False")
                    return bool(keyword.value.value)
    return False


def public_tests(source: str, path: str = "<tests>") -> str:
    """Delete every hidden test case (and its decorator) from a test file's source.

    Module-level code stays, so hidden data must live inside hidden functions. The comment
    block just above a hidden case (blank lines between allowed) speaks of that case and
    goes with it. An import that only hidden cases used (such as ``reference``) is dropped
    as well.
    """
    tree = ast.parse(source, filename=path)
    lines = source.splitlines(keepends=True)
    drop: set[int] = set()
    for node in tree.body:
        if is_hidden_case(node):
            start = min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1
            above = start
            while above > 0 and not lines[above - 1].strip():
                above -= 1
            while above > 0 and lines[above - 1].startswith("#"):
                above -= 1
                start = above
            drop.update(range(start, node.end_lineno))
    kept = [line for i, line in enumerate(lines) if i not in drop]
    text = re.sub(r"\n{3,}", "\n\n\n", "".join(kept)).rstrip("\n") + "\n"
    tree = ast.parse(text, filename=path)
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    out = []
    for line in text.splitlines(keepends=True):
        match = re.match(r"^from (\S+) import (\w+(?:, \w+)*)\n$", line)
        if match:
            names = [n for n in match.group(2).split(", ") if n in used]
            if names:
                out.append(f"from {match.group(1)} import {', '.join(names)}\n")
            continue
        out.append(line)
    return "".join(out)


# --------------------------------------------------------------------------------------
# Notebooks
# --------------------------------------------------------------------------------------


def _setup_cell(assignment: Assignment) -> str:
    imports = "\n".join(f"import {m}" for m in assignment.modules)
    return (
        "# Set-up: run this cell first. Edits to the module(s) take effect without a restart.\n"
        "%load_ext autoreload\n"
        "%autoreload 2\n"
        "%matplotlib inline\n\n"
        "import numpy as np\n"
        "import matplotlib.pyplot as plt\n"
        "import otter\n\n"
        f"{imports}\n\n"
        'grader = otter.Notebook(tests_dir="tests")'
    )


def _export_cell(assignment: Assignment) -> str:
    names = [f"{m}.py" for m in assignment.modules]
    if assignment.is_project:
        names.append("weights.pt")  # the trained state_dict
    files = ", ".join(f'"{n}"' for n in names)
    return (
        "# Make the zip to upload to Gradescope: it holds this notebook and your module(s).\n"
        "# Save the notebook first (File > Save).\n"
        f"grader.export(files=[{files}], pdf=False)"
    )


def _deterministic_ids(nb: nbformat.NotebookNode, salt: str) -> None:
    for index, cell in enumerate(nb.cells):
        cell["id"] = hashlib.sha1(f"{salt}:{index}".encode()).hexdigest()[:12]


POINTS_TABLE = "{{points_table}}"


@dataclass(frozen=True)
class Cases:
    """The ``@test_case``s of one test file: how many are public and hidden, and their points."""

    public: int = 0
    hidden: int = 0
    public_points: float = 0.0
    hidden_points: float = 0.0

    @property
    def points(self) -> float:
        return self.public_points + self.hidden_points


def count_cases(test_file: Path) -> Cases:
    """Count the public and hidden ``@test_case``s of a test file and sum their ``points=``."""
    count = {False: 0, True: 0}
    points = {False: 0.0, True: 0.0}
    for node in ast.parse(test_file.read_text(encoding="utf-8")).body:
        for decorator in getattr(node, "decorator_list", []):
            if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", "") == "test_case":
                value = [k.value for k in decorator.keywords if k.arg == "points"]
                if not value or not isinstance(value[0], ast.Constant):
                    raise BuildError(f"{test_file}: every test_case needs a literal points=")
                hidden = is_hidden_case(node)
                count[hidden] += 1
                points[hidden] += float(value[0].value)
    return Cases(count[False], count[True], points[False], points[True])


@dataclass(frozen=True)
class QuestionRow:
    """One question as the notebook's points table and docs/index.md show it."""

    question: str
    topic: str
    grades: tuple[str, ...]
    cases: Cases | None  # None for a question graded by hand
    points: float

    @property
    def by_hand(self) -> bool:
        return self.cases is None


def question_rows(assignment: Assignment) -> list[QuestionRow]:
    """Every question, automatic ones first: topic and functions from assignment.yml, cases
    and points from the test files (``points:`` of assignment.yml for those graded by hand).
    The one source of the notebook's points table and of docs/index.md."""
    rows = []
    for question in [*assignment.questions, *assignment.manual]:
        topic = assignment.topics.get(question)
        if not topic:
            raise BuildError(f"{assignment.name}/assignment.yml: {question} has no topic")
        if question in assignment.manual:
            cases, points = None, assignment.manual[question]
        else:
            cases = count_cases(assignment.tests_dir / f"{question}.py")
            points = cases.points
        grades = assignment.grades.get(question, ())
        rows.append(QuestionRow(question, topic, grades, cases, points))
    return rows


def question_points(assignment: Assignment) -> dict[str, float]:
    """Points of every question: the tests' for automatic ones, assignment.yml's for
    those graded by hand."""
    return {row.question: row.points for row in question_rows(assignment)}


def points_table(assignment: Assignment) -> str:
    """The markdown table of questions, topics and points that a notebook shows where its
    source has the line ``{{points_table}}``. Topics come from assignment.yml (``topic:``),
    points from the test files, so the table cannot disagree with the grade."""
    questions = question_rows(assignment)
    rows = ["| question | topic | points |", "|---|---|---|"]
    for row in questions:
        by_hand = " (graded by hand)" if row.by_hand else ""
        rows.append(f"| {row.question} | {row.topic} | {row.points:g}{by_hand} |")
    automatic = sum(r.points for r in questions if not r.by_hand)
    manual = sum(assignment.manual.values())
    total = f"Total: {automatic + manual:g} points"
    if manual:
        total += f" ({automatic:g} graded by the tests, {manual:g} by hand)"
    return "\n".join(rows) + "\n\n" + total + "."


def _fill_points(source: str, assignment: Assignment) -> str:
    return (
        source.replace(POINTS_TABLE, points_table(assignment)) if POINTS_TABLE in source else source
    )


def notebook(assignment: Assignment, *, student: bool) -> nbformat.NotebookNode:
    """The assignment's notebook: the student's (written answers replaced, no outputs) or
    the instructor's (everything), with the generated set-up and export cells."""
    path = assignment.source_dir / "notebook.py"
    nb = jupytext.read(path, fmt="py:percent")
    cells = [nbformat.v4.new_code_cell(_setup_cell(assignment))]
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "solution" in tags:
            if not student:
                new_cell = (
                    nbformat.v4.new_code_cell
                    if cell.cell_type == "code"
                    else nbformat.v4.new_markdown_cell
                )
                cells.append(new_cell(cell.source))
            elif cell.cell_type == "markdown":
                cells.append(nbformat.v4.new_markdown_cell(ANSWER_PLACEHOLDER))
            else:
                cells.append(nbformat.v4.new_code_cell("# Your code here"))
            continue
        if cell.cell_type == "markdown":
            cells.append(nbformat.v4.new_markdown_cell(_fill_points(cell.source, assignment)))
        else:
            cells.append(nbformat.v4.new_code_cell(cell.source))
    if student:
        cells.append(nbformat.v4.new_code_cell(_export_cell(assignment)))
    out = nbformat.v4.new_notebook()
    out.cells = cells
    out.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    _deterministic_ids(out, assignment.name)
    nbformat.validate(out)
    return out


def notebook_text(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


# --------------------------------------------------------------------------------------
# The student release
# --------------------------------------------------------------------------------------


def release_files(assignment: Assignment) -> dict[str, str]:
    """Every file of the student release of ``assignment``: relative path -> text."""
    if assignment.is_project:
        from autograder.project.build import project_release_files

        return project_release_files(assignment)
    files: dict[str, str] = {}
    for module in assignment.modules:
        path = assignment.reference_path(module)
        files[f"{module}.py"] = make_stub(path.read_text(encoding="utf-8"), str(path))
    files[f"{assignment.name}.ipynb"] = notebook_text(notebook(assignment, student=True))
    for test in assignment.test_files():
        files[f"tests/{test.name}"] = public_tests(test.read_text(encoding="utf-8"), str(test))
    return files


def write_release(assignment: Assignment, out: Path | None = None) -> Path:
    """Write the release of ``assignment`` to ``assignments/<name>`` (or ``out``), removing
    anything the generator did not write."""
    out = out or assignment.release_dir
    if out.exists():
        shutil.rmtree(out)
    for rel, text in release_files(assignment).items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return out


# --------------------------------------------------------------------------------------
# Zips
# --------------------------------------------------------------------------------------


def _write_zip(path: Path, entries: dict[str, bytes], executable: set[str] = frozenset()) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            mode = 0o755 if name in executable else 0o644
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, entries[name])
    return path


def _package_files(package: str) -> dict[str, bytes]:
    """The Python files of a package and of its sub-packages (folders with __init__.py);
    data folders such as ``autograder/<assignment>/tests`` are left out."""
    base = ROOT / package
    files = {}
    for path in sorted(base.rglob("*.py")):
        rel = path.relative_to(base)
        if "__pycache__" in rel.parts:
            continue
        if all(
            (base.joinpath(*rel.parts[:i]) / "__init__.py").is_file()
            for i in range(1, len(rel.parts))
        ):
            files[f"{package}/{rel.as_posix()}"] = path.read_bytes()
    return files


def handout_readme(assignment: Assignment) -> str:
    """The README.md of a student handout: install, open, check, export and submit."""
    modules = ", ".join(f"`{m}.py`" for m in assignment.modules)
    questions = ", ".join(f"`{q}`" for q in assignment.questions)
    first = assignment.questions[0] if assignment.questions else "q1"
    cpu_torch = f"pip install torch --index-url {CPU_TORCH_INDEX}"
    manual = ""
    if assignment.manual:
        names = ", ".join(f"`{q}`" for q in assignment.manual)
        manual = (
            f"\nThe written answers ({names}) go in the notebook's answer cells; they are "
            "graded by hand.\n"
        )
    return f"""# {assignment.title}

Lecture: {assignment.lecture}

This folder holds everything you need:

- `{assignment.name}.ipynb`: the notebook that leads you through the assignment;
- {modules}: the module(s) whose stubs you complete (each `raise NotImplementedError`
  says which question it belongs to);
- `tests/`: the public tests of the questions {questions}.

## Install (once for the whole course)

Use Python 3.10 or newer, preferably in a virtual environment
(`python -m venv nnkit-env`, then activate it). Install the CPU build of PyTorch first:
on Linux and Windows a plain `pip install torch` brings the much larger CUDA build.

```sh
{cpu_torch}   # Linux, Windows
{"pip install torch":<{len(cpu_torch)}}   # macOS (CPU already)
pip install "{STUDENT_DISTRIBUTION}[jupyter]"
```

`{STUDENT_DISTRIBUTION}` is the course library (you import it as `nnkit`) with what the
notebooks and tests need; `[jupyter]` adds JupyterLab. Leave out `[jupyter]` if you
already have a Jupyter front end (such as VS Code with its Jupyter extension).

## Work

```sh
cd {assignment.name}
jupyter lab {assignment.name}.ipynb
```

Run the set-up cell first. Write your code in {modules} (edits take effect without
restarting the kernel), then check a question in the notebook:

```python
grader.check("{first}")
```

It runs the public tests of that question and says what is wrong: which quantity, its
shape or the worst entry, expected against received.
{manual}
## Submit

Save the notebook, then run its last cell, `grader.export(...)`. It writes a zip
holding the notebook and your module(s); upload that zip to Gradescope. Your grade also
uses hidden tests on inputs you have not seen, so passing the public tests is necessary
but not sufficient.
"""


def handout_entries(assignment: Assignment) -> dict[str, bytes]:
    """Files of a student handout, under the folder ``<name>/``: the generated student
    release (stub modules, student notebook, public tests) and its README.md."""
    entries = {
        f"{assignment.name}/{rel}": text.encode() for rel, text in release_files(assignment).items()
    }
    entries[f"{assignment.name}/README.md"] = handout_readme(assignment).encode()
    return entries


def build_handout(assignment: Assignment | str, out_dir: Path = DIST / "student") -> Path:
    """Write the student handout ``<out_dir>/<name>.zip`` and return its path."""
    if isinstance(assignment, str):
        assignment = load(assignment)
    return _write_zip(out_dir / f"{assignment.name}.zip", handout_entries(assignment))


def build_student_wheel(out_dir: Path = DIST / "student") -> Path:
    """Build the wheel of the course library (``nnkit/`` only, as pyproject.toml says) and
    return its path. setuptools' PEP 517 hook builds it, in a child process working in a
    scratch copy of pyproject.toml and nnkit/ (setuptools writes build/ and *.egg-info next
    to pyproject.toml; two builds must not race). Entry dates come from
    SOURCE_DATE_EPOCH, so the same sources give the same bytes."""
    out_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1704067200")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "src"
        source.mkdir()
        shutil.copy(ROOT / "pyproject.toml", source / "pyproject.toml")
        shutil.copytree(
            ROOT / "nnkit", source / "nnkit", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
        wheels = Path(tmp) / "wheels"
        wheels.mkdir()
        hook = f"from setuptools import build_meta; print(build_meta.build_wheel({str(wheels)!r}))"
        done = subprocess.run(
            [sys.executable, "-c", hook],
            cwd=source,
            check=True,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        built = wheels / done.stdout.strip().splitlines()[-1]
        target = out_dir / built.name
        shutil.copy(built, target)
    return target


SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image. Python packages come
# from PyPI, except torch's CPU build from PyTorch's own index: Gradescope's graders have
# no GPU, and on Linux a plain `pip install torch` brings the CUDA build and its NVIDIA
# libraries (several GB). The course library ships inside this zip.
set -euo pipefail
python3 -m pip --version >/dev/null 2>&1 || {
  apt-get update -qq && apt-get install -y -qq python3-pip >/dev/null
}
python3 -m pip install --quiet --upgrade pip
python3 -m pip install --quiet torch --index-url {cpu_index} || {
  echo "setup.sh: PyTorch's CPU index is unreachable; installing torch from PyPI" >&2
}
python3 -m pip install --quiet -r /autograder/source/requirements.txt
python3 -m pip install --quiet --no-deps /autograder/source/nnkit_src
""".replace("{cpu_index}", CPU_TORCH_INDEX)

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission: the hardened runner grades it and writes
# /autograder/results/results.json (NNKIT_AUTOGRADER_ROOT replaces /autograder in tests).
cd "${NNKIT_AUTOGRADER_ROOT:-/autograder}/source" && exec python3 -m autograder.runner --gradescope
"""

# What a Gradescope grader installs (setup.sh, after torch's CPU build): pyproject.toml's
# dependencies with its [grading] extra, where the extra's otter-grader pin replaces the
# range. Written out rather than read from pyproject.toml at import time (tomllib is not in
# Python 3.10); tests/test_dependencies.py fails when the two differ.
REQUIREMENTS = """numpy>=1.24
scipy>=1.10
matplotlib>=3.7
tqdm>=4.60
scikit-learn>=1.2
threadpoolctl>=3
mlxtend>=0.22
gensim>=4.3
mnist1d>=0.0.2
otter-grader[grading]==7.0.0
torch>=2.0
pyyaml>=6
pyseccomp>=0.1.2
"""


def autograder_entries(assignment: Assignment) -> tuple[dict[str, bytes], set[str]]:
    """Files of the Gradescope autograder zip (also what ``otter run -a`` reads)."""
    if assignment.is_project:
        from autograder.project.build import project_autograder_entries

        return project_autograder_entries(assignment)
    entries, executables = grading_entries(assignment)
    for module in assignment.modules:
        source = assignment.reference_path(module).read_bytes()
        # `otter run` copies files/ next to the submission, where nnkit.grading finds it;
        # the hardened runner reads reference/ from a directory the sandbox cannot read.
        entries[f"files/_reference/{assignment.name}/{module}.py"] = source
        entries[f"_reference/{assignment.name}/{module}.py"] = source
    return entries, executables


def grading_entries(
    assignment: Assignment, run_autograder: str = RUN_AUTOGRADER
) -> tuple[dict[str, bytes], set[str]]:
    """What every autograder zip holds, assignment's or project's: the Gradescope scripts,
    assignment.yml, the test files, the course library (importable, and as source to
    install) and the grader; with the names of the files to mark executable."""
    entries: dict[str, bytes] = {
        "setup.sh": SETUP_SH.encode(),
        "run_autograder": run_autograder.encode(),
        "requirements.txt": REQUIREMENTS.encode(),
        "otter_config.json": json.dumps({"lang": "python"}, indent=2).encode(),
        "assignment.yml": (assignment.source_dir / "assignment.yml").read_bytes(),
    }
    for test in assignment.test_files():
        entries[f"tests/{test.name}"] = test.read_bytes()
    for name, data in _package_files("nnkit").items():
        entries[f"nnkit_src/{name}"] = data
        entries[name] = data
    entries["nnkit_src/pyproject.toml"] = (ROOT / "pyproject.toml").read_bytes()
    for name, data in _package_files("autograder").items():
        entries[name] = data
    return entries, {"setup.sh", "run_autograder"}


def build_autograder_zip(assignment: Assignment | str, out_dir: Path = DIST) -> Path:
    """Write ``<out_dir>/<name>-autograder.zip`` and return its path."""
    if isinstance(assignment, str):
        assignment = load(assignment)
    entries, executable = autograder_entries(assignment)
    return _write_zip(out_dir / f"{assignment.name}-autograder.zip", entries, executable)


def export_submission(
    assignment: Assignment | str,
    modules: dict[str, str],
    out_path: Path,
    *,
    notebook_source: str | None = None,
) -> Path:
    """Make a submission zip the way the student notebook's export cell does.

    Runs otter's own ``Notebook.export`` on the student notebook and the given module
    sources, in a scratch folder laid out like the student's assignment folder. The export
    runs in a child process whose working folder is that scratch folder (otter writes
    relative paths), so several exports may run at once.
    """
    import subprocess
    import sys
    import tempfile

    if isinstance(assignment, str):
        assignment = load(assignment)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / assignment.name
        for rel, text in release_files(assignment).items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_text(text, encoding="utf-8")
        if notebook_source is not None:
            (folder / f"{assignment.name}.ipynb").write_text(notebook_source, encoding="utf-8")
        for module, source in modules.items():
            (folder / f"{module}.py").write_text(source, encoding="utf-8")
        notebook_name = f"{assignment.name}.ipynb"
        files = [f"{m}.py" for m in modules]
        script = (
            "import otter\n"
            f"grader = otter.Notebook(nb_path={notebook_name!r}, tests_dir='tests')\n"
            f"grader.export(nb_path={notebook_name!r}, export_path='submission.zip', "
            f"files={files!r}, pdf=False, display_link=False)\n"
        )
        subprocess.run(
            [sys.executable, "-c", script], cwd=folder, check=True, capture_output=True, timeout=300
        )
        out_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(folder / "submission.zip", out_path)
    return out_path


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def _selected(only: list[str] | None) -> list[Assignment]:
    everything = discover(projects=True)
    if not only:
        return everything
    chosen = [a for a in everything if a.name in only]
    missing = set(only) - {a.name for a in chosen}
    if missing:
        raise SystemExit(f"no such assignment: {', '.join(sorted(missing))}")
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m autograder.build",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("what", choices=["release", "zips", "handouts", "wheel", "all"])
    parser.add_argument("--only", nargs="*", help="assignment names (default: all)")
    parser.add_argument(
        "--out", type=Path, default=DIST, help="where zips go (handouts and wheel: OUT/student)"
    )
    args = parser.parse_args(argv)
    if args.what in ("wheel", "all"):
        print(f"wheel    {build_student_wheel(args.out / 'student')}")
    for assignment in _selected(args.only):
        if args.what in ("release", "all"):
            path = write_release(assignment)
            print(f"release  {assignment.name}: {path.relative_to(ROOT)}")
        if args.what in ("zips", "all"):
            path = build_autograder_zip(assignment, args.out)
            print(f"zip      {assignment.name}: {path}")
        if args.what in ("handouts", "all"):
            path = build_handout(assignment, args.out / "student")
            print(f"handout  {assignment.name}: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
