"""A warm grading process for a batch: imports once, forks one fresh grading per submission.

``python -m autograder.runner`` spends most of a short grading importing itself, numpy and
what the assignment's test files import (torch for most assignments). A batch worker
starts this process once instead (:class:`autograder.gradetask.Server`): it imports the
runner and the modules it is told to preload, then reads one request per line on its
standard input and forks a child per request. The child is the trusted grading of exactly
one submission: it runs :func:`autograder.runner.__main__.main` with the request's
arguments, its output going to the request's log file, and exits with main's status,
which this process writes back as ``<id> <status>`` on its standard output.

What a grading may rely on is unchanged: this process never grades, never runs student
code and never loads a test file or a reference, so each child starts from the same state
as a freshly started runner with its imports done; a child's own state (its sandbox
workers, its control group, its folders) is made by the child and ends with it, and no
child sees another's. Requests come only over the standard input pipe of the process that
started this one: no file or socket exists that anyone else could reach. The process ends
when that pipe closes (its parent is gone).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import select
import signal
import sys
import traceback


def _preload(names: list[str]) -> None:
    """Import what the gradings will import (a module that fails is left to the grading)."""
    from . import __main__  # noqa: F401  (the runner, otter's test-file classes, yaml)

    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the grading imports it again and reports
            pass


def _grading(request: dict, wake: tuple[int, int]) -> int:
    """In the forked child: one grading, as the runner's command line would run it."""
    signal.set_wakeup_fd(-1)
    for sig in (signal.SIGCHLD, signal.SIGINT, signal.SIGTERM, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL)
    for fd in wake:
        os.close(fd)
    # the request pipe and the status pipe are this process's 0 and 1: replaced, so the
    # grading and everything it starts hold neither
    null = os.open(os.devnull, os.O_RDONLY)
    log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(null, 0)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(null)
    os.close(log)
    from .__main__ import main

    try:
        status = main(request["argv"])
    except SystemExit as exc:  # argparse's errors
        status = exc.code if isinstance(exc.code, int) else 2
    except BaseException:  # noqa: BLE001 - reported in the log, as the runner would
        traceback.print_exc()
        status = 1
    sys.stdout.flush()
    sys.stderr.flush()
    return status


def _status(waitstatus: int) -> int:
    code = os.waitstatus_to_exitcode(waitstatus)
    return code if code >= 0 else 128 - code  # killed by signal N: 128 + N, as a shell says


def serve(preload: list[str]) -> None:
    from .layers import not_dumpable

    not_dumpable()
    _preload(preload)
    wake = os.pipe()
    os.set_blocking(wake[1], False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(wake[1])
    os.write(1, b"ready\n")
    children: dict[int, str] = {}
    pending = b""
    open_input = True
    while open_input or children:
        readable, _, _ = select.select([0, wake[0]] if open_input else [wake[0]], [], [], 5.0)
        if wake[0] in readable:
            os.read(wake[0], 4096)
        while children:
            pid, waitstatus = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
            ident = children.pop(pid, None)
            if ident is not None:
                try:
                    os.write(1, f"{ident} {_status(waitstatus)}\n".encode())
                except OSError:
                    pass  # nobody reads any more
        if open_input and 0 in readable:
            chunk = os.read(0, 65536)
            if not chunk:
                open_input = False  # the batch worker is gone: finish what runs, then end
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                request = json.loads(line)
                pid = os.fork()
                if pid == 0:
                    os._exit(_grading(request, wake))
                children[pid] = str(request["id"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m autograder.runner.server")
    parser.add_argument("--preload", action="append", default=[], help="module to import")
    serve(parser.parse_args(argv).preload)


if __name__ == "__main__":
    main()
