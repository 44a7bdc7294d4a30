"""The reference solutions that the benchmarks measure, imported from solutions/ by path."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def load_reference(assignment: str, module: str) -> ModuleType:
    """``solutions/<assignment>/<module>.py`` as a fresh module (the reference, not the
    student release)."""
    path = ROOT / "solutions" / assignment / f"{module}.py"
    spec = importlib.util.spec_from_file_location(f"reference_{assignment}_{module}", path)
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded
