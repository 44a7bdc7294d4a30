"""Question 4: average pooling forward and backward (平均池化)."""

import numpy as np
import torch.nn.functional as tf
from otter.test_files import test_case

from nnkit.feedback import (
    as_array,
    assert_close,
    assert_shape,
    assert_that,
    check_forward_backward,
)
from nnkit.gradcheck import numeric_gradient_array
from nnkit.oracles import torch_vjp

OK_FORMAT = False
name = "q4"


def torch_avg_pool(x, ph, pw, stride, dout=None):
    """torch's avg_pool2d output (and, given dout, dx)."""
    if dout is None:
        return torch_vjp(tf.avg_pool2d, (x,), kernel_size=(ph, pw), stride=stride)
    out, (dx,) = torch_vjp(tf.avg_pool2d, (x,), dout, kernel_size=(ph, pw), stride=stride)
    return out, dx


def check(cnn_layers, x, ph, pw, stride, seed):
    where = f"window {ph}x{pw}, stride {stride}, x {x.shape}"
    out, cache = cnn_layers.avg_pool_forward(x.copy(), ph, pw, stride)
    out = as_array("out", out)
    assert_close(
        "out",
        out,
        torch_avg_pool(x, ph, pw, stride),
        hint=f"{where}: the mean over pool_height*pool_width inputs of each window",
    )
    dout = np.random.default_rng(seed).standard_normal(out.shape).astype(x.dtype)
    _, dx_t = torch_avg_pool(x, ph, pw, stride, dout)
    dx = as_array("dx", cnn_layers.avg_pool_backward(dout, cache))
    assert_close(
        "dx",
        dx,
        dx_t,
        kind="gradient",
        hint=f"{where}: each input of a window gets dout / (pool_height*pool_width), summed "
        "over the windows that contain it",
    )
    return out, dx


@test_case(points=1, hidden=False)
def test_forward_2x2(cnn_layers):
    # 平均池化 with a 2x2 filter: the mean of each non-overlapping 2x2 block.
    x = np.array(
        [[1.0, 3.0, 2.0, 1.0], [4.0, 2.0, 0.0, 1.0], [5.0, 1.0, 1.0, 3.0], [0.0, 2.0, 4.0, 2.0]]
    ).reshape(1, 1, 4, 4)
    out, _ = cnn_layers.avg_pool_forward(x, 2, 2, 2)
    out = as_array("out", out)
    assert_shape("out", out, (1, 1, 2, 2))
    assert_close("out", out, np.array([[[[2.5, 1.0], [2.0, 2.5]]]]), hint="the mean of each block")


@test_case(points=1, hidden=False)
def test_backward_numeric(cnn_layers):
    rng = np.random.default_rng(40)
    x = rng.standard_normal((2, 3, 6, 4))
    dout = rng.standard_normal((2, 3, 3, 2))
    _, cache = cnn_layers.avg_pool_forward(x.copy(), 2, 2, 2)
    dx = cnn_layers.avg_pool_backward(dout, cache)

    def out_of(a):
        return as_array("out", cnn_layers.avg_pool_forward(a, 2, 2, 2)[0])

    assert_close(
        "dx",
        dx,
        numeric_gradient_array(out_of, x.copy(), dout),
        kind="numeric_gradient",
        hint="compared with centred differences of your forward pass (2x2, stride 2)",
    )


@test_case(points=1, hidden=True)
def test_forward_general_windows(cnn_layers):
    rng = np.random.default_rng(41)
    for x_shape, ph, pw, stride in [((2, 3, 9, 7), 3, 3, 2), ((1, 2, 7, 8), 2, 3, 1)]:
        x = rng.standard_normal(x_shape)
        out, _ = cnn_layers.avg_pool_forward(x, ph, pw, stride)
        assert_close(
            "out",
            out,
            torch_avg_pool(x, ph, pw, stride),
            hint=f"window {ph}x{pw}, stride {stride}, x {x_shape}: "
            "H_out = 1 + (H - pool_height) // stride; divide by pool_height*pool_width",
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
            "avg_pool",
            cnn_layers.avg_pool_forward,
            cnn_layers.avg_pool_backward,
            (x, ph, pw, stride),
            dout_seed=350 + k,
        )
        out_t, dx_t = torch_avg_pool(x, ph, pw, stride, dout)
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
            hint="each input of a window gets dout / (pool_height*pool_width), summed over "
            "the windows that contain it",
        )


@test_case(points=2, hidden=True)
def test_backward_general_windows(cnn_layers):
    rng = np.random.default_rng(42)
    for k, (x_shape, ph, pw, stride) in enumerate(
        [
            ((2, 3, 9, 7), 3, 3, 2),
            ((1, 2, 7, 8), 2, 3, 1),
            ((2, 1, 10, 11), 4, 2, 3),
            ((3, 2, 8, 8), 2, 2, 2),
        ]
    ):
        check(cnn_layers, rng.standard_normal(x_shape), ph, pw, stride, seed=420 + k)


@test_case(points=1, hidden=True)
def test_float32(cnn_layers):
    rng = np.random.default_rng(43)
    x = rng.standard_normal((3, 4, 8, 10)).astype(np.float32)
    out, dx = check(cnn_layers, x, 2, 2, 2, seed=43)
    assert_that(out.dtype == np.float32, f"out has dtype {out.dtype}: keep the dtype of x")
    assert_that(dx.dtype == np.float32, f"dx has dtype {dx.dtype}: keep the dtype of x")
