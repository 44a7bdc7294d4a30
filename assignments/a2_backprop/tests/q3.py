"""q3: the affine layer's backward pass and the backward pass of the L-layer MLP (the
forward passes and the sigmoid, tanh and ReLU layers are given)."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import (
    as_array,
    as_float,
    assert_close,
    assert_dtype,
    assert_that,
    check_forward_backward,
)
from nnkit.gradcheck import numeric_gradient_array, numeric_gradient_params
from nnkit.oracles import torch_affine

OK_FORMAT = False
name = "q3"

# Analytic gradients must agree with centred differences to a relative error below 1e-7.
# Measured per parameter array as ||a − b|| / (||a|| + ||b||): the elementwise ratio of
# nnkit.gradcheck.rel_error is dominated by entries near 0, where centred differences
# reach it ~5e-7 even for a correct sigmoid network.
MAX_REL_ERROR = 1e-7


def _relative_error(a, b):
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-300))


def _pair(value, what):
    assert_that(
        isinstance(value, (tuple, list)) and len(value) == 2,
        f"{what} should return a pair (out, cache)",
    )
    return value


def _forward(mlp, layer, *args):
    out, _ = _pair(getattr(mlp, f"{layer}_forward")(*args), f"{layer}_forward")
    return as_array(f"{layer}_forward(...) out", out)


def _affine_grads(mlp, x, w, b, dout):
    _, cache = _pair(mlp.affine_forward(x, w, b), "affine_forward")
    grads = mlp.affine_backward(dout, cache)
    assert_that(
        isinstance(grads, (tuple, list)) and len(grads) == 3,
        "affine_backward(dout, cache) should return a tuple (dx, dw, db)",
    )
    return [as_array(n, g) for n, g in zip(("dx", "dw", "db"), grads)]


def _loss_and_grads(model, X, y):
    result = model.loss(X, y)
    assert_that(
        isinstance(result, (tuple, list)) and len(result) == 2,
        "MLP.loss(X, y) should return a pair (loss, grads)",
    )
    loss, grads = result
    assert_that(isinstance(grads, dict), "the grads returned by MLP.loss should be a dict")
    return as_float("loss", loss), grads


def _check_model_grads(grads, expected, what, kind):
    for key, value in expected.items():
        assert_that(key in grads, f"grads has no entry {key!r} ({what})")
        assert_close(
            f"grads[{key!r}] ({what})",
            grads[key],
            value,
            kind=kind,
            hint="go backward through the layers in reverse order, each activation's "
            "backward before the affine backward of its layer",
        )


@test_case(points=1, hidden=False)
def test_affine_public(mlp):
    rng = np.random.default_rng(0)
    x, w, b = rng.normal(size=(4, 3)), rng.normal(size=(3, 5)), rng.normal(size=5)
    dout = rng.normal(size=(4, 5))
    assert_close(
        "affine_forward(x, w, b) out",
        _forward(mlp, "affine", x, w, b),
        x @ w + b,
        hint="out = x @ w + b, with w of shape (D, M)",
    )
    out = lambda: as_array("out", mlp.affine_forward(x, w, b)[0])  # noqa: E731
    for label, got, param, hint in zip(
        ("dx", "dw", "db"),
        _affine_grads(mlp, x, w, b, dout),
        (x, w, b),
        (
            "dx has the shape of x, (N, D): chain rule through out = x @ w + b for one input",
            "dw has the shape of w, (D, M): each example adds its share, summed over the batch",
            "db has the shape of b, (M,): b is added to every row of out",
        ),
    ):
        numeric = numeric_gradient_array(lambda _: out(), param, dout)
        assert_close(label, got, numeric, kind="numeric_gradient", hint=hint)


@test_case(points=1, hidden=False)
def test_mlp_gradient_check_public(mlp):
    rng = np.random.default_rng(2)
    X = rng.normal(size=(6, 4))
    y = rng.integers(0, 3, size=6)
    model = mlp.MLP([4, 5, 3], activation="tanh", seed=3)
    params = {k: as_array(f"params[{k!r}]", v) for k, v in model.params.items()}

    def loss():
        model.params = dict(params)
        return _loss_and_grads(model, X, y)[0]

    numeric = numeric_gradient_params(loss, params)
    model.params = dict(params)
    _, grads = _loss_and_grads(model, X, y)
    _check_model_grads(grads, numeric, "MLP([4, 5, 3], 'tanh')", "numeric_gradient")


@test_case(points=1, hidden=False)
def test_layer_contract_public(mlp):
    # How the network uses the affine layer: forward, then backward on its own cache, in
    # float32, with N, D and M all different (a transposed product shows). Neither call may
    # write into its arguments or keep state between calls.
    rng = np.random.default_rng(36)
    x = rng.normal(size=(4, 3)).astype(np.float32)
    w = rng.normal(size=(3, 5)).astype(np.float32)
    b = rng.normal(size=5).astype(np.float32)
    out, grads, dout = check_forward_backward(
        "affine",
        mlp.affine_forward,
        mlp.affine_backward,
        (x, w, b),
        dout_seed=360,
        grad_names=("dx", "dw", "db"),
    )
    out_t, grads_t = torch_affine(x, w, b, dout)
    assert_close("affine out (float32)", out, out_t, hint="out = x @ w + b")
    assert_that(len(grads) == 3, "affine_backward should return (dx, dw, db)")
    for what, got, exp in zip(("dx", "dw", "db"), grads, grads_t):
        assert_close(
            f"affine {what} (float32, own cache)",
            got,
            exp,
            kind="gradient",
            hint="check each gradient's shape against x, w and b (N, D and M differ here)",
        )
