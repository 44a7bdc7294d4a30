"""Checks of what a student reads: no answer spelled out, every promised figure shown.

Shared by tests/test_teaching.py (static checks) and tests/test_end_to_end.py (which
executes each instructor notebook once and counts its figures).
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize

from autograder.build import _BEGIN, _END

# A fragment shorter than this (without spaces) is too generic to be an answer: `x > 0`.
MIN_FRAGMENT = 7


def _squeeze(text: str) -> str:
    """Drop whitespace and markdown backticks, so `dx = dout @ w.T` matches dx=dout@w.T."""
    return re.sub(r"[\s`]+", "", text)


def region_lines(source: str) -> list[tuple[int, int, str]]:
    """(first line, last line, message) of every solution region, lines 1-based, inclusive
    of the code between the markers."""
    regions, start, text = [], None, ""
    for number, line in enumerate(source.splitlines(), start=1):
        begin = _BEGIN.match(line)
        if begin:
            start, text = number + 1, (begin.group("text") or "")
        elif _END.match(line) and start is not None:
            regions.append((start, number - 1, text))
            start = None
    return regions


# A documented random draw is part of the contract, not of the answer: the tests replay it.
_PROTOCOL = re.compile(r"default_rng|\.permutation\(|\.standard_normal\(|\.random\(|\.integers\(")


_OPERATIONS = (ast.BinOp, ast.Call, ast.Compare, ast.BoolOp, ast.UnaryOp, ast.comprehension)


def _computes(node: ast.AST | None) -> bool:
    """Whether an expression computes something (a bare name, a tuple of names or an
    index such as ``dout[n, f, i, j]`` is the contract's vocabulary, not an answer)."""
    return node is not None and any(isinstance(n, _OPERATIONS) for n in ast.walk(node))


# Calls that only change a value's layout or type: `(dout2 @ cols.T).reshape(w.shape)`
# gives away `dout2 @ cols.T` as much as the whole expression does.
_LAYOUT_METHODS = {"reshape", "astype", "copy", "transpose", "ravel", "flatten", "item"}
_LAYOUT_FUNCTIONS = {"float", "int", "asarray", "array", "ascontiguousarray"}


def _unwrapped(node: ast.AST) -> ast.AST | None:
    """The value inside a layout-only call, or None."""
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in _LAYOUT_METHODS:
            return func.value
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in _LAYOUT_FUNCTIONS and node.args:
            return node.args[0]
    return None


def solution_fragments(source: str) -> set[str]:
    """What of a solution region would be an answer if a student read it: every simple
    statement, the value it assigns or returns, and each element of a returned tuple, as
    code with its spaces removed. (Sub-expressions are left alone: the specification may
    name the window ``i*stride`` or the update ``1 - momentum`` that the code also uses.)"""
    tree = ast.parse(source)
    spans = [(a, b) for a, b, _ in region_lines(source)]
    fragments: set[str] = set()
    for node in ast.walk(tree):
        line = getattr(node, "lineno", None)
        if line is None or not any(a <= line <= b for a, b in spans):
            continue
        values: list[ast.AST] = []
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            fragments.add(_squeeze(ast.unparse(node)))
            values.append(node.value)
        elif isinstance(node, ast.Return | ast.Expr) and node.value is not None:
            values.append(node.value)
            if isinstance(node.value, ast.Tuple):
                values.extend(node.value.elts)
        for value in values:
            while value is not None and _computes(value):
                fragments.add(_squeeze(ast.unparse(value)))
                value = _unwrapped(value)
        if values and isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            if not _computes(node.value):
                fragments.discard(_squeeze(ast.unparse(node)))
    return {f for f in fragments if len(f) >= MIN_FRAGMENT and not _PROTOCOL.search(f)}


def student_text(stub_source: str) -> list[tuple[str, str]]:
    """(where, text) of what a stub says in words: docstrings, comments, NotImplementedError
    messages."""
    tree = ast.parse(stub_source)
    texts = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                texts.append((f"docstring of {getattr(node, 'name', 'the module')}", doc))
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            for arg in node.exc.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    texts.append((f"message at line {node.lineno}", arg.value))
    for token in tokenize.generate_tokens(io.StringIO(stub_source).readline):
        if token.type == tokenize.COMMENT:
            texts.append((f"comment at line {token.start[0]}", token.string))
    return texts


def string_constants(source: str) -> list[tuple[str, str]]:
    """(where, text) of every string in a test file: a failed check shows its hints and
    messages to the student (public cases at once, hidden ones once grades are published).
    An f-string gives its literal parts, one by one."""
    return [
        (f"string at line {node.lineno}", node.value)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


# A call of one function on plain names, `affine_backward(dout,cache)`: how a test names
# the call it checks, the contract's vocabulary rather than an answer.
_PLAIN_CALL = re.compile(r"\w+\((\w+,)*\w*\)")


def leaks(
    reference_source: str, texts: list[tuple[str, str]], plain_calls: bool = True
) -> list[str]:
    """Each solution fragment of ``reference_source`` found verbatim in one of ``texts``
    (``plain_calls=False``: leaving out calls of one function on plain names)."""
    fragments = solution_fragments(reference_source)
    if not plain_calls:
        fragments = {f for f in fragments if not _PLAIN_CALL.fullmatch(f)}
    found = []
    for where, text in texts:
        squeezed = _squeeze(text)
        for fragment in sorted(fragments):
            if fragment in squeezed:
                found.append(f"{where} contains the solution's `{fragment}`")
    return found


# --------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------

# Calls that make a new figure. nnkit.plot's helpers make one unless given ``ax=``.
_FIGURE_CALLS = {"subplots", "figure", "subplot_mosaic"}
_PLOT_HELPERS = {"decision_boundary", "training_curves", "image_grid"}


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def promised_figures(cell_source: str) -> int:
    """How many figures a code cell promises: one per call that makes a new figure
    (``plt.subplots``, ``plt.figure``, an nnkit.plot helper without ``ax=``)."""
    lines = [line for line in cell_source.splitlines() if not line.lstrip().startswith("%")]
    tree = ast.parse("\n".join(lines))
    count = 0
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        if name in _FIGURE_CALLS and isinstance(node.func, ast.Attribute):
            count += getattr(node.func.value, "id", "") == "plt"
        elif name in _PLOT_HELPERS and not any(k.arg == "ax" for k in node.keywords):
            count += 1
    return count


_STRAY_REPR = re.compile(r"^(Text\(|<matplotlib\.|\[<matplotlib\.|<Figure size)")


def figure_problems(nb: dict) -> list[str]:
    """What is wrong with the figures of an executed notebook (nbformat JSON as a dict):
    a cell with fewer images than it promises, a stray matplotlib repr such as
    ``Text(0.5, 1.0, '...')`` instead of a figure, a progress-bar widget that a static
    view shows as 0%."""
    problems = []
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        outputs = cell.get("outputs", [])
        images = sum("image/png" in o.get("data", {}) for o in outputs)
        promised = promised_figures(source)
        first_line = source.strip().splitlines()[0] if source.strip() else ""
        if images < promised:
            problems.append(
                f"cell {index} ({first_line[:60]!r}) promises {promised} figure(s), shows {images}"
            )
        for output in outputs:
            data = output.get("data", {})
            text = "".join(data.get("text/plain", ""))
            if "image/png" not in data and _STRAY_REPR.match(text):
                problems.append(f"cell {index} ({first_line[:60]!r}) prints {text[:60]!r}")
            if "application/vnd.jupyter.widget-view+json" in data:
                problems.append(
                    f"cell {index} ({first_line[:60]!r}) shows a widget (a static view shows "
                    f"{json.dumps(text[:40])})"
                )
    return problems


# --------------------------------------------------------------------------------------
# The student notebook run with the stubs
# --------------------------------------------------------------------------------------


def errors_with_stubs(assignment, folder) -> list[tuple[int, str, str]]:
    """Execute the student notebook next to the generated stubs, going on after errors;
    return (cell, exception name, message) of every error (the export cell is left out).

    A student who has not finished a question should see that question's
    NotImplementedError, never a NameError left behind by an earlier failed cell.
    """
    import os
    import sys

    import nbformat
    from nbclient import NotebookClient

    from autograder.build import release_files

    for rel, text in release_files(assignment).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    nb = nbformat.read(folder / f"{assignment.name}.ipynb", as_version=4)
    nb.cells = nb.cells[:-1]
    # as autograder.notebooks.execute does, but going on after a failed cell
    path = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(folder)}},
    )
    client.execute(env=dict(os.environ, PATH=path))
    return [
        (index, output["ename"], output["evalue"])
        for index, cell in enumerate(nb.cells)
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
