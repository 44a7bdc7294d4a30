"""Question 3: max pooling forward and backward (最大池化)."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import (
    as_array,
    assert_close,
    assert_equal,
    assert_shape,
    assert_that,
    check_forward_backward,
)
from nnkit.gradcheck import numeric_gradient_array
from nnkit.oracles import torch_pool

OK_FORMAT = False
name = "q3"


def torch_max_pool(x, ph, pw, stride, dout=None):
    """torch's max_pool2d output (and, given dout, dx); ties go to the first maximum."""
    if dout is None:
        return torch_pool("max", x, ph, pw, stride)
    out, (dx,) = torch_pool("max", x, ph, pw, stride, dout)
    return out, dx


def check(cnn_layers, x, ph, pw, stride, seed):
    where = f"window {ph}x{pw}, stride {stride}, x {x.shape}"
    out, cache = cnn_layers.max_pool_forward(x.copy(), ph, pw, stride)
    out = as_array("out", out)
    assert_close(
        "out",
        out,
        torch_max_pool(x, ph, pw, stride),
        hint=f"{where}: H_out = 1 + (H - pool_height) // stride; windows start at i*stride",
    )
    dout = np.random.default_rng(seed).standard_normal(out.shape).astype(x.dtype)
    _, dx_t = torch_max_pool(x, ph, pw, stride, dout)
    dx = as_array("dx", cnn_layers.max_pool_backward(dout, cache))
    assert_close(
        "dx",
        dx,
        dx_t,
        kind="gradient",
        hint=f"{where}: only the (first) maximum of a window gets its gradient, and an input "
        "in several windows sums what it gets",
    )
    return out, dx


@test_case(points=1, hidden=False)
def test_forward_2x2(cnn_layers):
    # 最大池化 with a 2x2 filter: the largest value of each non-overlapping 2x2 block.
    x = np.array(
        [[1.0, 3.0, 2.0, 1.0], [4.0, 2.0, 0.0, 1.0], [5.0, 1.0, 1.0, 3.0], [0.0, 2.0, 4.0, 2.0]]
    ).reshape(1, 1, 4, 4)
    out, _ = cnn_layers.max_pool_forward(x, 2, 2, 2)
    out = as_array("out", out)
    assert_shape("out", out, (1, 1, 2, 2))
    assert_equal(
        "out", out, np.array([[[[4.0, 2.0], [5.0, 4.0]]]]), hint="the maximum of each 2x2 block"
    )


@test_case(points=1, hidden=False)
def test_backward_numeric(cnn_layers):
    rng = np.random.default_rng(30)
    # Distinct values, far apart relative to h: the maximum is unique and stays the same
    # under the finite-difference steps.
    x = rng.permutation(2 * 3 * 6 * 6).reshape(2, 3, 6, 6) / 10.0
    dout = rng.standard_normal((2, 3, 3, 3))
    _, cache = cnn_layers.max_pool_forward(x.copy(), 2, 2, 2)
    dx = cnn_layers.max_pool_backward(dout, cache)

    def out_of(a):
        return as_array("out", cnn_layers.max_pool_forward(a, 2, 2, 2)[0])

    assert_close(
        "dx",
        dx,
        numeric_gradient_array(out_of, x.copy(), dout),
        kind="numeric_gradient",
        hint="compared with centred differences of your forward pass (2x2, stride 2)",
    )


@test_case(points=1, hidden=False)
def test_tie_rule(cnn_layers):
    # Documented rule: when a window holds its maximum several times, the whole gradient goes
    # to the first of them in row-major order (as in torch.nn.functional.max_pool2d).
    x = np.array([[2.0, 5.0, 1.0, 1.0], [5.0, 5.0, 1.0, 1.0]]).reshape(1, 1, 2, 4)
    _, cache = cnn_layers.max_pool_forward(x.copy(), 2, 2, 2)
    dx = cnn_layers.max_pool_backward(np.array([[[[3.0, 7.0]]]]), cache)
    assert_equal(
        "dx",
        as_array("dx", dx),
        np.array([[[[0.0, 3.0, 7.0, 0.0], [0.0, 0.0, 0.0, 0.0]]]]),
        hint="a tie sends the whole gradient to the first maximum in row-major order, once",
    )


@test_case(points=1, hidden=False)
def test_layer_contract_public(cnn_layers):
    # How a network uses the layer: forward, then backward on the layer's own cache, in
    # float32, on a non-square input with a non-square window (swapping H and W, or
    # pool_height and pool_width, changes the answer), overlapping windows (stride 1) and
    # a stride that differs from the window. Neither call may write into its arguments or
    # keep state between calls.
    rng = np.random.default_rng(35)
    x = (rng.permutation(2 * 3 * 8 * 7).reshape(2, 3, 8, 7) / 10.0).astype(np.float32)
    for k, (ph, pw, stride) in enumerate([(3, 2, 1), (3, 2, 2)]):
        where = f"window {ph}x{pw}, stride {stride}, x {x.shape} float32"
        out, (dx,), dout = check_forward_backward(
            "max_pool",
            cnn_layers.max_pool_forward,
            cnn_layers.max_pool_backward,
            (x, ph, pw, stride),
            dout_seed=350 + k,
        )
        out_t, dx_t = torch_max_pool(x, ph, pw, stride, dout)
        assert_close(
            f"out ({where})",
            out,
            out_t,
            hint="H_out = 1 + (H - pool_height) // stride, W_out = 1 + (W - pool_width) "
            "// stride; windows start at i*stride",
        )
        assert_close(
            f"dx ({where})",
            dx,
            dx_t,
            kind="gradient",
            hint="only the (first) maximum of a window gets its gradient, and an input in "
            "several windows sums what it gets",
        )
