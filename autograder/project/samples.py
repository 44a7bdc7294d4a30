"""The bundled sample submissions of a project: reference, starter and bad ones.

``reference`` is the solution's ``model.py`` and ``train.py`` with its committed weights;
``starter`` the release's starter files with the baseline's committed weights. Every other
sample is an overlay in ``solutions/<p>/samples/<name>.py`` (appended to the reference's
``model.py``, its definitions win) that declares what it must earn:

    EXPECT_SCORE = 0.0                 # points of the hidden evaluation
    EXPECT_MESSAGE = "over the budget" # text the evaluation's feedback must contain
    WEIGHTS = "reference"              # or "starter", or "build": save the overlay's own
                                       # build_model() state (seeded), e.g. to oversize it
"""

from __future__ import annotations

import ast
import importlib.util
import io
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import torch

from .config import Project


@dataclass(frozen=True)
class Sample:
    """Files of one sample submission and what it must earn (None: not declared)."""

    name: str
    files: dict[str, bytes]
    expect_score: float | None = None
    expect_message: str | None = None


def _declared(source: str) -> dict[str, object]:
    out = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in ("EXPECT_SCORE", "EXPECT_MESSAGE", "WEIGHTS"):
                out[name] = ast.literal_eval(node.value)
    return out


def _built_weights(model_source: str) -> bytes:
    """The state_dict of ``build_model()`` of a trusted sample module, seeded."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample_model.py"
        path.write_text(model_source, encoding="utf-8")
        spec = importlib.util.spec_from_file_location("nnkit_sample_model", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    torch.manual_seed(0)
    buffer = io.BytesIO()
    torch.save(module.build_model().state_dict(), buffer)
    sys.modules.pop("nnkit_sample_model", None)
    return buffer.getvalue()


def sample_names(project: Project) -> list[str]:
    """Names of the bundled samples, without building them."""
    overlays = sorted((project.assignment.source_dir / "samples").glob("*.py"))
    return ["reference", "starter", *(p.stem for p in overlays)]


def samples(project: Project) -> dict[str, Sample]:
    """Every bundled sample of ``project``, by name: reference, starter, then overlays."""
    source = project.assignment.source_dir
    weights = {
        "reference": (source / "weights" / "reference.pt").read_bytes(),
        "starter": (source / "weights" / "starter.pt").read_bytes(),
    }
    reference = {m: (source / f"{m}.py").read_bytes() for m in project.assignment.modules}
    out = {
        "reference": Sample(
            "reference", {**_named(reference), project.weights: weights["reference"]}
        ),
        "starter": Sample(
            "starter",
            {
                **_named({m: p.read_bytes() for m, p in project.starter.items()}),
                project.weights: weights["starter"],
            },
        ),
    }
    for path in sorted((source / "samples").glob("*.py")):
        overlay = path.read_text(encoding="utf-8")
        declared = _declared(overlay)
        model = reference["model"].decode() + "\n\n# ---- sample overlay ----\n" + overlay
        kind = declared.get("WEIGHTS", "reference")
        data = _built_weights(model) if kind == "build" else weights[kind]
        files = {**_named(reference), "model.py": model.encode(), project.weights: data}
        out[path.stem] = Sample(
            path.stem, files, declared.get("EXPECT_SCORE"), declared.get("EXPECT_MESSAGE")
        )
    return out


def _named(modules: dict[str, bytes]) -> dict[str, bytes]:
    return {f"{m}.py": data for m, data in modules.items()}


def write_sample(sample: Sample, folder: Path) -> Path:
    """Write a sample's files into ``folder`` (a submission folder) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in sample.files.items():
        (folder / name).write_bytes(data)
    return folder
