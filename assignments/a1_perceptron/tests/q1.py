"""q1: the McCulloch–Pitts threshold unit and the logic gates it computes."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import as_array, as_float, assert_equal

OK_FORMAT = False
name = "q1"

TWO_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
ONE_INPUT = np.array([[0], [1]])


@test_case(points=1, hidden=False)
def test_threshold_unit_public(perceptron):
    o = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 1.0, 1.0]])
    w = np.array([0.5, -1.0, 1.0])
    assert_equal(
        "threshold_unit(o, w, T=1.5)",
        perceptron.threshold_unit(o, w, 1.5),
        [1, 0, 0],
        hint="net_j = Σ_i w_ji o_i, then 1 when net_j ≥ T_j and 0 otherwise",
    )
    assert_equal(
        "threshold_unit(o, w, T=0.5) (net_j equal to T_j counts as firing)",
        perceptron.threshold_unit(o[2:], w, 0.5),
        [1],
        hint="the lecture fires when net_j ≥ T_j, not only when net_j > T_j",
    )


@test_case(points=1, hidden=False)
def test_gates_public(perceptron):
    for gate, inputs, truth in [
        ("and_unit", TWO_INPUTS, [0, 0, 0, 1]),
        ("or_unit", TWO_INPUTS, [0, 1, 1, 1]),
        ("not_unit", ONE_INPUT, [1, 0]),
    ]:
        w, T = getattr(perceptron, gate)()
        assert_equal(
            f"threshold_unit on the truth table with the weights of {gate}()",
            perceptron.threshold_unit(
                inputs, as_array(f"{gate}() weights", w), as_float(f"{gate}() threshold", T)
            ),
            truth,
            hint=f"check the weights and threshold returned by {gate}()",
        )
