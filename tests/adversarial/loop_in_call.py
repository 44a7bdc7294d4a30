"""add() never returns."""


def add(a, b):
    while True:
        pass
