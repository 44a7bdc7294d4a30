"""Command line: ``python -m autograder.runner --assignment A --submission PATH ...``.

``--gradescope`` grades inside Gradescope's layout: tests, reference modules and
``assignment.yml`` under ``/autograder/source``, the upload in ``/autograder/submission``,
results to ``/autograder/results/results.json``. ``NNKIT_AUTOGRADER_ROOT`` (or
``--root``) replaces ``/autograder`` (tests use a temporary root).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .lightotter import otter_test_files_only

otter_test_files_only()

from autograder.assignments import known, parse  # noqa: E402

from .grade import GradeConfig, grade  # noqa: E402
from .layers import become_subreaper  # noqa: E402
from .sandbox import Layers, Limits  # noqa: E402


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m autograder.runner", description=__doc__)
    p.add_argument("--assignment", help="assignment name, e.g. a1_perceptron")
    p.add_argument(
        "--submission",
        type=Path,
        action="append",
        default=[],
        help="zip, folder or .py file (repeatable)",
    )
    p.add_argument("--results", type=Path, default=Path("results.json"))
    p.add_argument(
        "--instructor-results",
        type=Path,
        help="also write the instructor's view (why hidden cases failed) to this file",
    )
    p.add_argument("--tests-dir", type=Path, help="folder of qK.py test files")
    p.add_argument(
        "--reference-dir",
        type=Path,
        help="folder holding <assignment>/<module>.py reference modules",
    )
    p.add_argument("--config", type=Path, help="assignment.yml")
    p.add_argument("--memory-mb", type=int, default=768)
    p.add_argument(
        "--hide",
        type=Path,
        action="append",
        default=[],
        help="extra path the sandbox must not see (repeatable)",
    )
    p.add_argument(
        "--no-uid",
        action="store_true",
        help="as root, still run student code as this user (debugging only)",
    )
    for layer, what in (
        ("namespaces", "mount, network and IPC namespaces"),
        ("landlock", "the Landlock file-system and network rules"),
        ("seccomp", "the seccomp syscall filter"),
        ("cgroup", "the grading's control group"),
    ):
        p.add_argument(
            f"--no-{layer}",
            action="store_true",
            help=f"do not use {what} (to test the fallbacks)",
        )
    p.add_argument(
        "--allow-unsandboxed",
        action="store_true",
        help="without root, grade even when neither Landlock nor namespaces are available",
    )
    p.add_argument(
        "--budget",
        type=float,
        help="seconds for the whole grading (default: assignment.yml's budget, else 480)",
    )
    p.add_argument("--gradescope", action="store_true", help="use the /autograder layout")
    p.add_argument("--root", type=Path, help="replaces /autograder in --gradescope mode")
    p.add_argument("--quiet", action="store_true")
    return p


def _gradescope_config(args: argparse.Namespace) -> GradeConfig:
    root = Path(args.root or os.environ.get("NNKIT_AUTOGRADER_ROOT", "/autograder"))
    source = root / "source"
    config = args.config or source / "assignment.yml"
    assignment = args.assignment or parse(config).name
    if os.geteuid() == 0:
        # the source holds hidden tests and references: only root may read it
        os.chmod(source, 0o700)
    return GradeConfig(
        assignment=assignment,
        submission=args.submission or [root / "submission"],
        results=root / "results" / "results.json",
        tests_dir=args.tests_dir or source / "tests",
        reference_dir=args.reference_dir or source / "_reference",
        config_path=config,
        hide=[source, *args.hide],
    )


def _operator_error(cfg: GradeConfig) -> str | None:
    """What the person running the grader got wrong, in one line (not a student's fault)."""
    cfg.resolved()
    if cfg.config_path is None or not Path(cfg.config_path).is_file():
        return (
            f"unknown assignment {cfg.assignment!r}: no assignment.yml found "
            f"(known here: {', '.join(known()) or 'none'}; or pass --config)"
        )
    if not Path(cfg.tests_dir).is_dir():
        return f"no test files for {cfg.assignment!r} in {cfg.tests_dir} (pass --tests-dir)"
    missing = [str(p) for p in cfg.submission if not Path(p).exists()]
    if missing:
        return f"the submission {missing[0]} does not exist"
    return None


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    become_subreaper()  # orphans of student processes come back to us to be killed
    if args.gradescope:
        cfg = _gradescope_config(args)
    else:
        if not args.assignment or not args.submission:
            _parser().error("--assignment and --submission are required (or --gradescope)")
        cfg = GradeConfig(
            assignment=args.assignment,
            submission=args.submission,
            results=args.results,
            tests_dir=args.tests_dir,
            reference_dir=args.reference_dir,
            config_path=args.config,
            hide=args.hide,
        )
    cfg.limits = Limits(memory_mb=args.memory_mb)
    cfg.layers = Layers(
        uid=not args.no_uid,
        cgroup=not args.no_cgroup,
        namespaces=not args.no_namespaces,
        seccomp=not args.no_seccomp,
        landlock=not args.no_landlock,
        allow_bare=args.allow_unsandboxed,
    )
    cfg.budget_s = args.budget
    cfg.instructor_results = args.instructor_results
    if args.no_uid:
        cfg.use_uid = False
    if args.quiet:
        cfg.log = lambda *a, **k: None
    else:
        cfg.log = lambda *a, **k: print(*a, file=sys.stderr, **k)
    problem = _operator_error(cfg)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    report = grade(cfg)
    cfg.log(f"{cfg.assignment}: {report.score:g} / {report.max_score:g} -> {cfg.results}")
    for question, (score, points) in report.by_question().items():
        cfg.log(f"  {question}: {score:g} / {points:g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
