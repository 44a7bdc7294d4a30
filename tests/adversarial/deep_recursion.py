"""add() recurses without end after lifting the recursion limit."""

import sys


def add(a, b):
    sys.setrecursionlimit(10**7)

    def down(n):
        return down(n + 1) + 1

    return down(0)
