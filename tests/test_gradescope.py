"""Grading end to end, with the real parts, on a representative sample of
submissions per assignment.

Each submission is exported with otter's own ``grader.export`` and graded by the
Gradescope zip, unpacked into a simulated /autograder layout and run as Gradescope runs
it (``run_autograder`` -> the hardened runner): results.json must follow Gradescope's
format, publish hidden cases only after grades are, and give the scores each submission
declares (reference full, stub zero, LOSES questions lost, others full).

The sample per assignment: one known-wrong bank entry, exported with a notebook that
holds only the set-up cell (scores come from the test files, which receive the modules;
``otter run`` executes every cell, so the short notebook keeps the sample cheap). It is
graded by the Gradescope zip and must get each question what the entry declares: full
marks on every question it does not break (the code they share with the reference), less
on the one it does. a1 adds its reference carrying the whole student notebook, its stub
and its bundled samples. Plain ``otter run -a`` grades the same zips of a1 (its bank
entry, reference and stub: agreement on none) and of a8 (three modules in one
submission), and must give every question the runner's score; the other assignments' zips
are built by the same code, and their test files run under otter's own test-file runner
for every bank entry (tests/test_assignments.py). Every instructor notebook is executed by
tests/test_end_to_end.py; every reference, stub, sample and bank entry is graded
in-process by tests/test_assignments.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import bank_files, declared_losses

from autograder.build import build_autograder_zip, export_submission, notebook, notebook_text
from autograder.course import sample_sources
from autograder.inprocess import apply_overlay
from autograder.runner.results import question_scores
from tests.runner_helpers import run_as_gradescope

pytestmark = pytest.mark.slow

VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}
OTTER = Path(sys.executable).parent / "otter"
# The bank entry graded end to end per assignment: one whose bug only a report of the
# call's arguments shows where it can (the runner's student code gets copies), otherwise
# one that costs part of a question. An assignment not listed uses its first wrong_ file.
BANK_SAMPLE = {
    "a1_perceptron": "wrong_encode_labels_in_place",
    "a2_backprop": "wrong_affine_upcasts_float32",
    "a3_activations": "wrong_elu_float64_gradient",
    "a4_optimizers": "wrong_adam_scales_gradient_in_place",
    "a5_regularization": "wrong_res_backward_writes_dout",
    "a6_cnn": "wrong_maxpool_backward_writes_cache",
}
# the assignment whose reference (through the whole student notebook), stub and samples
# are graded too, and whose reference and stub go through `otter run` as well
WHOLE = "a1_perceptron"
# the assignments whose zips plain `otter run` grades too (a8: several modules)
BY_OTTER = (WHOLE, "a8_word2vec")


def _bank_sample(assignment) -> Path:
    name = BANK_SAMPLE.get(assignment.name)
    if name is None:
        return bank_files(assignment, "wrong_")[0]
    return assignment.bank_dir / f"{name}.py"


def _setup_only_notebook(assignment) -> str:
    """The student notebook cut to its generated set-up cell (imports the modules and
    makes ``grader``)."""
    nb = notebook(assignment, student=True)
    nb.cells = nb.cells[:1]
    return notebook_text(nb)


def _honest(assignment) -> dict[str, tuple[dict[str, str], list[str]]]:
    """name -> (module sources, questions it must lose)."""
    subs = {}
    for name, sources in sample_sources(assignment).items():
        if assignment.name != WHOLE:
            continue  # the reference, stub and samples: graded in-process (test_assignments.py)
        if name == "reference":
            loses = []
        elif name == "stub":
            loses = list(assignment.questions)
        else:
            loses = declared_losses(assignment.source_dir / "samples" / f"{name}.py")
        subs[name] = (sources, loses)
    path = _bank_sample(assignment)
    sources = apply_overlay(assignment, path.read_text(encoding="utf-8"))
    subs[path.stem] = (sources, declared_losses(path))
    return subs


def _otter_run(autograder_zip: Path, submission_zip: Path, out: Path) -> dict[str, float]:
    """Per-question scores from plain `otter run` (its results.json has one entry per
    question)."""
    out.mkdir()
    subprocess.run(
        [str(OTTER), "run", "-a", str(autograder_zip), "-o", str(out), str(submission_zip)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return {t["name"]: float(t["score"]) for t in results["tests"] if "score" in t}


def _check_format(results: dict) -> None:
    assert isinstance(results["tests"], list) and results["tests"]
    assert isinstance(results.get("execution_time", 0), (int, float))
    for test in results["tests"]:
        assert isinstance(test["name"], str) and test["name"]
        assert isinstance(test["score"], (int, float))
        assert isinstance(test["max_score"], (int, float))
        assert 0 <= test["score"] <= test["max_score"]
        assert test.get("visibility", "visible") in VISIBILITIES
        assert isinstance(test.get("output", ""), str)
    hidden = [t for t in results["tests"] if t.get("visibility") == "after_published"]
    assert hidden, "hidden cases must be published only after grades are"


def test_gradescope_layout(assignment, tmp_path):
    autograder_zip = build_autograder_zip(assignment, tmp_path)
    subs = _honest(assignment)
    # exports first, in this thread: building the release parses Python (ast), which
    # CPython 3.11 does not do safely from several threads at once
    short = _setup_only_notebook(assignment)
    whole = assignment.name == WHOLE
    zips = {
        name: export_submission(
            assignment,
            sources,
            tmp_path / f"{name}.zip",
            notebook_source=None if whole and name == "reference" else short,
        )
        for name, (sources, _) in subs.items()
    }

    by_otter = set()
    if assignment.name in BY_OTTER:
        by_otter = {_bank_sample(assignment).stem, *(["reference", "stub"] if whole else [])}

    def both(name):
        runner = run_as_gradescope(autograder_zip, zips[name], tmp_path / f"root-{name}", 600)
        if name not in by_otter:
            return name, runner, None
        return name, runner, _otter_run(autograder_zip, zips[name], tmp_path / f"otter-{name}")

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(both, zips))
    assert by_otter <= {name for name, _, otter in outcomes if otter is not None}
    for name, runner, otter in outcomes:
        _check_format(runner)
        scores = question_scores(runner)
        assert set(scores) == set(assignment.questions), f"{name}: questions {sorted(scores)}"
        loses = subs[name][1]
        for question, (got, total) in scores.items():
            assert total > 0
            if question in loses:
                assert got < total, f"{name} keeps full marks on {question}"
                if name == "stub":
                    assert got == 0, f"the stub earns {got} on {question}"
            else:
                assert got == total, f"{name} earns {got}/{total} on {question}"
            assert otter is None or otter.get(question, 0.0) == got, (
                f"{name}: otter run gives {question} {otter.get(question)}, the runner {got}"
            )
