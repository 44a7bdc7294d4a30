"""Without root (a laptop, a cluster node), the runner still isolates by process, limits,
timeouts and the kernel layers it can use, and says which protections it could not give.
``--no-uid`` makes a root runner grade as its own user (user namespace instead of a sandbox
uid); ``--no-namespaces --no-landlock`` on top leaves nothing that confines the file system,
and the runner then refuses unless told to go on."""

from __future__ import annotations

import pytest

from tests.runner_helpers import (
    ADVERSARIAL,
    TOY_POINTS,
    assert_toy_scores,
    load,
    overlay,
    per_question,
    run_runner,
)

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
    assert "OFF: student code runs as the grader's own user" in proc.stderr
    assert "on : namespaces: user, mount, network, IPC and PID namespaces" in proc.stderr
    report = load(results)
    assert_toy_scores(report, lost, attack)
    feedback = report["output"] + "".join(t["output"] for t in report["tests"])
    assert message.lower() in feedback.lower()


def test_without_any_file_system_confinement_the_runner_refuses(tmp_path):
    submission = tmp_path / "toy.py"
    submission.write_text(overlay(""))
    results = tmp_path / "results.json"
    bare = ["--no-uid", "--no-namespaces", "--no-landlock"]
    proc = run_runner(submission, results, extra=bare)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = load(results)
    assert report["score"] == 0
    assert "refusing to run student code" in report["output"]
    assert "--allow-unsandboxed" in report["output"]
    proc = run_runner(submission, results, extra=[*bare, "--allow-unsandboxed"])
    assert per_question(load(results)) == TOY_POINTS, proc.stderr[-2000:]
