"""A final project's configuration: ``project.yml`` and the secret ``hidden.yml``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from autograder.assignments import ROOT, SOLUTIONS, Assignment, load

FILE_FORMATS = ("npz", "cifar10")


@dataclass(frozen=True)
class Metric:
    """One metric and its score mapping: ``floor`` earns nothing, ``target`` everything."""

    name: str
    floor: float
    target: float

    def fraction(self, value: float) -> float:
        """Share of the points ``value`` earns, linear between floor and target."""
        return min(1.0, max(0.0, (value - self.floor) / (self.target - self.floor)))


@dataclass(frozen=True)
class Budget:
    """Wall-clock budgets of one device, in seconds."""

    train_s: float
    eval_s: float
    gpu_memory_mb: int | None = None


@dataclass(frozen=True)
class Project:
    """``solutions/<name>/project.yml`` with its assignment's fields."""

    assignment: Assignment
    task: str
    metrics: tuple[Metric, ...]
    points: float
    weights: str
    weights_bytes: int
    memory_mb: int
    budgets: dict[str, Budget]
    modes: tuple[str, ...]
    retrain_seed: int
    leaderboard: bool
    validation_seed: int
    validation_n: int
    hidden_path: Path
    # "generator": the hidden test set is generated from the secret seed; "files": it is
    # the instructor's own split in ``hidden_format`` (sources.py), named in the secret config
    hidden_source: str = "generator"
    hidden_format: str | None = None
    starter: dict[str, Path] = field(default_factory=dict)
    starter_fails: tuple[str, ...] = ()
    table_sample: str | None = None

    @property
    def name(self) -> str:
        return self.assignment.name

    @property
    def grading_dir(self) -> Path:
        """``autograder/<name>``: public checks and the secret configuration."""
        return self.hidden_path.parent


def is_project(name: str, solutions: Path = SOLUTIONS) -> bool:
    return (solutions / name / "project.yml").is_file()


def load_project(name: str, solutions: Path = SOLUTIONS, root: Path = ROOT) -> Project:
    """Read ``solutions/<name>/project.yml`` (paths in it are relative to ``root``)."""
    assignment = load(name, solutions)
    spec = yaml.safe_load((solutions / name / "project.yml").read_text(encoding="utf-8"))
    budgets = spec["budgets"]
    data = spec["data"]
    hidden_source = data.get("hidden_source", "generator")
    if hidden_source not in ("generator", "files"):
        raise ValueError(f"{name}/project.yml: data.hidden_source must be generator or files")
    if hidden_source == "files" and data.get("hidden_format") not in FILE_FORMATS:
        raise ValueError(
            f"{name}/project.yml: data.hidden_format must be one of {', '.join(FILE_FORMATS)}"
        )
    leaked = {"files", "paths", "sha256", "seed"} & set(data)
    if leaked:
        # project.yml goes into the Gradescope zip: secrets live in data.hidden's file only
        raise ValueError(
            f"{name}/project.yml: data.{sorted(leaked)[0]} belongs in the secret grading "
            f"configuration ({data.get('hidden')}), not in project.yml"
        )
    return Project(
        assignment=assignment,
        task=spec["task"],
        metrics=tuple(
            Metric(metric, float(m["floor"]), float(m["target"]))
            for metric, m in spec["metrics"].items()
        ),
        points=float(spec["points"]),
        weights=spec.get("weights", "weights.pt"),
        weights_bytes=int(float(budgets["weights_mb"]) * 2**20),
        memory_mb=int(budgets["memory_mb"]),
        budgets={
            device: Budget(
                float(budgets[device]["train_s"]),
                float(budgets[device]["eval_s"]),
                budgets[device].get("gpu_memory_mb"),
            )
            for device in ("cpu", "cuda")
        },
        modes=tuple(spec.get("modes", ["eval"])),
        retrain_seed=int(spec.get("retrain_seed", 0)),
        leaderboard=bool(spec.get("leaderboard", False)),
        validation_seed=int(data["validation_seed"]),
        validation_n=int(data["validation_n"]),
        hidden_path=root / data["hidden"],
        hidden_source=hidden_source,
        hidden_format=data.get("hidden_format"),
        starter={m: solutions / name / p for m, p in (spec.get("starter") or {}).items()},
        starter_fails=tuple(spec.get("starter_fails") or ()),
        table_sample=spec.get("table_sample"),
    )
