"""Wrong types: a string, an object posing as an array, a generator."""


class _Liar:
    def __eq__(self, other):
        return True

    def __array__(self, *a, **k):
        raise RuntimeError("never called on the trusted side")

    def __float__(self):
        return 5.0


def add(a, b):
    return str(a + b)


def scale(x, k):
    return _Liar()


class Counter:
    def __init__(self, start=0):
        self.count = _Liar()

    def step(self, n=1):
        yield n
