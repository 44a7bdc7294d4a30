"""Questions as data: each question's ``grades:`` list agrees with the code, and
docs/index.md is what ``python -m autograder.index`` writes now.

- every function a question grades exists in a reference module and has a solution region;
- every function with a solution region is graded by a question, among them the question
  its region names (``# BEGIN SOLUTION qK: ...``);
- the question's test file looks the function up on the student module it takes as a
  parameter (``module.name``, ``getattr(module, ...)`` or a helper given the module and the
  name), not only on the reference.

All static: the sources are parsed, nothing is imported or run.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import itertools
import re

import pytest

from autograder import index
from autograder.assignments import Assignment
from autograder.build import _BEGIN, question_rows


@functools.cache
def parsed(source: str) -> ast.Module:
    """The syntax tree of a source (each file is read by several checks)."""
    return ast.parse(source)


@functools.cache
def read(path) -> str:
    return path.read_text(encoding="utf-8")


def solution_functions(source: str) -> dict[str, set[str]]:
    """Functions and methods (``name``, ``Class.method``) holding a solution region, each
    with the questions its regions name."""
    spans = []

    def walk(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = prefix + child.name
                if not isinstance(child, ast.ClassDef):
                    spans.append((child.lineno, child.end_lineno, name))
                walk(child, name + ".")

    walk(parsed(source), "")
    found: dict[str, set[str]] = {}
    for number, line in enumerate(source.splitlines(), start=1):
        begin = _BEGIN.match(line)
        if begin:
            inside = [s for s in spans if s[0] <= number <= s[1]]
            assert inside, f"line {number}: a solution region outside any function"
            innermost = min(inside, key=lambda s: s[1] - s[0])[2]
            found.setdefault(innermost, set()).add((begin.group("text") or "").split(":")[0])
    return found


def regions(assignment: Assignment) -> dict[tuple[str, str], set[str]]:
    """(module, function) -> questions named by its regions, over the reference modules."""
    return {
        (module, name): questions
        for module in assignment.modules
        for name, questions in solution_functions(read(assignment.reference_path(module))).items()
    }


def resolve(assignment: Assignment, entry: str) -> tuple[str, str]:
    """The (module, function) a ``grades:`` entry of ``assignment`` names."""
    sources = {m: read(assignment.reference_path(m)) for m in assignment.modules}
    return resolve_in(sources, entry, assignment.name)


def resolve_in(sources: dict[str, str], entry: str, where: str = "") -> tuple[str, str]:
    """The (module, function) that ``entry`` names among the modules' ``sources``:
    ``name``, ``Class.method``, or either prefixed by ``module.``. Fails when it names no
    function or, without a module, a function of several modules."""
    head, _, rest = entry.partition(".")
    qualified = head in sources and bool(rest)
    name = rest if qualified else entry
    defined = [
        module
        for module in ([head] if qualified else list(sources))
        if name
        in {
            f"{c.name}.{f.name}" if c is not None else f.name
            for c, f in _definitions(parsed(sources[module]))
        }
    ]
    assert defined, f"{where}: grades: {entry} is not a function of {sorted(sources)}"
    assert len(defined) == 1, f"{where}: {entry} is in {defined}: write <module>.{name}"
    return defined[0], name


def _definitions(tree: ast.Module):
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield None, node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    yield node, item


@functools.cache
def student_lookups(source: str, modules: tuple[str, ...]) -> set[str]:
    """Attribute names a test file looks up on a student module. The student modules are
    the names of the assignment's modules (the test cases' parameters) and, following the
    calls, the parameters of the file's own helpers that receive one.

    A name looked up by ``getattr`` is what its expression can spell: a string; an
    f-string with its fields so filled; a helper's parameter, what the file's calls of the
    helper pass there; any other expression (a loop variable), any string of the file.
    """
    tree = parsed(source)
    strings = {
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }
    helpers = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    enclosing: dict[ast.AST, ast.FunctionDef] = {}
    for helper in sorted(helpers.values(), key=lambda f: f.lineno - f.end_lineno):
        enclosing.update({node: helper for node in ast.walk(helper)})  # innermost last
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    student = set(modules)

    def is_student(node: ast.AST) -> bool:
        return isinstance(node, ast.Name) and node.id in student

    def bound(call: ast.Call, helper: ast.FunctionDef) -> list[tuple[str, ast.AST]]:
        params = [a.arg for a in helper.args.args]
        return list(zip(params, call.args)) + [(k.arg, k.value) for k in call.keywords if k.arg]

    def spelled(node: ast.AST, depth: int = 0) -> set[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        if isinstance(node, ast.JoinedStr):
            parts = [
                [v.value] if isinstance(v, ast.Constant) else sorted(spelled(v.value, depth))
                for v in node.values
            ]
            return {"".join(p) for p in itertools.product(*parts)}
        helper = enclosing.get(node)
        if isinstance(node, ast.Name) and helper and depth < 5:
            if node.id in {a.arg for a in helper.args.args}:
                return {
                    name
                    for call in calls
                    if getattr(call.func, "id", "") == helper.name
                    for param, value in bound(call, helper)
                    if param == node.id
                    for name in spelled(value, depth + 1)
                }
        return set(strings)

    grown = True
    while grown:
        grown = False
        for call in calls:
            helper = helpers.get(getattr(call.func, "id", ""))
            for param, value in bound(call, helper) if helper else []:
                if is_student(value) and param not in student:
                    student.add(param)
                    grown = True
    found = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute) and is_student(n.value)}
    for call in calls:
        if getattr(call.func, "id", "") == "getattr" and call.args and is_student(call.args[0]):
            found |= spelled(call.args[1])
        elif getattr(call.func, "id", "") not in helpers and any(map(is_student, call.args)):
            # a library helper given the module and a name (nnkit.optimcheck's checks)
            found |= {
                a.value
                for a in [*call.args, *(k.value for k in call.keywords)]
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            }
    return found


def calls_on_student(source: str, modules: tuple[str, ...], function: str) -> bool:
    """Whether a test file reaches ``function`` (``name`` or ``Class.method``) through a
    student module: the class is looked up on the module, the method on anything."""
    lookups = student_lookups(source, modules)
    owner, _, method = function.rpartition(".")
    if not owner:
        return function in lookups
    attributes = {n.attr for n in ast.walk(parsed(source)) if isinstance(n, ast.Attribute)}
    return owner in lookups and method in attributes


# --------------------------------------------------------------------------------------
# The checks, per assignment
# --------------------------------------------------------------------------------------


def test_every_automatic_question_says_what_it_grades(assignment):
    empty = [q for q in assignment.questions if not assignment.grades.get(q)]
    assert not empty, f"{assignment.name}/assignment.yml: no grades: list for {empty}"


def test_graded_functions_exist_and_have_a_solution_region(assignment):
    found = regions(assignment)
    for question, entries in assignment.grades.items():
        for entry in entries:
            module, name = resolve(assignment, entry)
            assert (module, name) in found, (
                f"{assignment.name} {question} grades {entry}, which has no solution region "
                f"in {module}.py"
            )


def test_every_solution_region_is_graded_by_its_question(assignment):
    graded: dict[tuple[str, str], set[str]] = {}
    for question, entries in assignment.grades.items():
        for entry in entries:
            graded.setdefault(resolve(assignment, entry), set()).add(question)
    for (module, name), questions in regions(assignment).items():
        by = graded.get((module, name), set())
        assert by, (
            f"{assignment.name}: {module}.{name} has a solution region; no question grades it"
        )
        assert questions <= by, (
            f"{assignment.name}: the region of {module}.{name} names {sorted(questions)}, but "
            f"only {sorted(by)} grade it in assignment.yml"
        )


def test_each_test_file_calls_what_its_question_grades(assignment):
    for question, entries in assignment.grades.items():
        source = read(assignment.tests_dir / f"{question}.py")
        missing = [
            entry
            for entry in entries
            if not calls_on_student(source, assignment.modules, resolve(assignment, entry)[1])
        ]
        assert not missing, (
            f"{assignment.name}/tests/{question}.py never looks up {missing} on the student module"
        )


# --------------------------------------------------------------------------------------
# The static analysis, on small inputs
# --------------------------------------------------------------------------------------

TEST_FILE = """
from nnkit.optimcheck import check_against_torch
ACTIVATIONS = ("relu", "tanh")

def check(module, fname):
    return getattr(module, fname)

@test_case(points=1, hidden=False)
def test_a(layers):
    layers.affine_forward(1)
    getattr(layers, f"{ACTIVATIONS[0]}_backward")
    check(layers, "softmax_loss")
    check_against_torch(layers, "adam", 1)
    net = layers.Net()
    net.loss(1)

@test_case(points=1, hidden=True)
def test_b(layers):
    ref = reference("a", "layers")
    ref.affine_backward(1)
    getattr(ref, "sgd")
"""


@pytest.mark.parametrize(
    ("function", "expected"),
    [
        ("affine_forward", True),  # module.name
        ("relu_backward", True),  # getattr with an f-string filled with the file's strings
        ("tanh_backward", True),
        ("softmax_loss", True),  # through a helper that receives the module
        ("adam", True),  # through a library helper given the module and the name
        ("Net.loss", True),  # a method of a class looked up on the module
        ("affine_backward", False),  # only on the reference
        ("sgd", False),  # only on the reference, by getattr
        ("Net.backward", False),  # the class, but never the method
        ("conv_forward", False),  # nowhere
    ],
)
def test_calls_on_student_sees_lookups_on_the_student_module_only(function, expected):
    assert calls_on_student(TEST_FILE, ("layers",), function) is expected


def test_solution_functions_names_methods_and_questions():
    source = (
        "def f(x):\n    # BEGIN SOLUTION q1: a\n    return x\n    # END SOLUTION\n\n"
        "class C:\n    def m(self):\n        # BEGIN SOLUTION q2: b\n        return 1\n"
        "        # END SOLUTION\n\n"
        "def given(x):\n    return x\n"
    )
    assert solution_functions(source) == {"f": {"q1"}, "C.m": {"q2"}}


def test_resolve_names_a_function_of_one_module():
    sources = {
        "mlp": "def train():\n    pass\nclass MLP:\n    def loss(self):\n        pass\n",
        "approx": "def train():\n    pass\ndef fit():\n    pass\n",
    }
    assert resolve_in(sources, "fit") == ("approx", "fit")
    assert resolve_in(sources, "MLP.loss") == ("mlp", "MLP.loss")
    assert resolve_in(sources, "mlp.train") == ("mlp", "train")
    with pytest.raises(AssertionError, match="write <module>.train"):
        resolve_in(sources, "train")
    with pytest.raises(AssertionError, match="is not a function"):
        resolve_in(sources, "approx.loss")
    with pytest.raises(AssertionError, match="is not a function"):
        resolve_in(sources, "MLP.forward")


# --------------------------------------------------------------------------------------
# docs/index.md
# --------------------------------------------------------------------------------------


def test_index_is_up_to_date():
    problem = index.stale()
    assert problem is None, f"docs/index.md is stale: run `make index`\n{problem}"


def test_index_staleness_is_detected(tmp_path):
    first = index.discover()[:1]
    copy = tmp_path / "index.md"
    text = index.render(first)
    copy.write_text(text, encoding="utf-8")
    assert index.stale(copy, first) is None
    # a hand edit of the page
    row = next(line for line in text.splitlines() if line.startswith("| q1 |"))
    copy.write_text(text.replace(row, row.replace("| q1 |", "| q1 (edited) |")), "utf-8")
    assert "q1 (edited)" in (index.stale(copy, first) or "")
    # a change of the facts, here a question's grades: the page written before is stale
    copy.write_text(text, encoding="utf-8")
    changed = dataclasses.replace(first[0], grades={**first[0].grades, "q1": ("other",)})
    assert "`other`" in (index.stale(copy, [changed]) or "")
    assert index.stale(tmp_path / "missing.md", first)


def test_counted_cases_agree_with_a_plain_count(assignment):
    """The index's counts (from the parsed test files) are the decorators a plain reading
    of the source finds."""
    for row in question_rows(assignment):
        if row.cases is None:
            continue
        source = read(assignment.tests_dir / f"{row.question}.py")
        total = len(re.findall(r"^@test_case\(", source, re.MULTILINE))
        hidden = len(re.findall(r"^@test_case\([^)]*hidden=True", source, re.MULTILINE))
        assert (row.cases.public, row.cases.hidden) == (total - hidden, hidden), row.question
