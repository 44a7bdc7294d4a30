"""Without root (a laptop), the runner still isolates by process, limits and timeouts, and
says which protections it could not give. ``--no-uid`` makes a root runner behave as an
unprivileged one: no sandbox uid, no mount namespace."""

from __future__ import annotations

import pytest

from tests.runner_helpers import ADVERSARIAL, TOY_POINTS, load, overlay, per_question, run_runner

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "attack, lost, message",
    [
        ("loop_in_call", {"q1"}, "timed out after 3 s in toy.add"),
        ("memory_bomb", {"q2"}, "ran out of memory (limit 768 MB) in toy.scale"),
        ("exit_in_call", {"q2"}, "during toy.scale"),
    ],
)
def test_unprivileged_runner_contains_attacks_and_says_what_is_off(attack, lost, message, tmp_path):
    submission = tmp_path / "toy.py"
    submission.write_text(overlay((ADVERSARIAL / f"{attack}.py").read_text()))
    results = tmp_path / "results.json"
    proc = run_runner(submission, results, extra=["--no-uid"])
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "OFF: not root" in proc.stderr
    assert "OFF: no mount namespace" in proc.stderr
    report = load(results)
    scores = per_question(report)
    for question, points in TOY_POINTS.items():
        if question in lost:
            assert scores[question] == 0, f"{attack}: {question} kept points"
        else:
            assert scores[question] == points, f"{attack}: honest {question} lost points"
    feedback = report["output"] + "".join(t["output"] for t in report["tests"])
    assert message.lower() in feedback.lower()
