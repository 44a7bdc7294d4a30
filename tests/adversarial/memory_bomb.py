"""scale() allocates until memory runs out."""


def scale(x, k):
    hoard = []
    while True:
        hoard.append(bytearray(64 * 2**20))
