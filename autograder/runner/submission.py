"""Finding the student's module files in whatever was submitted.

A submission is a zip made by otter's ``grader.export`` (notebook, modules, maybe a log
and a nested folder), a folder, or bare ``.py`` files. Each required module is looked up
by file name at the top level, then inside one extra nesting folder. What cannot be
found or read (a damaged or encrypted zip member, an unsupported compression, a folder
nested too deep, a name that is not UTF-8) becomes a message that says what to fix,
never a crash.
"""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MAX_MODULE_BYTES = 2 * 2**20
MAX_ZIP_MEMBERS = 2000
MAX_ZIP_BYTES = 200 * 2**20
MAX_DEPTH = 12
# what reading a submitted file can raise besides OSError: damaged, encrypted or
# unsupported zip members, and names the file system cannot encode
_READ_ERRORS = (
    OSError,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    RuntimeError,
    ValueError,
    EOFError,
    UnicodeError,
)


def printable(name: str) -> str:
    """A file name as text that can go into results.json (undecodable bytes replaced)."""
    return name.encode("utf-8", "replace").decode("utf-8", "replace")


_IGNORED_DIRS = {"__MACOSX", "__pycache__", ".ipynb_checkpoints"}


@dataclass
class Located:
    """The module sources found, and messages for the student about the rest."""

    modules: dict[str, bytes] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def _walk(top: Path) -> dict[str, Callable[[], bytes]]:
    """Regular files below ``top`` (no symlinks), iteratively, at most MAX_DEPTH deep."""
    files: dict[str, Callable[[], bytes]] = {}
    stack = [(str(top), "", 0)]
    while stack:
        folder, rel, depth = stack.pop()
        if depth > MAX_DEPTH:
            continue
        with os.scandir(folder) as entries:
            for entry in entries:
                mode = entry.stat(follow_symlinks=False).st_mode
                name = f"{rel}{printable(entry.name)}"
                if stat.S_ISDIR(mode):
                    stack.append((entry.path, name + "/", depth + 1))
                elif stat.S_ISREG(mode):
                    files[name] = lambda p=entry.path: Path(p).read_bytes()
                if len(files) > MAX_ZIP_MEMBERS:
                    raise ValueError("the folder holds too many files to grade")
    return files


def _files_of(paths: list[Path]) -> dict[str, Callable[[], bytes]]:
    """Map each submitted file (relative posix path) to a function returning its bytes."""
    files: dict[str, Callable[[], bytes]] = {}
    for path in paths:
        if path.is_dir():
            files.update(_walk(path))
        elif zipfile.is_zipfile(path):
            archive = zipfile.ZipFile(path)
            infos = [i for i in archive.infolist() if not i.is_dir()]
            if len(infos) > MAX_ZIP_MEMBERS or sum(i.file_size for i in infos) > MAX_ZIP_BYTES:
                raise ValueError("the zip file is too large to grade")
            for info in infos:
                name = PurePosixPath(printable(info.filename))
                if name.is_absolute() or ".." in name.parts or len(name.parts) > MAX_DEPTH:
                    continue
                files[name.as_posix()] = lambda info=info, archive=archive: archive.read(info)
        elif path.is_file():
            files[printable(path.name)] = path.read_bytes
    return {
        rel: read
        for rel, read in files.items()
        if not any(p in _IGNORED_DIRS or p.startswith("._") for p in PurePosixPath(rel).parts)
    }


def locate(paths: list[Path], modules: list[str]) -> Located:
    """Find ``<module>.py`` for each required module in the submitted paths."""
    found = Located()
    try:
        files = _files_of(paths)
    except (*_READ_ERRORS, RecursionError) as exc:
        found.missing = list(modules)
        found.messages.append(f"The submission could not be read: {printable(str(exc))}.")
        return found
    names = sorted(files)
    for module in modules:
        target = f"{module}.py"
        top = [n for n in names if n == target]
        nested = [n for n in names if len(PurePosixPath(n).parts) == 2 and n.endswith("/" + target)]
        choice = (top or nested or [None])[0]
        if choice is None:
            found.missing.append(module)
            found.messages.append(_missing_message(module, names))
            continue
        if not top and len(nested) > 1:
            found.messages.append(f"Several {target} were submitted; graded {choice}.")
        try:
            source = files[choice]()
        except _READ_ERRORS as exc:
            found.missing.append(module)
            found.messages.append(
                f"{choice} could not be read from the submission ({printable(str(exc))}): "
                "make the zip again with grader.export (no password, standard compression) "
                "and resubmit."
            )
            continue
        if len(source) > MAX_MODULE_BYTES:
            found.missing.append(module)
            found.messages.append(f"{choice} is larger than 2 MB: it cannot be graded.")
            continue
        found.modules[module] = source
    return found


def _missing_message(module: str, names: list[str]) -> str:
    target = f"{module}.py"
    stem = module.lower()
    look_alikes = [
        n
        for n in names
        if PurePosixPath(n).name.lower().startswith(stem)
        and PurePosixPath(n).name != target
        and not n.endswith((".ipynb", ".otter", ".pdf", ".log"))
    ]
    notebooks = [n for n in names if n.endswith(".ipynb")]
    if look_alikes:
        return (
            f"{target} was not found. The submission has {', '.join(look_alikes[:5])}: rename "
            f"it to exactly {target} (at the top level of the submission) and resubmit."
        )
    if notebooks:
        return (
            f"{target} was not found: the submission has the notebook {notebooks[0]} but not "
            f"the module. Grades come from {target}: run the notebook's last cell "
            f"(grader.export), which puts {target} in the zip, and submit that zip, or upload "
            f"{target} together with the notebook."
        )
    shown = ", ".join(names[:10]) or "nothing"
    return f"{target} was not found in the submission (it has: {shown}). Submit {target}."


def locate_files(
    paths: list[Path], names: list[str], max_bytes: int = MAX_ZIP_BYTES
) -> tuple[dict[str, bytes], list[str]]:
    """Find data files (a project's ``weights.pt``) by name, like modules: at the top level
    or inside one nesting folder. Returns ({name: bytes}, messages about the rest); a file
    over ``max_bytes`` is reported and left out, unread."""
    found: dict[str, bytes] = {}
    messages: list[str] = []
    try:
        files = _files_of(paths)
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        return {}, [f"The submission could not be read: {exc}."]
    sizes = _sizes_of(paths)
    for name in names:
        top = [n for n in sorted(files) if n == name]
        nested = [
            n for n in sorted(files) if len(PurePosixPath(n).parts) == 2 and n.endswith("/" + name)
        ]
        choice = (top or nested or [None])[0]
        if choice is None:
            messages.append(f"{name} was not found in the submission: submit it with your code.")
            continue
        size = sizes.get(choice)
        if size is not None and size > max_bytes:
            messages.append(
                f"{choice} is {size / 2**20:.2f} MB, over the budget of {max_bytes / 2**20:g} MB: "
                "it was not graded. Make the model smaller."
            )
            continue
        data = files[choice]()
        if len(data) > max_bytes:
            messages.append(
                f"{choice} is {len(data) / 2**20:.2f} MB, over the budget of "
                f"{max_bytes / 2**20:g} MB: it was not graded. Make the model smaller."
            )
            continue
        found[name] = data
    return found, messages


def _sizes_of(paths: list[Path]) -> dict[str, int]:
    """Declared sizes of submitted files where known without reading them (zip members)."""
    sizes: dict[str, int] = {}
    for path in paths:
        if path.is_dir():
            for item in path.rglob("*"):
                if item.is_file() and not item.is_symlink():
                    sizes[item.relative_to(path).as_posix()] = item.stat().st_size
        elif zipfile.is_zipfile(path):
            for info in zipfile.ZipFile(path).infolist():
                sizes[PurePosixPath(info.filename).as_posix()] = info.file_size
        elif path.is_file():
            sizes[path.name] = path.stat().st_size
    return sizes
