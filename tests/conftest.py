"""Shared fixtures: every assignment under solutions/ is tested by the same generic checks."""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("MPLBACKEND", "Agg")

from autograder.assignments import Assignment, discover  # noqa: E402

ASSIGNMENTS: list[Assignment] = discover()


def bank_files(assignment: Assignment, prefix: str = "") -> list[Path]:
    return sorted(assignment.bank_dir.glob(f"{prefix}*.py"))


def declared_losses(path: Path) -> list[str]:
    """The LOSES list a bank or sample file declares."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "LOSES":
            return list(ast.literal_eval(node.value))
    raise AssertionError(f"{path} declares no LOSES list")


@pytest.fixture(params=ASSIGNMENTS, ids=lambda a: a.name)
def assignment(request) -> Assignment:
    return request.param
