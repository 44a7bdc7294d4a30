"""Command line: grade one final-project submission.

    python -m autograder.project --project p1_mnist1d --submission SUB --results OUT.json \\
        [--device cpu|cuda] [--mode eval|retrain] [--data hidden|validation]

``--gradescope`` grades inside Gradescope's layout (``/autograder``, or
``NNKIT_AUTOGRADER_ROOT``): the public checks and the score on the public validation set
for the leaderboard; the hidden test set is not there and is graded afterwards, by a batch
on the instructor's machine.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from autograder.runner.lightotter import otter_test_files_only

otter_test_files_only()

from autograder.assignments import parse  # noqa: E402
from autograder.runner.layers import become_subreaper  # noqa: E402

from .grade import ProjectGradeConfig, grade_project  # noqa: E402


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m autograder.project", description=__doc__)
    p.add_argument("--project", help="project name, e.g. p1_mnist1d")
    p.add_argument("--submission", type=Path, action="append", default=[])
    p.add_argument("--results", type=Path, default=Path("results.json"))
    p.add_argument("--device", choices=["cpu", "cuda"], default=None, help="default: cuda if any")
    p.add_argument("--mode", choices=["eval", "retrain"], default="eval")
    p.add_argument("--data", choices=["hidden", "validation"], default="hidden")
    p.add_argument("--no-public-checks", action="store_true")
    p.add_argument("--eval-budget", type=float, help="seconds (default: project.yml's)")
    p.add_argument("--train-budget", type=float, help="seconds (default: project.yml's)")
    p.add_argument("--no-uid", action="store_true", help="as root, do not drop to a sandbox uid")
    p.add_argument("--gradescope", action="store_true", help="use the /autograder layout")
    p.add_argument("--root", type=Path, help="replaces /autograder in --gradescope mode")
    p.add_argument("--quiet", action="store_true")
    return p


def _default_device() -> str:
    try:
        import torch

        return "cuda" if torch.cuda.is_available() else "cpu"
    except ImportError:
        return "cpu"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    become_subreaper()
    log = (lambda *a, **k: None) if args.quiet else (lambda *a, **k: print(*a, file=sys.stderr))
    if args.gradescope:
        root = Path(args.root or os.environ.get("NNKIT_AUTOGRADER_ROOT", "/autograder"))
        source = root / "source"
        name = parse(source / "assignment.yml").name
        if os.geteuid() == 0:
            os.chmod(source, 0o700)
        cfg = ProjectGradeConfig(
            project=name,
            submission=args.submission or [root / "submission"],
            results=root / "results" / "results.json",
            device="cpu",
            data="validation",
            solutions=source / "_solutions",
            tests_dir=source / "tests",
            hide=[source],
            log=log,
        )
    else:
        if not args.project or not args.submission:
            _parser().error("--project and --submission are required (or --gradescope)")
        cfg = ProjectGradeConfig(
            project=args.project,
            submission=args.submission,
            results=args.results,
            device=args.device or _default_device(),
            mode=args.mode,
            data=args.data,
            log=log,
        )
    cfg.public_checks = not args.no_public_checks
    cfg.eval_s = args.eval_budget
    cfg.train_s = args.train_budget
    if args.no_uid:
        cfg.use_uid = False
    report = grade_project(cfg)
    log(f"{cfg.project}: {report.score:g} / {report.max_score:g} -> {cfg.results}")
    for case in report.cases:
        log(f"  {case.question} {case.name}: {case.score:g} / {case.points:g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
