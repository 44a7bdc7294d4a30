"""Gradescope ``results.json``: building the feedback and writing it atomically.

What a student may see before grades are published is the public cases and the messages
about their submission; hidden cases, their scores and totals, and the time the grading
took (a student's code could make it depend on hidden inputs) are not in the visible
part. The instructor's view (``write_instructor``) has all of it, with why each hidden
case failed.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# a test's name in results.json: "<question><SEP><case>" (CaseResult.entry, question_scores)
SEP = " - "


@dataclass
class CaseResult:
    """The verdict of one test case."""

    question: str
    name: str
    points: float
    score: float
    hidden: bool
    output: str
    detail: str = ""  # for the instructor only: why a case failed, hidden ones included

    @property
    def passed(self) -> bool:
        return self.score >= self.points

    def entry(self) -> dict:
        return {
            "name": f"{self.question}{SEP}{self.name}",
            "score": self.score,
            "max_score": self.points,
            "output": self.output,
            "visibility": "after_published" if self.hidden else "visible",
        }


@dataclass
class Report:
    """Everything that goes into results.json."""

    cases: list[CaseResult] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    execution_time: float = 0.0
    status: str = "graded"  # graded, nothing to grade, refused, grader error
    protections: str = ""  # how confined the student code was (Protections.level)
    # Gradescope's leaderboard entries: [{"name": ..., "value": ..., "order": "desc"}]
    leaderboard: list[dict] = field(default_factory=list)

    @property
    def score(self) -> float:
        return round(sum(c.score for c in self.cases), 6)

    @property
    def max_score(self) -> float:
        return round(sum(c.points for c in self.cases), 6)

    def by_question(self) -> dict[str, tuple[float, float]]:
        return question_totals(self.cases)

    def to_json(self) -> dict:
        lines = list(self.messages)
        public = [c for c in self.cases if not c.hidden]
        earned = round(sum(c.score for c in public), 6)
        possible = round(sum(c.points for c in public), 6)
        lines.append(f"Public tests: {earned:g} / {possible:g} points.")
        hidden_points = round(sum(c.points for c in self.cases if c.hidden), 6)
        if hidden_points:
            lines.append(
                f"Hidden tests ({hidden_points:g} more points) are graded too; "
                "their results appear when grades are published."
            )
        out = {
            "score": self.score,
            "output": "\n\n".join(lines),
            "stdout_visibility": "hidden",
            "tests": [c.entry() for c in self.cases],
        }
        if self.leaderboard:
            out["leaderboard"] = list(self.leaderboard)
        return out


def question_totals(cases: Iterable[CaseResult]) -> dict[str, tuple[float, float]]:
    """Per question, (score, points) summed over its cases, in the order questions come."""
    out: dict[str, tuple[float, float]] = {}
    for case in cases:
        score, points = out.get(case.question, (0.0, 0.0))
        out[case.question] = (score + float(case.score), points + float(case.points))
    return out


def question_scores(results: dict) -> dict[str, tuple[float, float]]:
    """Per question, (score, max_score) of a results.json read back (its tests' names are
    what ``CaseResult.entry`` writes)."""
    cases = [
        CaseResult(t["name"].split(SEP)[0], "", t["max_score"], t["score"], False, "")
        for t in results.get("tests", [])
    ]
    return question_totals(cases)


def write_results(report: Report, path: Path) -> None:
    """Write results.json atomically (a reader never sees a half-written file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".results-", suffix=".json")
    text = json.dumps(report.to_json(), indent=2, ensure_ascii=False)
    with os.fdopen(fd, "wb") as f:
        # student text may hold lone surrogates (undecodable bytes): never fail on them
        f.write(text.encode("utf-8", "replace"))
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def write_instructor(report: Report, path: Path) -> None:
    """The instructor's view of a grading: every case with why it failed, the status, the
    time and the protections. Never placed where a student can read it."""
    data = {
        "status": report.status,
        "score": report.score,
        "max_score": report.max_score,
        "execution_time": round(report.execution_time, 2),
        "protections": report.protections,
        "messages": report.messages,
        "tests": [
            {**c.entry(), "hidden": c.hidden, "detail": c.detail or c.output} for c in report.cases
        ],
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".instructor-", suffix=".json")
    with os.fdopen(fd, "wb") as f:
        f.write(json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8", "replace"))
    os.replace(tmp, path)
