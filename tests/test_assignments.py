"""Generic checks that every assignment must pass: what the test suite proves for each one."""

from __future__ import annotations

import ast
import re
import zipfile
from pathlib import Path

import pytest
from conftest import ASSIGNMENTS, bank_files, declared_losses
from public_catch import GOAL, caught_publicly

from autograder.build import (
    autograder_entries,
    build_autograder_zip,
    is_hidden_case,
    make_stub,
    public_tests,
    release_files,
)
from autograder.inprocess import (
    apply_overlay,
    grade_modules,
    module_from_source,
    overlay_target,
    questions_using,
    reference_sources,
    scores,
)

FORBIDDEN_IN_RELEASE = (
    "BEGIN SOLUTION",
    "END SOLUTION",
    "hidden=True",
    "_reference",
    "nnkit.grading",
)


def _grade_sources(assignment, sources):
    modules = {m: module_from_source(m, src) for m, src in sources.items()}
    return scores(grade_modules(assignment, modules))


def test_release_is_up_to_date(assignment):
    expected = release_files(assignment)
    on_disk = {
        p.relative_to(assignment.release_dir).as_posix(): p.read_text(encoding="utf-8")
        for p in assignment.release_dir.rglob("*")
        if p.is_file()
    }
    stale = sorted(k for k in expected.keys() | on_disk.keys() if expected.get(k) != on_disk.get(k))
    assert not stale, f"assignments/{assignment.name} is stale: {stale}; run `make release`"


def test_generation_is_deterministic(assignment, tmp_path):
    assert release_files(assignment) == release_files(assignment)
    first = build_autograder_zip(assignment, tmp_path / "a").read_bytes()
    second = build_autograder_zip(assignment, tmp_path / "b").read_bytes()
    assert first == second


def solution_lines(assignment) -> list[str]:
    """The code lines (stripped, longer than 24 characters) of every solution region of the
    assignment's reference modules: none may reach anything a student receives."""
    lines = []
    for module in assignment.modules:
        source = assignment.reference_path(module).read_text(encoding="utf-8")
        inside = False
        for line in source.splitlines():
            if "# BEGIN SOLUTION" in line:
                inside = True
            elif "# END SOLUTION" in line:
                inside = False
            elif inside and len(line.strip()) > 24 and not line.strip().startswith("#"):
                lines.append(line.strip())
    return lines


def hidden_case_names(assignment) -> list[str]:
    """The function names of the assignment's hidden test cases."""
    names = []
    for test in assignment.test_files():
        tree = ast.parse(test.read_text(encoding="utf-8"))
        names += [node.name for node in tree.body if is_hidden_case(node)]
    return names


def release_leaks(assignment, files: dict[str, str], forbidden=FORBIDDEN_IN_RELEASE) -> list[str]:
    """What of the assignment's answers ``files`` (path -> text) give away: forbidden
    markers, lines of solution regions, hidden cases (by name). Empty when nothing leaks."""
    leaks = [
        f"{marker!r} in {rel}"
        for rel, text in files.items()
        for marker in forbidden
        if marker in text
    ]
    released = "\n".join(files.values())
    leaks += [f"solution line: {line}" for line in solution_lines(assignment) if line in released]
    leaks += [
        f"hidden case {name}"
        for name in hidden_case_names(assignment)
        if re.search(rf"\b{re.escape(name)}\b", released)
    ]
    return leaks


def test_release_contains_no_solution_and_no_hidden_test(assignment):
    leaks = release_leaks(assignment, release_files(assignment))
    assert not leaks, f"the release of {assignment.name} gives away: {leaks}"


def test_every_question_has_public_and_hidden_cases(assignment):
    for test in assignment.test_files():
        source = test.read_text(encoding="utf-8")
        assert "hidden=True" in source, f"{test.name} has no hidden case"
        public = public_tests(source)
        assert "@test_case" in public, f"{test.name} has no public case"
        assert "reference(" not in public, f"a public case of {test.name} uses the reference"


def test_reference_earns_full_marks(assignment):
    for question, (got, total) in _grade_sources(assignment, reference_sources(assignment)).items():
        assert total > 0, f"{question} is worth no points"
        assert got == total, f"reference earns {got}/{total} on {question}"


def test_stub_earns_zero(assignment):
    stubs = {m: make_stub(src) for m, src in reference_sources(assignment).items()}
    for question, (got, total) in _grade_sources(assignment, stubs).items():
        assert got == 0, f"the stub earns {got}/{total} on {question}"


def test_samples_lose_what_they_declare(assignment):
    """The bundled samples (graded by `make` for the score table) lose exactly the
    questions they declare; a1's go through the Gradescope layout too (test_gradescope)."""
    for name in assignment.samples:
        path = assignment.source_dir / "samples" / f"{name}.py"
        loses = declared_losses(path)
        assert loses, f"{name} declares no loss: a sample shows partial credit"
        sources = apply_overlay(assignment, path.read_text(encoding="utf-8"))
        for question, (got, total) in _grade_sources(assignment, sources).items():
            if question in loses:
                assert got < total, f"{name} keeps full marks on {question}"
            else:
                assert got == total, f"{name} loses {total - got} points on {question}"


def test_bank_is_large_enough(assignment):
    for question in assignment.questions:
        wrong = [p for p in bank_files(assignment, "wrong_") if question in declared_losses(p)]
        assert len(wrong) >= 5, f"{question}: {len(wrong)} known-wrong implementations, need 5"
    assert len(bank_files(assignment, "alt_")) >= 2


BANK = [(a, p) for a in ASSIGNMENTS for p in bank_files(a)]


@pytest.mark.parametrize("assignment, path", BANK, ids=[f"{a.name}/{p.stem}" for a, p in BANK])
def test_bank_entry_is_graded_as_declared(assignment, path):
    """Known-wrong implementations lose the points of the questions they break, and only
    those (isolation of credit); valid alternatives keep full marks."""
    loses = declared_losses(path)
    assert path.stem.startswith("alt_") == (loses == []), "alt_ files lose nothing, wrong_ do"
    overlay = path.read_text(encoding="utf-8")
    # questions whose tests never receive the changed module give the reference's results,
    # which test_reference_earns_full_marks proves: only the others are graded again
    affected = questions_using(assignment, overlay_target(assignment, overlay))
    assert set(loses) <= set(affected), f"{path.name} declares losses its module cannot cause"
    modules = {
        m: module_from_source(m, src) for m, src in apply_overlay(assignment, overlay).items()
    }
    result = scores(grade_modules(assignment, modules, questions=affected))
    for question, (got, total) in result.items():
        if question in loses:
            assert got < total, f"{path.name} keeps full marks on {question}"
        else:
            assert got == total, f"{path.name} loses {total - got} points on {question}"


def test_autograder_zip_layout(assignment, tmp_path):
    entries, executable = autograder_entries(assignment)
    assert {"setup.sh", "run_autograder", "requirements.txt"} <= set(entries)
    assert {"setup.sh", "run_autograder"} == executable
    setup = entries["setup.sh"].decode()
    assert "miniforge" not in setup.lower() and "conda" not in setup.lower()
    assert "curl" not in setup and "wget" not in setup
    for q in assignment.questions:
        assert f"tests/{q}.py" in entries
    path = build_autograder_zip(assignment, tmp_path)
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        assert sorted(zf.namelist()) == sorted(entries)


def test_setup_sh_installs_the_cpu_build_of_torch_first(tmp_path):
    """Gradescope's image gets torch's CPU build (no NVIDIA libraries) before the
    requirements, which then find torch installed; the pip calls are recorded by a stand-in
    python3 on PATH."""
    import os
    import subprocess

    from autograder.build import CPU_TORCH_INDEX, SETUP_SH

    log = tmp_path / "calls.txt"
    fake = tmp_path / "bin" / "python3"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\necho "$*" >> {log}\n')
    fake.chmod(0o755)
    script = tmp_path / "setup.sh"
    script.write_text(SETUP_SH)
    env = dict(os.environ, PATH=f"{fake.parent}:/usr/bin:/bin")
    subprocess.run(["bash", str(script)], check=True, env=env, capture_output=True)
    installs = [line for line in log.read_text().splitlines() if " install " in line]
    torch_at = next(i for i, line in enumerate(installs) if " torch " in f"{line} ")
    assert f"--index-url {CPU_TORCH_INDEX}" in installs[torch_at]
    assert CPU_TORCH_INDEX.endswith("/whl/cpu")
    requirements_at = next(i for i, line in enumerate(installs) if "-r " in line)
    assert torch_at < requirements_at


def test_public_cases_catch_most_wrong_entries(assignment):
    """A student should see that something is wrong before submitting: a public case fails
    on most known-wrong implementations (``tests/public_catch.py`` prints the figures)."""
    wrong = bank_files(assignment, "wrong_")
    missed = [p.stem for p in wrong if not caught_publicly(assignment, p)]
    share = 1 - len(missed) / len(wrong)
    assert share >= GOAL, (
        f"public cases catch {share:.0%} of {len(wrong)} wrong entries (goal {GOAL:.0%}); "
        f"hidden only: {missed}"
    )


ASSIGNMENT_ATTACKS = sorted((Path(__file__).parent / "adversarial" / "assignments").glob("*.py"))


@pytest.mark.parametrize("path", ASSIGNMENT_ATTACKS, ids=lambda p: p.stem)
def test_edited_given_code_earns_no_points(path):
    """A submission is a whole file: the given code in it is its author's to edit. An
    attack that edits given code so that a case passes without the graded functions
    (tests/adversarial/assignments/, named after its assignment's number: a8_...) earns
    exactly what its EARNS declares, and every question it does not name in full."""
    prefix = path.stem.split("_")[0]
    assignment = next(a for a in ASSIGNMENTS if a.name.split("_")[0] == prefix)
    source = path.read_text(encoding="utf-8")
    earns = ast.literal_eval(source.split("EARNS = ", 1)[1].splitlines()[0])
    affected = questions_using(assignment, overlay_target(assignment, source))
    modules = {
        m: module_from_source(m, src) for m, src in apply_overlay(assignment, source).items()
    }
    result = scores(grade_modules(assignment, modules, questions=affected))
    for question, (got, total) in result.items():
        assert got == earns.get(question, total), f"{path.stem}: {question} {got}/{total}"
