"""Adds all six units in Z(x), ignoring the lecture's minus signs."""

LOSES = ["q5"]
MODULE = "approx"


def lecture_z(x):
    return lecture_units(x).sum(axis=1)
