"""nnkit: the shared library of the course.

Datasets (offline first), gradient checking, plots, seeding, a training loop and the
feedback helpers that every test uses. It never contains an assignment's answer.
"""

__version__ = "0.1.0"
