"""What the course's assignments are (read from ``solutions/*/assignment.yml``) and where
each part of one lives: the one place that knows the course's folder layout."""

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
    """One assignment: its configuration and where its parts live (under ``root``, a
    checkout of the course; its reference modules and assignment.yml under ``solutions``,
    which is ``root/solutions`` unless it was read from elsewhere)."""

    name: str
    title: str = ""
    lecture: str = ""
    modules: tuple[str, ...] = ()
    timeouts: dict[str, float] = field(default_factory=dict)
    manual: dict[str, float] = field(default_factory=dict)
    samples: tuple[str, ...] = ()
    # what each question (automatic or by hand) is about: its ``topic:``
    topics: dict[str, str] = field(default_factory=dict)
    # the functions each automatic question grades (``grades:``), as named in the reference
    # module(s): ``name``, ``Class.method``, or ``module.name`` where a bare name is ambiguous
    grades: dict[str, tuple[str, ...]] = field(default_factory=dict)
    budget: float | None = None  # seconds for a whole grading (``budget:``), if set
    root: Path = ROOT
    solutions: Path | None = None

    @property
    def source_dir(self) -> Path:
        return (self.solutions or self.root / SOLUTIONS.name) / self.name

    @property
    def tests_dir(self) -> Path:
        return self.root / AUTOGRADER.name / self.name / "tests"

    @property
    def release_dir(self) -> Path:
        return self.root / RELEASE.name / self.name

    @property
    def bank_dir(self) -> Path:
        return self.root / BANKS.relative_to(ROOT) / self.name

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
    assignment = parse(solutions / name / "assignment.yml", solutions)
    if assignment.name != name:
        raise ValueError(f"{name}/assignment.yml names itself {assignment.name!r}")
    return assignment


def parse(path: Path, solutions: Path | None = None) -> Assignment:
    """An assignment.yml, wherever it is (the runner reads the one of its grading bundle)."""
    config = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    name = str(config.get("name", Path(path).parent.name))
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
        budget=float(config["budget"]) if config.get("budget") is not None else None,
        solutions=None if solutions is None or solutions == SOLUTIONS else Path(solutions),
    )


def known() -> list[str]:
    """The names of the course's assignments and projects (to say what exists)."""
    return sorted(p.parent.name for p in SOLUTIONS.glob("*/assignment.yml"))


@dataclass(frozen=True)
class GradingSources:
    """What grading an assignment reads besides the submission."""

    tests_dir: Path  # the qK.py test files
    reference_dir: Path  # holds <assignment>/<module>.py
    config: Path | None  # assignment.yml (None: none found)


def grading_sources(
    name: str,
    tests_dir: Path | None = None,
    reference_dir: Path | None = None,
    config: Path | None = None,
) -> GradingSources:
    """This checkout's tests and references of ``name`` unless given; assignment.yml is the
    one given, else the first of: beside the references, beside the tests folder, in this
    checkout's solutions."""
    tests = Path(tests_dir or AUTOGRADER / name / "tests")
    reference = Path(reference_dir or SOLUTIONS)
    if config is None:
        candidates = (
            reference / name / "assignment.yml",
            tests.parent / "assignment.yml",
            SOLUTIONS / name / "assignment.yml",
        )
        config = next((c for c in candidates if c.is_file()), None)
    return GradingSources(tests, reference, Path(config) if config is not None else None)


def discover(solutions: Path = SOLUTIONS, *, projects: bool = False) -> list[Assignment]:
    """Every assignment under ``solutions/``, in course order; the final projects too when
    ``projects``. Projects are left out by default because the per-question checks of an
    assignment do not apply to them: their starter is a working baseline, not stubs
    that must earn zero, and their grade is a metric of a trained model on hidden data
    (``autograder.project``, tested by tests/test_projects.py)."""
    found = [load(p.parent.name, solutions) for p in sorted(solutions.glob("*/assignment.yml"))]
    return [a for a in found if projects or not a.is_project]
