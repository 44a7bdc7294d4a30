"""q3: margin, Novikoff's mistake bound, and an honest convergence report."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import assert_close, assert_equal, assert_that, call_checking_inputs

OK_FORMAT = False
name = "q3"

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([-1, 1, 1, -1])


def _report(perceptron, X, y, **kw):
    report = perceptron.convergence_report(X, y, **kw)
    assert_that(isinstance(report, dict), "convergence_report(...) should return a dict")
    for key in ("converged", "epochs", "total_mistakes"):
        assert_that(key in report, f"convergence_report(...) has no key {key!r}")
    return report


@test_case(points=1, hidden=False)
def test_margin_public(perceptron):
    X = np.array([[2.0, 0.0], [0.0, -1.0]])
    y = np.array([1, -1])
    # (w, b) = (1, 0), 0: distances 2 and 0, extended norm 1 -> margin 0
    assert_close(
        "margin(X, y, w=[1, 0], b=0)", perceptron.margin(X, y, np.array([1.0, 0.0]), 0.0), 0.0
    )
    assert_close(
        "margin(X, y, w=[1, 1], b=0)",
        perceptron.margin(X, y, np.array([1.0, 1.0]), 0.0),
        1.0 / np.sqrt(2.0),
        hint="divide by the norm of (w, b)",
    )


@test_case(points=1, hidden=False)
def test_xor_does_not_converge_public(perceptron):
    report = _report(perceptron, XOR_X, XOR_Y, eta=1.0, max_epochs=25)
    assert_that(
        report["converged"] is False or report["converged"] == 0,
        "the perceptron cannot converge on XOR: report converged=False",
    )
    assert_equal("epochs run on XOR", report["epochs"], 25)


@test_case(points=1, hidden=False)
def test_bias_and_limits_public(perceptron):
    # margin with a bias: y (X w + b) = (1.5, 1.5) and ‖(1, 1, -0.5)‖ = 1.5, so γ = 1.
    X = np.array([[2.0, 0.0], [0.0, -1.0]])
    y = np.array([1, -1])
    assert_close(
        "margin(X, y, w=[1, 1], b=-0.5)",
        call_checking_inputs("margin", perceptron.margin, X, y, np.array([1.0, 1.0]), -0.5),
        1.0,
        hint="γ = min_i y_i (w·x_i + b) / ‖(w, b)‖: the bias counts in both",
    )
    # The worked OR example of q2 converges in exactly 4 epochs (mistakes 2, 2, 1, 0): with
    # max_epochs=4 the last epoch run is clean, with max_epochs=3 it is not.
    X_or = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y_or = np.array([-1, 1, 1, 1])
    for max_epochs, converged, epochs in ((4, True, 4), (3, False, 3)):
        report = _report(perceptron, X_or, y_or, eta=0.5, max_epochs=max_epochs)
        assert_that(
            bool(report["converged"]) is converged,
            f"convergence_report(OR, eta=0.5, max_epochs={max_epochs}) says converged="
            f"{report['converged']}, expected {converged}: converged means the last epoch run "
            "had no mistake, even when it was the last one allowed",
        )
        assert_equal(f"epochs run (max_epochs={max_epochs})", report["epochs"], epochs)
        assert_equal(f"total_mistakes (max_epochs={max_epochs})", report["total_mistakes"], 5)
