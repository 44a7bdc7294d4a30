"""What a student reads teaches without handing over the answer.

- No stub's docstring, comment or NotImplementedError message, and no markdown cell of
  the student notebook, contains a statement (or a non-trivial expression) of a solution
  region verbatim: they say what to compute and how to check it, not the code.
- Each notebook's table of points is generated from the test files and assignment.yml,
  never typed, so it cannot disagree with the grade.
- The figure counter used by tests/test_end_to_end.py counts what it should.
- The student notebook run with the stubs fails only with the stubs' NotImplementedError
  (a cell never needs a name that an earlier failed cell should have defined).
"""

from __future__ import annotations

import pytest
from otter.test_files import ExceptionTestFile
from teaching import (
    errors_with_stubs,
    figure_problems,
    leaks,
    promised_figures,
    solution_fragments,
)

from autograder.build import POINTS_TABLE, make_stub, notebook, question_points


def _markdown_cells(assignment) -> list[tuple[str, str]]:
    nb = notebook(assignment, student=True)
    return [
        (f"notebook markdown cell {i}", cell.source)
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "markdown"
    ]


def test_no_stub_or_notebook_text_spells_out_a_solution(assignment):
    from teaching import student_text

    found = []
    markdown = _markdown_cells(assignment)
    for module in assignment.modules:
        reference = assignment.reference_path(module).read_text(encoding="utf-8")
        stub = make_stub(reference)
        texts = [(f"{module}.py {where}", text) for where, text in student_text(stub)]
        found += leaks(reference, texts + markdown)
    assert not found, "\n".join(found)


def test_no_test_message_spells_out_a_solution(assignment):
    """A failed check shows its hints to the student (public cases before the deadline,
    hidden ones once grades are published): they say what to check, not the code."""
    from teaching import string_constants

    found = []
    for path in assignment.test_files():
        texts = [
            (f"{path.name} {where}", text)
            for where, text in string_constants(path.read_text(encoding="utf-8"))
        ]
        for module in assignment.modules:
            reference = assignment.reference_path(module).read_text(encoding="utf-8")
            found += leaks(reference, texts, plain_calls=False)
    assert not found, "\n".join(found)


def test_leak_check_of_test_messages_catches_a_hint_that_gives_the_gradient():
    from teaching import string_constants

    reference = (
        "def affine_backward(dout, cache):\n"
        "    x, w = cache\n"
        "    # BEGIN SOLUTION q3: apply the chain rule\n"
        "    return dout @ w.T, x.T @ dout, dout.sum(axis=0)\n"
        "    # END SOLUTION\n"
        "def loss(dout, cache):\n"
        "    # BEGIN SOLUTION q3: the backward\n"
        "    return affine_backward(dout, cache)\n"
        "    # END SOLUTION\n"
    )
    test = (
        "def test_affine(m):\n"
        "    grads = m.affine_backward(dout, cache)  # the call a test names is no answer\n"
        "    check(grads, hint=f'{where}: dx = dout @ w.T')\n"
        "    check(grads, 'affine_backward(dout, cache) returns three arrays')\n"
    )
    found = leaks(reference, string_constants(test), plain_calls=False)
    assert [f.split("`")[1] for f in found] == ["dout@w.T"], found
    assert "affine_backward(dout,cache)" in solution_fragments(reference)


def test_leak_check_catches_a_docstring_that_gives_the_backward_pass():
    reference = (
        "def affine_backward(dout, cache):\n"
        '    """Gradients of out = x w + b."""\n'
        "    x, w = cache\n"
        "    # BEGIN SOLUTION q3: apply the chain rule\n"
        "    dx = dout @ w.T\n"
        "    return dx, x.T @ dout, dout.sum(axis=0)\n"
        "    # END SOLUTION\n"
    )
    assert {"dx=dout@w.T", "x.T@dout", "dout.sum(axis=0)"} <= solution_fragments(reference)
    leaky = reference.replace("out = x w + b.", "Use dx = dout @ w.T and db = dout.sum(axis=0).")
    texts = [("docstring", leaky.split('"""')[1])]
    found = leaks(leaky, texts)
    assert {f.split("`")[1] for f in found} == {"dx=dout@w.T", "dout@w.T", "dout.sum(axis=0)"}
    assert leaks(reference, [("docstring", reference.split('"""')[1])]) == []
    # a notebook cell that gives the expression in markdown is caught too
    assert leaks(reference, [("markdown", "so `dw = x.T @ dout`")])
    # and so is the expression inside a call that only changes its layout
    wrapped = reference.replace("x.T @ dout,", "(x.T @ dout).reshape(w.shape),")
    assert "x.T@dout" in solution_fragments(wrapped)


def test_points_tables_are_generated_from_the_tests(assignment):
    source = (assignment.source_dir / "notebook.py").read_text(encoding="utf-8")
    assert POINTS_TABLE in source, f"{assignment.name}/notebook.py has no {POINTS_TABLE} line"
    points = question_points(assignment)
    for question in assignment.questions:
        test_file = ExceptionTestFile.from_file(str(assignment.tests_dir / f"{question}.py"))
        assert points[question] == sum(tc.points or 0 for tc in test_file.test_cases)
    for question, value in assignment.manual.items():
        assert points[question] == value
    text = "\n".join(c.source for c in notebook(assignment, student=True).cells)
    for question, value in points.items():
        row = f"| {question} |"
        matches = [line for line in text.splitlines() if line.startswith(row)]
        assert len(matches) == 1, f"no single table row for {question}"
        assert matches[0].rstrip(" |").split("|")[-1].strip().startswith(f"{value:g}")


def test_every_question_heading_has_one_style(assignment):
    nb = notebook(assignment, student=True)
    headings = [
        line
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("## ") and " q" in line[:6]
    ]
    questions = assignment.questions + list(assignment.manual)
    for question in questions:
        assert any(h.startswith(f"## {question}. ") for h in headings), (
            f"no heading '## {question}. <title>' in {headings}"
        )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("fig, ax = plt.subplots()\nax.plot([1])\nplt.show()", 1),
        ("fig = plot.training_curves(h)\nfig", 1),
        ("fig, axes = plt.subplots(1, 2)\nplot.decision_boundary(f, X, y, ax=axes[0])", 1),
        ("plot.decision_boundary(f, X, y)\nplot.image_grid(images)", 2),
        ("%matplotlib inline\nprint(1)", 0),
    ],
)
def test_promised_figures_counts_figure_making_calls(source, expected):
    assert promised_figures(source) == expected


def _cell(source, outputs):
    return {"cell_type": "code", "source": source, "outputs": outputs, "metadata": {}}


def test_figure_problems_reports_missing_figures_reprs_and_widgets():
    image = {"output_type": "display_data", "data": {"image/png": "", "text/plain": "<Figure>"}}
    text = {"output_type": "execute_result", "data": {"text/plain": "Text(0.5, 1.0, 'XOR')"}}
    widget = {
        "output_type": "display_data",
        "data": {"application/vnd.jupyter.widget-view+json": {}, "text/plain": "  0%|"},
    }
    good = {"cells": [_cell("fig = plot.image_grid(x)\nfig", [image])]}
    assert figure_problems(good) == []
    bad = {
        "cells": [
            _cell("fig = plot.image_grid(x)\nplt.show()", []),
            _cell("fig, ax = plt.subplots()\nax.set_title('XOR')", [image, text]),
            _cell("history = fit(step, X, y)", [widget]),
        ]
    }
    problems = figure_problems(bad)
    assert len(problems) == 3, problems
    assert "promises 1 figure(s), shows 0" in problems[0]
    assert "Text(" in problems[1]
    assert "widget" in problems[2]


@pytest.mark.slow
def test_student_notebook_with_stubs_fails_only_in_student_code(assignment, tmp_path):
    errors = errors_with_stubs(assignment, tmp_path)
    assert errors, "the stubs raised nothing: are the stubs complete solutions?"
    other = [e for e in errors if e[1] != "NotImplementedError"]
    assert not other, f"errors that are not a stub's NotImplementedError: {other}"


def test_a_code_solution_cell_runs_for_the_instructor_and_is_left_to_the_student(monkeypatch):
    """A code cell tagged "solution" (no notebook has one now: a4's moved into its module
    as a graded question) is kept for the instructor and left blank for the student."""
    import jupytext
    import nbformat
    from conftest import ASSIGNMENTS

    import autograder.build as build

    real_read = jupytext.read

    def read_with_a_solution_cell(path, **kwargs):
        nb = real_read(path, **kwargs)
        cell = nbformat.v4.new_code_cell("def instructor_only_helper():\n    return 42\n")
        cell.metadata["tags"] = ["solution"]
        nb.cells.append(cell)
        return nb

    monkeypatch.setattr(build.jupytext, "read", read_with_a_solution_cell)
    a4 = next(a for a in ASSIGNMENTS if a.name == "a4_optimizers")
    instructor = notebook(a4, student=False)
    student = notebook(a4, student=True)
    assert any(
        c.cell_type == "code" and "def instructor_only_helper" in c.source for c in instructor.cells
    )
    assert not any("instructor_only_helper" in c.source for c in student.cells)
    assert any(c.cell_type == "code" and c.source == "# Your code here" for c in student.cells)


def _given_module(assignment: str, name: str):
    """The reference module (its given code is the same in the stub)."""
    from nnkit.grading import reference

    return reference(assignment, name)


def _activation_inputs(rng, dtype):
    """Inputs for a given activation's worked-example check: one row from -1000 to 1000
    with an exact zero, the rest random; and an upstream gradient."""

    x = (rng.normal(size=(4, 6)) * 5).astype(dtype)
    x[0] = [-1000.0, -100.0, -1e-3, 0.0, 100.0, 1000.0]
    return x, rng.normal(size=x.shape).astype(dtype)


def test_a2_worked_examples_agree_with_torch():
    """a2 gives its activation layers (sigmoid, tanh, ReLU) and the affine layer's forward
    whole, as worked examples of the layer contract that q3's network uses: no test case
    grades them, so they are checked here against PyTorch, for float32 and float64, at
    ±1000 and at exact zeros, with numpy's floating-point errors raised, and must leave their
    arguments unchanged."""
    import numpy as np

    from nnkit.oracles import torch_activation, torch_affine

    a2 = _given_module("a2_backprop", "mlp")
    rng = np.random.default_rng(2)
    for dtype in (np.float32, np.float64):
        x, dout = _activation_inputs(rng, dtype)
        # σ' = σ(1 − σ) loses relative precision where σ is near 1 (values ~1e-10 there)
        tol = (
            {"rtol": 1e-5, "atol": 1e-6} if dtype == np.float32 else {"rtol": 1e-12, "atol": 1e-15}
        )
        for layer in ("sigmoid", "tanh", "relu"):
            x_in, dout_in = x.copy(), dout.copy()
            with np.errstate(over="raise", divide="raise", invalid="raise"):
                out, cache = getattr(a2, f"{layer}_forward")(x_in)
                dx = getattr(a2, f"{layer}_backward")(dout_in, cache)
            want_out, (want_dx,) = torch_activation(layer, x, dout)
            assert out.dtype == dx.dtype == dtype, layer
            np.testing.assert_allclose(out, want_out, err_msg=layer, **tol)
            np.testing.assert_allclose(dx, want_dx, err_msg=layer, **tol)
            np.testing.assert_array_equal(x_in, x, err_msg=f"{layer} wrote into x")
            np.testing.assert_array_equal(dout_in, dout, err_msg=f"{layer} wrote into dout")
        w, b = rng.normal(size=(6, 3)).astype(dtype), rng.normal(size=3).astype(dtype)
        out, (x_cached, w_cached) = a2.affine_forward(x, w, b)
        assert out.dtype == dtype
        np.testing.assert_allclose(out, torch_affine(x, w, b), **tol)
        np.testing.assert_array_equal(x_cached, x, err_msg="the affine cache is (x, w)")
        np.testing.assert_array_equal(w_cached, w, err_msg="the affine cache is (x, w)")


def test_a3_gives_a2s_layers():
    """a3 builds on a2's layers, given in its module after a2's deadline: they must behave
    exactly as a2's reference (values, gradients, dtypes), large inputs included."""
    import numpy as np

    a2, a3 = _given_module("a2_backprop", "mlp"), _given_module("a3_activations", "activations")
    rng = np.random.default_rng(0)
    for dtype in (np.float32, np.float64):
        x = (rng.normal(size=(7, 5)) * np.array([1, 10, 100, 1000, 0.01])).astype(dtype)
        dout = rng.normal(size=x.shape).astype(dtype)
        for layer in ("sigmoid", "tanh", "relu"):
            out2, cache2 = getattr(a2, f"{layer}_forward")(x.copy())
            out3, cache3 = getattr(a3, f"{layer}_forward")(x.copy())
            np.testing.assert_array_equal(out3, out2, err_msg=layer)
            assert out3.dtype == out2.dtype == dtype, layer
            dx2 = getattr(a2, f"{layer}_backward")(dout.copy(), cache2)
            dx3 = getattr(a3, f"{layer}_backward")(dout.copy(), cache3)
            np.testing.assert_array_equal(dx3, dx2, err_msg=layer)
            assert dx3.dtype == dx2.dtype, layer


def test_a3_worked_examples_agree_with_torch():
    """a3 gives leaky ReLU, softplus and the squared error whole, as worked examples the
    graded questions follow: no test case grades them, so they are checked here against
    PyTorch, for float32 and float64, at ±1000, with numpy's floating-point errors raised."""
    import numpy as np

    from nnkit.oracles import torch_activation, torch_loss

    a3 = _given_module("a3_activations", "activations")
    rng = np.random.default_rng(1)
    for dtype in (np.float32, np.float64):
        x, dout = _activation_inputs(rng, dtype)
        tol = {"rtol": 1e-5, "atol": 1e-6} if dtype == np.float32 else {"rtol": 1e-12}
        for layer, kw in (("leaky_relu", {}), ("leaky_relu", {"alpha": 0.2}), ("softplus", {})):
            with np.errstate(over="raise", divide="raise", invalid="raise"):
                out, cache = getattr(a3, f"{layer}_forward")(x.copy(), **kw)
                dx = getattr(a3, f"{layer}_backward")(dout.copy(), cache)
            want_out, (want_dx,) = torch_activation(layer, x, dout, **kw)
            assert out.dtype == dx.dtype == dtype, layer
            np.testing.assert_allclose(out, want_out, err_msg=layer, **tol)
            np.testing.assert_allclose(dx, want_dx, err_msg=layer, **tol)
        y, d = (rng.normal(size=(5, 3)) * 50).astype(dtype), rng.normal(size=(5, 3))
        loss, dy = a3.squared_error(y.copy(), d.copy())
        want_loss, want_dy = torch_loss("squared_error", y, d)
        assert isinstance(loss, float) and dy.dtype == dtype
        np.testing.assert_allclose(loss, want_loss, rtol=1e-5)
        np.testing.assert_allclose(dy, want_dy, **tol)


def test_a7_worked_examples_agree_with_torch():
    """a7 gives the softmax loss at every step and clipping by global norm whole (the
    graded questions use them; no test case grades them): checked here against PyTorch's
    cross-entropy and clip_grad_norm_, for float32 and float64, scores of ±1000 included."""
    import numpy as np

    from nnkit.oracles import torch_clip_grad_norm, torch_temporal_softmax_loss

    a7 = _given_module("a7_rnn", "rnn_layers")
    rng = np.random.default_rng(2)
    for dtype in (np.float32, np.float64):
        tol = (
            {"rtol": 1e-5, "atol": 1e-6} if dtype == np.float32 else {"rtol": 1e-12, "atol": 1e-15}
        )
        scores = rng.normal(size=(3, 4, 5)).astype(dtype)
        scores[0, 0] = [-1000.0, 1000.0, 0.0, 999.0, -5.0]
        y = rng.integers(0, 5, size=(3, 4))
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            loss, dscores = a7.temporal_softmax_loss(scores.copy(), y)
        want_loss, want_d = torch_temporal_softmax_loss(scores, y)
        assert isinstance(loss, float) and dscores.dtype == dtype
        np.testing.assert_allclose(loss, want_loss, **tol)
        np.testing.assert_allclose(dscores, want_d, **tol)
        grads = [rng.normal(size=(4, 3)).astype(dtype), rng.normal(size=(3,)).astype(dtype)]
        for max_norm in (0.5, 1e6):
            clipped, norm = a7.clip_grad_norm([g.copy() for g in grads], max_norm)
            want_clipped, want_norm = torch_clip_grad_norm(grads, max_norm)
            np.testing.assert_allclose(norm, want_norm, rtol=1e-5)
            for got, want in zip(clipped, want_clipped, strict=True):
                assert got.dtype == dtype
                np.testing.assert_allclose(got, want, **tol)


def test_a8_worked_examples_agree_with_torch():
    """a8 gives the RNN language model whole (forward, BPTT, trainer); q5 grades only its
    perplexity. The forward's loss and last state and the backward's gradients are checked
    here against PyTorch's autograd, for float32 and float64, with words read several times
    (by one sequence and by two at the same step) and saturated states, the cache left as
    it was."""
    import numpy as np

    from nnkit.oracles import torch_elman_lm

    a8 = _given_module("a8_word2vec", "language_models")
    rng = np.random.default_rng(3)
    n_words, m, H, B, T = 6, 3, 4, 2, 5
    for dtype, scale in ((np.float64, 1.0), (np.float32, 1.0), (np.float64, 300.0)):
        tol = {"rtol": 1e-4, "atol": 1e-6} if dtype == np.float32 else {"rtol": 1e-9, "atol": 1e-12}
        E = (rng.standard_normal((n_words, m)) * scale).astype(dtype)
        U = (rng.standard_normal((H, m + H)) * scale / np.sqrt(m + H)).astype(dtype)
        V = (rng.standard_normal((n_words, H)) * scale / np.sqrt(H)).astype(dtype)
        s0 = rng.uniform(size=(B, H)).astype(dtype)
        inputs, targets = rng.integers(n_words, size=(B, T)), rng.integers(n_words, size=(B, T))
        inputs[0, :3], inputs[:, 3] = 2, 4
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            loss, s_last, cache = a8.rnn_lm_forward(E, U, V, inputs, targets, s0)
            copies = [np.copy(c) for c in cache[6:]]
            grads = a8.rnn_lm_backward(cache)
        want_loss, want_s, want_grads = torch_elman_lm(E, U, V, s0, inputs, targets)
        assert isinstance(loss, float)
        np.testing.assert_allclose(loss, want_loss, **tol)
        np.testing.assert_allclose(s_last, want_s, **tol)
        for label, got, want in zip(("dE", "dU", "dV", "ds0"), grads, want_grads, strict=True):
            assert got.dtype == dtype, label
            np.testing.assert_allclose(got, want, err_msg=label, **tol)
        for kept, now in zip(copies, cache[6:], strict=True):
            np.testing.assert_array_equal(np.asarray(now), kept)
