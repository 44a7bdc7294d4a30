"""How many known-wrong bank entries a public test case catches, per assignment.

A student sees only the public cases before submitting, so a wrong implementation that
only a hidden case catches is one the student learns about from a lost point. This grades
every ``wrong_*`` bank entry in-process with the public cases of the questions it declares
it loses, and prints, per assignment, how many a public case catches.

    PYTHONPATH=. .venv/bin/python tests/public_catch.py [--list] [assignment ...]

Exits with status 1 when fewer than ``GOAL`` of all wrong entries are caught publicly.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import ASSIGNMENTS, bank_files, declared_losses  # noqa: E402

from autograder.assignments import Assignment  # noqa: E402
from autograder.inprocess import (  # noqa: E402
    apply_overlay,
    grade_modules,
    module_from_source,
)

GOAL = 0.60


def caught_publicly(assignment: Assignment, path: Path) -> bool:
    """Whether a public case of a question the entry declares it loses fails on it."""
    sources = apply_overlay(assignment, path.read_text(encoding="utf-8"))
    modules = {m: module_from_source(m, src) for m, src in sources.items()}
    results = grade_modules(assignment, modules, public_only=True, questions=declared_losses(path))
    return any(not r.passed for r in results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("assignments", nargs="*", help="names (default: all)")
    parser.add_argument("--list", action="store_true", help="name the entries not caught")
    args = parser.parse_args(argv)
    chosen = [a for a in ASSIGNMENTS if not args.assignments or a.name in args.assignments]
    total_caught = total = 0
    for assignment in chosen:
        wrong = bank_files(assignment, "wrong_")
        missed = [p.stem for p in wrong if not caught_publicly(assignment, p)]
        caught = len(wrong) - len(missed)
        total_caught += caught
        total += len(wrong)
        print(f"{assignment.name:20s} {caught:3d}/{len(wrong):3d} = {caught / len(wrong):4.0%}")
        if args.list:
            for name in missed:
                print(f"    hidden only: {name}")
    share = total_caught / max(total, 1)
    print(f"{'all':20s} {total_caught:3d}/{total:3d} = {share:4.0%} (goal {GOAL:.0%})")
    return 0 if share >= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
