"""Grade trusted module objects in this process, with the same test files.

For the project's own checks of reference solutions, stubs and the banks of known-wrong
and alternative implementations: fast, no sandbox. Student submissions are graded by
``autograder.runner``, never by this.
"""

from __future__ import annotations

import ast
import importlib.util
import itertools
import sys
from pathlib import Path
from types import ModuleType

from otter.test_files import ExceptionTestFile

from autograder.assignments import Assignment
from autograder.runner.results import CaseResult, question_totals

_counter = itertools.count()


def load_test_file(path: Path) -> ExceptionTestFile:
    return ExceptionTestFile.from_file(str(path))


def module_from_source(name: str, source: str) -> ModuleType:
    """Import ``source`` as a fresh module (a private name in sys.modules, so several
    versions of one student module can live side by side)."""
    unique = f"_nnkit_graded_{name}_{next(_counter)}"
    spec = importlib.util.spec_from_loader(unique, loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__file__ = f"<{name}>"
    sys.modules[unique] = module
    exec(compile(source, f"<{name}.py>", "exec"), module.__dict__)
    return module


def grade_modules(
    assignment: Assignment,
    modules: dict[str, ModuleType],
    public_only: bool = False,
    questions: list[str] | None = None,
) -> list[CaseResult]:
    """Run the test cases of ``assignment`` with ``modules`` as the arguments: every case of
    every question, or only the public cases, or only those of ``questions``."""
    results = []
    for question in questions or assignment.questions:
        test_file = load_test_file(assignment.tests_dir / f"{question}.py")
        if public_only:
            test_file.test_cases = [tc for tc in test_file.test_cases if not tc.hidden]
        test_file.run(dict(modules))
        for case, result in zip(test_file.test_cases, test_file.test_case_results):
            points = float(case.points)
            score = points if result.passed else 0.0
            results.append(
                CaseResult(question, case.name, points, score, case.hidden, result.message)
            )
    return results


def scores(results: list[CaseResult]) -> dict[str, tuple[float, float]]:
    """Per question: (points earned, points possible)."""
    return question_totals(results)


def questions_using(assignment: Assignment, module: str) -> list[str]:
    """The questions with a test case that takes ``module`` (or the whole ``env``) as an
    argument. Student modules are self-contained (docs/authoring.md), so a change to
    ``module`` can change the results of these questions only."""
    out = []
    for question in assignment.questions:
        tree = ast.parse((assignment.tests_dir / f"{question}.py").read_text(encoding="utf-8"))
        params = {
            arg.arg
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.decorator_list
            for arg in node.args.args
        }
        if module in params or "env" in params:
            out.append(question)
    return out


def overlay_target(assignment: Assignment, overlay: str) -> str:
    """The module an overlay replaces names in: its ``MODULE = "..."`` line, or the
    assignment's first module."""
    target = assignment.modules[0]
    for node in ast.parse(overlay).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "MODULE":
            target = ast.literal_eval(node.value)
    return target


def overlay_source(reference: str, overlay: str) -> str:
    """A bank or sample file applied to the reference: its definitions replace the
    reference's (docs/authoring.md)."""
    return reference.rstrip("\n") + "\n\n\n# --- overlay ---\n" + overlay


def reference_sources(assignment: Assignment) -> dict[str, str]:
    """The reference module sources of ``assignment``: module name -> source."""
    return {m: assignment.reference_path(m).read_text(encoding="utf-8") for m in assignment.modules}


def apply_overlay(assignment: Assignment, overlay: str) -> dict[str, str]:
    """The reference modules with ``overlay`` applied to the module it names in a
    ``MODULE = "..."`` line (default: the assignment's first module)."""
    target = overlay_target(assignment, overlay)
    sources = reference_sources(assignment)
    if target not in sources:
        raise ValueError(f"overlay names module {target!r}, not one of {assignment.modules}")
    sources[target] = overlay_source(sources[target], overlay)
    return sources
