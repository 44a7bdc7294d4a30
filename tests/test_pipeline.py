"""The generator's rules on small inputs: stubs, public test files, determinism."""

import ast

import pytest

from autograder.build import BuildError, make_stub, public_tests, strip_solutions

REFERENCE = '''def f(x):
    """Doc."""
    # BEGIN SOLUTION q1: double x
    y = 2 * x
    return y
    # END SOLUTION


class A:
    def g(self):
        # BEGIN SOLUTION q2: return one
        return 1
        # END SOLUTION
'''


def test_stub_replaces_regions_and_keeps_signatures():
    stub = make_stub(REFERENCE)
    assert "2 * x" not in stub and "return 1" not in stub
    assert 'raise NotImplementedError("q1: double x")' in stub
    assert '        raise NotImplementedError("q2: return one")' in stub
    assert '"""Doc."""' in stub
    namespace = {}
    exec(stub, namespace)
    with pytest.raises(NotImplementedError, match="q1: double x"):
        namespace["f"](3)


def test_strip_solutions_keeps_code_and_drops_markers():
    stripped = strip_solutions(REFERENCE)
    assert "SOLUTION" not in stripped
    namespace = {}
    exec(stripped, namespace)
    assert namespace["f"](3) == 6 and namespace["A"]().g() == 1


@pytest.mark.parametrize(
    "bad, why",
    [
        ("def f():\n    # BEGIN SOLUTION q1: a\n    return 1\n", "never ends"),
        ("def f():\n    return 1\n    # END SOLUTION\n", "without BEGIN"),
        ("def f():\n    # BEGIN SOLUTION\n    return 1\n    # END SOLUTION\n", "qK"),
        ("def f():\n    # BEGIN SOLUTION q1: a\n    # BEGIN SOLUTION q1: b\n", "inside"),
    ],
)
def test_malformed_regions_are_refused(bad, why):
    with pytest.raises(BuildError, match=why):
        make_stub(bad)


TESTS = """from otter.test_files import test_case

from nnkit.grading import reference

OK_FORMAT = False
name = "q1"


@test_case(points=1, hidden=False)
def test_public(m):
    assert m.f(1) == 2


# the hidden case checks f(5) against the reference


@test_case(points=2, hidden=True)
def test_hidden(m):
    ref = reference("a", "m")
    assert m.f(5) == ref.f(5)


@test_case(points=1)
def test_default_public(m):
    assert m.f(0) == 0
"""


def test_public_tests_drop_hidden_cases_and_their_imports():
    public = public_tests(TESTS)
    tree = ast.parse(public)
    names = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert names == ["test_public", "test_default_public"]
    assert "reference" not in public and "hidden=True" not in public
    assert "m.f(5)" not in public and "f(5)" not in public, "nor the comment above it"
    assert public.count("\n\n\n\n") == 0


def test_public_tests_keep_only_the_imported_names_public_cases_use():
    source = (
        "from nnkit.given import course_copy, with_submitted\n"
        "from nnkit.grading import reference\n"
        "from otter.test_files import test_case\n\n\n"
        "@test_case(points=1, hidden=False)\n"
        "def test_public(m):\n"
        "    assert course_copy('a', 'm', 'f', m)() == 1\n\n\n"
        "@test_case(points=1, hidden=True)\n"
        "def test_hidden(m):\n"
        "    assert with_submitted(reference('a', 'm').f, m, 'g')() == 1\n"
    )
    public = public_tests(source)
    assert "from nnkit.given import course_copy\n" in public
    assert "reference" not in public and "with_submitted" not in public
    assert "from otter.test_files import test_case\n" in public


def test_public_tests_refuse_computed_hidden_flag():
    with pytest.raises(BuildError):
        public_tests(TESTS.replace("hidden=True", "hidden=bool(1)"))


def test_every_cited_design_decision_is_written_down():
    """Code cites "design decision N"; docs/design.md has a section for each N."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    cited = set()
    for folder in ("nnkit", "autograder", "tests", "solutions", "benchmarks"):
        for path in (root / folder).rglob("*.py"):
            cited |= set(re.findall(r"[Dd]esign decision (\d+)", path.read_text(encoding="utf-8")))
    written = set(re.findall(r"^## (\d+)\. ", (root / "docs" / "design.md").read_text(), re.M))
    assert cited, "no citation found: the scan looks in the wrong places"
    assert cited <= written, f"cited but not in docs/design.md: {sorted(cited - written)}"


def test_score_table_names_each_assignments_own_questions():
    """Each score sits under its own question's name: a header opens every run of rows
    whose questions differ from the rows above (a4 has no q4; a project ends with its
    hidden evaluation)."""
    from autograder.course import format_table

    rows = [
        ("a1", "reference", {"q1": (4, 4), "q4": (5, 5)}, 1.0),
        ("a1", "stub", {"q1": (0, 4), "q4": (0, 5)}, 1.0),
        ("a4", "reference", {"q1": (7, 7), "q5": (5, 5), "q9": (4, 4)}, 1.0),
        ("p1", "starter", {"q1": (2, 2), "evaluation": (0, 90)}, 1.0),
    ]
    lines = format_table(rows).splitlines()
    headers = [i for i, text in enumerate(lines) if text.startswith("assignment")]
    assert len(headers) == 3, lines
    for i, text in enumerate(lines):
        if not text.startswith(("a1 ", "a4 ", "p1 ")):
            continue
        header = lines[max(h for h in headers if h < i)]
        name, sample = text.split()[:2]
        (scores,) = [r[2] for r in rows if r[0] == name and r[1] == sample]
        for question, (got, most) in scores.items():
            cell = f"{got:g}/{most:g}"
            end = text.index(cell) + len(cell)
            assert header[:end].rstrip().endswith(question), (question, header, text)
