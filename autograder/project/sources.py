"""Where a project's hidden test set comes from: the generator, or the instructor's files.

``project.yml`` says which (``data.hidden_source: generator``, the default, or ``files``
with ``data.hidden_format: npz`` or ``cifar10``); the secret grading configuration
(``data.hidden``, e.g. ``autograder/p1_mnist1d/hidden.yml``) holds the rest, and only the
trusted grading process reads it:

    seed: 271828182             # generator: the secret seed and size of the test set
    n: 2000

    files:                      # files: each with its SHA-256; a relative path is relative
      - path: p1_test.npz       # to the secret configuration's folder
        sha256: 9f86d081884c7d65...
    inputs: x                   # optional; npz: the names of the two arrays (default x
    targets: y                  # and y); cifar10: the key of the targets (default labels)

An npz file holds the inputs and the targets as two arrays (``x`` and ``y`` unless named
otherwise); several files are concatenated in order. CIFAR-10 python batches hold uint8
images (N, 3072) under ``b"data"`` and per-image targets under ``b"labels"`` (or the key
``targets`` names, e.g. token ids of captions). Each file is checked against its checksum
before it is read, and the arrays against the shape the project's task expects
(``tasks.Task.arrays``). A wrong configuration or file stops the grading with a
``DataSourceError`` naming the file: it is the grader's to fix, never a submission's
fault, so no results are written for it. Where the files are and their checksums never
leave the trusted process; the grading hides the files from the sandbox.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from nnkit.cifar import load_cifar10_batches
from nnkit.data import _read_verified

from .config import Project
from .tasks import TASKS


class DataSourceError(RuntimeError):
    """The secret data configuration or one of its files is wrong (the grader's to fix)."""


@dataclass(frozen=True)
class Generated:
    """The hidden test set is generated from a secret seed."""

    seed: int
    n: int


@dataclass(frozen=True)
class DataFile:
    path: Path
    sha256: str


@dataclass(frozen=True)
class Files:
    """The hidden test set is the instructor's own files."""

    format: str  # "npz" or "cifar10"
    files: tuple[DataFile, ...]
    inputs: str
    targets: str


def read_source(project: Project, path: Path | None = None) -> Generated | Files:
    """The hidden test set's source, from the secret configuration at ``path`` (default:
    the project's ``data.hidden``)."""
    config = Path(path or project.hidden_path)
    try:
        spec = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DataSourceError(f"cannot read the secret configuration {config}: {exc}") from None
    if project.hidden_source == "generator":
        if "seed" not in spec or "n" not in spec:
            raise DataSourceError(f"{config}: the generator needs seed and n")
        return Generated(int(spec["seed"]), int(spec["n"]))
    entries = spec.get("files")
    if not isinstance(entries, list) or not entries:
        raise DataSourceError(
            f"{config}: project.yml's data.hidden_source is files, but no files: list here"
        )
    files = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("path") or not entry.get("sha256"):
            raise DataSourceError(f"{config}: each of files needs a path and a sha256")
        file = Path(str(entry["path"]))
        files.append(
            DataFile(file if file.is_absolute() else config.parent / file, str(entry["sha256"]))
        )
    npz = project.hidden_format == "npz"
    return Files(
        project.hidden_format,
        tuple(files),
        str(spec.get("inputs", "x" if npz else "data")),
        str(spec.get("targets", "y" if npz else "labels")),
    )


def _verified(file: DataFile) -> bytes:
    if not file.path.is_file():
        raise DataSourceError(f"hidden data file {file.path} does not exist")
    try:
        return _read_verified(file.path, file.sha256)
    except ValueError as exc:
        raise DataSourceError(f"hidden data file {exc}") from None


def _npz_arrays(source: Files) -> tuple[np.ndarray, np.ndarray]:
    inputs, targets = [], []
    for file in source.files:
        try:
            with np.load(io.BytesIO(_verified(file)), allow_pickle=False) as arrays:
                missing = [k for k in (source.inputs, source.targets) if k not in arrays.files]
                if missing:
                    raise DataSourceError(
                        f"hidden data file {file.path}: no array {missing[0]!r} "
                        f"(it holds {', '.join(arrays.files) or 'nothing'})"
                    )
                inputs.append(arrays[source.inputs])
                targets.append(arrays[source.targets])
        except (ValueError, OSError, zipfile.BadZipFile) as exc:
            raise DataSourceError(
                f"hidden data file {file.path}: not an npz file ({exc})"
            ) from None
    return np.concatenate(inputs), np.concatenate(targets)


def _cifar_arrays(source: Files) -> tuple[np.ndarray, np.ndarray]:
    for file in source.files:
        if not file.path.is_file():
            raise DataSourceError(f"hidden data file {file.path} does not exist")
    try:
        return load_cifar10_batches(
            [f.path for f in source.files],
            [f.sha256 for f in source.files],
            labels_key=source.targets,
            normalize=False,
        )
    except (ValueError, OSError) as exc:
        raise DataSourceError(f"hidden data file {exc}") from None


def load_files(source: Files) -> tuple[np.ndarray, np.ndarray]:
    """The inputs and targets of the instructor's files, as stored (checksums checked)."""
    return _npz_arrays(source) if source.format == "npz" else _cifar_arrays(source)


def hidden_data(project: Project, path: Path | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The hidden test set's inputs and targets, in the shape the project's task expects."""
    task = TASKS[project.task]
    source = read_source(project, path)
    if isinstance(source, Generated):
        return task.data(source.seed, source.n)
    x, y = load_files(source)
    try:
        return task.arrays(x, y)
    except ValueError as exc:
        names = ", ".join(str(f.path) for f in source.files)
        raise DataSourceError(f"hidden data {names} does not fit {project.task}: {exc}") from None


def secret_files(project: Project, path: Path | None = None) -> list[Path]:
    """The data files of the hidden test set (for the sandbox to hide); none if generated."""
    source = read_source(project, path)
    return [f.path for f in source.files] if isinstance(source, Files) else []
