"""Gradescope ``results.json``: building the feedback and writing it atomically."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class CaseResult:
    """The verdict of one test case."""

    question: str
    name: str
    points: float
    score: float
    hidden: bool
    output: str

    def entry(self) -> dict:
        return {
            "name": f"{self.question} - {self.name}",
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
    # Gradescope's leaderboard entries: [{"name": ..., "value": ..., "order": "desc"}]
    leaderboard: list[dict] = field(default_factory=list)

    @property
    def score(self) -> float:
        return round(sum(c.score for c in self.cases), 6)

    @property
    def max_score(self) -> float:
        return round(sum(c.points for c in self.cases), 6)

    def by_question(self) -> dict[str, tuple[float, float]]:
        return question_scores(self.to_json())

    def to_json(self) -> dict:
        lines = list(self.messages)
        lines.append(f"Autograded score: {self.score:g} / {self.max_score:g}.")
        out = {
            "score": self.score,
            "execution_time": round(self.execution_time, 2),
            "output": "\n\n".join(lines),
            "stdout_visibility": "hidden",
            "tests": [c.entry() for c in self.cases],
        }
        if self.leaderboard:
            out["leaderboard"] = list(self.leaderboard)
        return out


def question_scores(results: dict) -> dict[str, tuple[float, float]]:
    """Per question, (score, max_score) summed over the test cases of a results.json
    (test names are "qK - case", as ``CaseResult.entry`` writes them)."""
    out: dict[str, tuple[float, float]] = {}
    for test in results.get("tests", []):
        question = test["name"].split(" - ")[0]
        score, points = out.get(question, (0.0, 0.0))
        out[question] = (score + float(test["score"]), points + float(test["max_score"]))
    return out


def write_results(report: Report, path: Path) -> None:
    """Write results.json atomically (a reader never sees a half-written file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".results-", suffix=".json")
    with os.fdopen(fd, "w") as f:
        json.dump(report.to_json(), f, indent=2, ensure_ascii=False)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
