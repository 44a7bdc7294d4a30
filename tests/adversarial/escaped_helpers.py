"""Stretches its own clock: add() hands about 12 s of CPU work (6 s on both cores, far past
q1's 3 s timeout on an idle machine) to six helper processes that leave the worker's
session (setsid, then a second fork), and spins while they work. Counted as the worker's,
the helpers' CPU shows the worker is not starved; left out, the spinning thread looks
starved by other gradings and the per-test clock stops for up to 4x the timeout, in which
the helpers finish the work."""

import os
import time

_add = add


def _helper(write_end: int) -> None:
    end = time.process_time() + 2.0
    x = 0
    while time.process_time() < end:
        x += 1
    os.write(write_end, b"1")


def add(a, b):
    pending = []
    for _ in range(6):
        read_end, write_end = os.pipe()
        child = os.fork()
        if child == 0:
            os.setsid()
            if os.fork() == 0:
                _helper(write_end)
            os._exit(0)
        os.waitpid(child, 0)
        os.close(write_end)
        os.set_blocking(read_end, False)
        pending.append(read_end)
    while pending:  # spin: a thread that is always ready to run
        for fd in list(pending):
            try:
                if os.read(fd, 1):
                    pending.remove(fd)
            except BlockingIOError:
                pass
    return _add(a, b)
