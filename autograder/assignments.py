"""What the course's assignments are: read from ``solutions/*/assignment.yml``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
RELEASE = ROOT / "assignments"
AUTOGRADER = ROOT / "autograder"
BANKS = ROOT / "tests" / "banks"
DIST = ROOT / "dist"
DEFAULT_TIMEOUT = 20.0


@dataclass(frozen=True)
class Assignment:
    """One assignment: its configuration and where its parts live."""

    name: str
    title: str
    lecture: str
    modules: tuple[str, ...]
    timeouts: dict[str, float]
    manual: dict[str, float] = field(default_factory=dict)
    samples: tuple[str, ...] = ()
    # what each question (automatic or by hand) is about: its ``topic:``
    topics: dict[str, str] = field(default_factory=dict)
    # the functions each automatic question grades (``grades:``), as named in the reference
    # module(s): ``name``, ``Class.method``, or ``module.name`` where a bare name is ambiguous
    grades: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def source_dir(self) -> Path:
        return SOLUTIONS / self.name

    @property
    def tests_dir(self) -> Path:
        return AUTOGRADER / self.name / "tests"

    @property
    def release_dir(self) -> Path:
        return RELEASE / self.name

    @property
    def bank_dir(self) -> Path:
        return BANKS / self.name

    @property
    def questions(self) -> list[str]:
        return list(self.timeouts)

    @property
    def is_project(self) -> bool:
        """A final project (``project.yml`` beside ``assignment.yml``): graded on hidden
        data by ``autograder.project``, its starter is not a stub of its reference."""
        return (self.source_dir / "project.yml").is_file()

    def reference_path(self, module: str) -> Path:
        return self.source_dir / f"{module}.py"

    def test_files(self) -> list[Path]:
        return [self.tests_dir / f"{q}.py" for q in self.questions]

    def timeout(self, question: str) -> float:
        return self.timeouts.get(question, DEFAULT_TIMEOUT)


def load(name: str, solutions: Path = SOLUTIONS) -> Assignment:
    """Read ``solutions/<name>/assignment.yml``."""
    config = yaml.safe_load((solutions / name / "assignment.yml").read_text(encoding="utf-8"))
    if config.get("name") != name:
        raise ValueError(f"{name}/assignment.yml names itself {config.get('name')!r}")
    questions = config.get("questions") or {}
    manual = config.get("manual") or {}
    return Assignment(
        name=name,
        title=config.get("title", name),
        lecture=config.get("lecture", ""),
        modules=tuple(config["modules"]),
        timeouts={
            q: float((spec or {}).get("timeout", DEFAULT_TIMEOUT)) for q, spec in questions.items()
        },
        manual={q: float(spec["points"]) for q, spec in manual.items()},
        samples=tuple(config.get("samples") or ()),
        topics={
            q: str(spec["topic"])
            for q, spec in {**questions, **manual}.items()
            if (spec or {}).get("topic")
        },
        grades={q: tuple((spec or {}).get("grades") or ()) for q, spec in questions.items()},
    )


def discover(solutions: Path = SOLUTIONS, *, projects: bool = False) -> list[Assignment]:
    """Every assignment under ``solutions/``, in course order; the final projects too when
    ``projects``. Projects are left out by default because the per-question checks of an
    assignment do not apply to them: their starter is a working baseline, not stubs
    that must earn zero, and their grade is a metric of a trained model on hidden data
    (``autograder.project``, tested by tests/test_projects.py)."""
    found = [load(p.parent.name, solutions) for p in sorted(solutions.glob("*/assignment.yml"))]
    return [a for a in found if projects or not a.is_project]
