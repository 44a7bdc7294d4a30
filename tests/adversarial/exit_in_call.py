"""scale() ends its process with os._exit(0)."""

import os


def scale(x, k):
    os._exit(0)
