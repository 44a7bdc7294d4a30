"""The projects' public checks as data, like the assignments' questions: each has a topic
and the functions it grades (assignment.yml), those are functions of the reference
modules that the check's test file looks up on the student module, and docs/index.md
lists them with the grade on hidden data. Static: nothing is imported or run."""

from __future__ import annotations

import pytest
from test_index import calls_on_student, read, resolve

from autograder import index
from autograder.assignments import discover
from autograder.project.config import load_project

PROJECTS = [a for a in discover(projects=True) if a.is_project]


@pytest.mark.parametrize("project", PROJECTS, ids=lambda a: a.name)
def test_public_checks_say_what_they_grade(project):
    for question in project.questions:
        assert project.topics.get(question), f"{project.name}: {question} has no topic"
        entries = project.grades.get(question)
        assert entries, f"{project.name}/assignment.yml: no grades: list for {question}"
        source = read(project.tests_dir / f"{question}.py")
        for entry in entries:
            module, name = resolve(project, entry)
            assert calls_on_student(source, project.modules, name), (
                f"{project.name}/tests/{question}.py never looks up {entry} on {module}"
            )


@pytest.mark.parametrize("project", PROJECTS, ids=lambda a: a.name)
def test_index_lists_the_public_checks_and_the_hidden_grade(project):
    section = index.assignment_section(project)
    for question in project.questions:
        assert f"| {question} | {project.topics[question]} |" in section, section
    points = load_project(project.name).points
    assert f"Hidden evaluation: {points:g} points for" in section, section
    # the committed page (tests/test_index.py checks it is what the generator writes now)
    assert section in index.INDEX.read_text(encoding="utf-8"), "docs/index.md lacks it"
