"""The one tolerance table every test uses (design decision 8, docs/design.md).

A check compares a received array with an expected one. How close is close enough depends
on two things only: the floating-point precision the student computed in, and the kind of
quantity compared. Every test asks this table instead of writing its own numbers.

| kind             | what is compared                                | float64   | float32   |
|------------------|-------------------------------------------------|-----------|-----------|
| forward          | a value computed the same way up to rounding    | rtol 1e-7 | rtol 1e-4 |
| gradient         | an analytic gradient against the reference's    | rtol 1e-6 | rtol 1e-3 |
| numeric_gradient | an analytic gradient against centred difference | rtol 1e-5 | rtol 3e-2 |
| training         | a quantity after many steps (weights, losses)   | rtol 1e-4 | rtol 1e-2 |

Each entry also has an absolute floor (atol) so that values near zero compare sensibly.
Integers and booleans compare exactly.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Tolerance(NamedTuple):
    """Relative and absolute tolerance: |received - expected| <= atol + rtol * |expected|."""

    rtol: float
    atol: float


KINDS = ("forward", "gradient", "numeric_gradient", "training")

TABLE: dict[tuple[str, str], Tolerance] = {
    ("float64", "forward"): Tolerance(1e-7, 1e-10),
    ("float64", "gradient"): Tolerance(1e-6, 1e-9),
    ("float64", "numeric_gradient"): Tolerance(1e-5, 1e-7),
    ("float64", "training"): Tolerance(1e-4, 1e-6),
    ("float32", "forward"): Tolerance(1e-4, 1e-5),
    ("float32", "gradient"): Tolerance(1e-3, 1e-4),
    ("float32", "numeric_gradient"): Tolerance(3e-2, 1e-3),
    ("float32", "training"): Tolerance(1e-2, 1e-3),
}


def precision(dtype: np.dtype | type | str) -> str:
    """Name the row of the table a dtype falls in: 'float64', 'float32' or 'exact'."""
    dt = np.dtype(dtype)
    if dt.kind in "biu":
        return "exact"
    if dt.kind in "fc" and dt.itemsize <= (8 if dt.kind == "c" else 4):
        return "float32"
    return "float64"


def tolerance(dtype: np.dtype | type | str, kind: str = "forward") -> Tolerance:
    """Return the tolerance for comparing values of ``dtype`` in a check of ``kind``.

    Args:
        dtype: the dtype the compared values were computed in (the coarser of received and
            expected).
        kind: one of ``KINDS``.

    Returns:
        the Tolerance; zero for integer and boolean dtypes.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind of check {kind!r}; expected one of {KINDS}")
    row = precision(dtype)
    if row == "exact":
        return Tolerance(0.0, 0.0)
    return TABLE[(row, kind)]
