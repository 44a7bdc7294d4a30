"""q2: backpropagation for E = ½ Σ (y − d)² with sigmoid units (反向传播进行参数学习)."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import as_array, assert_close, assert_shape, assert_that
from nnkit.gradcheck import numeric_gradient

OK_FORMAT = False
name = "q2"

# The worked example of 反向传播算法示例 (see q1 for which weight joins which units).
EXAMPLE_X = np.array([[0.35, 0.9]])
EXAMPLE_W1 = np.array([[0.1, 0.4], [0.8, 0.6]])
EXAMPLE_W2 = np.array([[0.3], [0.9]])
EXAMPLE_D = np.array([[0.5]])


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _cache(x, w1, w2):
    """The forward cache, computed here so that q2 does not depend on q1."""
    net_j = x @ w1
    h = _sigmoid(net_j)
    net_k = h @ w2
    return {"x": x, "net_j": net_j, "h": h, "net_k": net_k, "y": _sigmoid(net_k)}


def _error(x, d, w1, w2):
    return 0.5 * float(np.sum((_cache(x, w1, w2)["y"] - d) ** 2))


def _update(backprop, cache, d, w1, w2, eta):
    result = backprop.backprop_update(cache, d, w1.copy(), w2.copy(), eta)
    assert_that(
        isinstance(result, (tuple, list)) and len(result) == 2,
        "backprop_update(...) should return a pair (w1_new, w2_new)",
    )
    return as_array("w1_new", result[0]), as_array("w2_new", result[1])


@test_case(points=2, hidden=False)
def test_lecture_example_public(backprop):
    # the slide "让我们做一些简单运算", part (ii), with the hidden deltas taken from the old
    # output weights (standard backpropagation; the slide used the updated ones)
    cache = _cache(EXAMPLE_X, EXAMPLE_W1, EXAMPLE_W2)
    delta_k = as_array("output_deltas(y, d)", backprop.output_deltas(cache["y"], EXAMPLE_D))
    assert_close(
        "δ of the output unit, rounded to 5 decimals",
        np.round(delta_k, 5),
        [[-0.04068]],
        hint="δ_k = (d_k − y_k) y_k (1 − y_k) for a sigmoid output",
    )
    w1_new, w2_new = _update(backprop, cache, EXAMPLE_D, EXAMPLE_W1, EXAMPLE_W2, 1.0)
    assert_close(
        "new output weights, rounded to 5 decimals",
        np.round(w2_new, 5),
        [[0.27233], [0.87300]],
        hint="Δw_kj = η δ_k h_j",
    )
    # name the updated output weights as the cause only when they explain the result
    h = cache["h"]
    from_updated = EXAMPLE_W1 + EXAMPLE_X.T @ (h * (1 - h) * (delta_k @ w2_new.T))
    uses_updated = np.allclose(np.round(w1_new, 5), np.round(from_updated, 5)) and not (
        np.allclose(np.round(from_updated, 5), [[0.09907, 0.39714], [0.79761, 0.59265]])
    )
    assert_close(
        "new hidden weights, rounded to 5 decimals",
        np.round(w1_new, 5),
        [[0.09907, 0.39714], [0.79761, 0.59265]],
        hint="these are the weights the updated output weights give: compute δ_j with the "
        "output weights of the forward pass (w2), before updating them"
        if uses_updated
        else "Δw_jm = η δ_j x_m with δ_j = h_j (1 − h_j) Σ_k δ_k w_kj",
    )


@test_case(points=1, hidden=False)
def test_update_is_gradient_step_public(backprop):
    # a batch of 4 examples with 2 outputs: Δw = −η ∂E/∂w, E summed over the batch
    rng = np.random.default_rng(3)
    x = rng.normal(size=(4, 3))
    d = rng.uniform(size=(4, 2))
    w1 = rng.normal(size=(3, 5))
    w2 = rng.normal(size=(5, 2))
    eta = 0.5
    w1_new, w2_new = _update(backprop, _cache(x, w1, w2), d, w1, w2, eta)
    assert_shape("w1_new", w1_new, w1.shape)
    assert_shape("w2_new", w2_new, w2.shape)
    grad1 = numeric_gradient(lambda w: _error(x, d, w, w2), w1.copy())
    grad2 = numeric_gradient(lambda w: _error(x, d, w1, w), w2.copy())
    assert_close(
        "(w2_new − w2) / (−η) against centred differences of E",
        (w2_new - w2) / -eta,
        grad2,
        kind="numeric_gradient",
        hint="Δw_kj = η Σ_n δ_k h_j: every example of the batch adds its term",
    )
    assert_close(
        "(w1_new − w1) / (−η) against centred differences of E",
        (w1_new - w1) / -eta,
        grad1,
        kind="numeric_gradient",
        hint="δ_j = h_j (1 − h_j) Σ_k δ_k w_kj with the old w2, then Δw_jm = η Σ_n δ_j x_m",
    )
