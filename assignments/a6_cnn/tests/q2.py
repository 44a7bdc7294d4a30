"""Question 2: fast convolution with im2col and one matrix product (卷积层)."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import (
    as_array,
    assert_close,
    assert_equal,
    assert_shape,
    assert_that,
)
from nnkit.oracles import check_conv_layer, torch_conv

OK_FORMAT = False
name = "q2"

# The lecture's two-dimensional example (卷积神经网络, 二维情况).
LECTURE_INPUT = np.array(
    [[1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 1], [0, 0, 1, 1, 0], [0, 1, 1, 0, 0]],
    dtype=np.float64,
)
LECTURE_KERNEL = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]], dtype=np.float64)


def random_conv(rng, x_shape, w_shape):
    """Standard normal x, w and b (one bias per filter) of the given shapes, drawn in that order."""
    return (
        rng.standard_normal(x_shape),
        rng.standard_normal(w_shape),
        rng.standard_normal(w_shape[0]),
    )


def check_forward(cnn_layers, x, w, b, stride, pad):
    out, _ = cnn_layers.conv_forward_fast(x, w, b, stride, pad)
    out = as_array("out", out)
    assert_close(
        "out",
        out,
        torch_conv(x, w, b, stride, pad),
        hint=f"conv_forward_fast with stride={stride}, pad={pad}, x {x.shape}, w {w.shape}: "
        "columns are ordered (i, j, n); move the image axis back to the front",
    )
    return out


def check_backward(cnn_layers, x, w, b, stride, pad, seed):
    out_shape = torch_conv(x, w, b, stride, pad).shape
    dout = np.random.default_rng(seed).standard_normal(out_shape).astype(x.dtype)
    _, (dx_t, dw_t, db_t) = torch_conv(x, w, b, stride, pad, dout)
    _, cache = cnn_layers.conv_forward_fast(x.copy(), w.copy(), b.copy(), stride, pad)
    grads = cnn_layers.conv_backward_fast(dout, cache)
    assert_that(len(grads) == 3, "conv_backward_fast must return the tuple (dx, dw, db)")
    where = f"conv_backward_fast with stride={stride}, pad={pad}, x {x.shape}, w {w.shape}"
    assert_close(
        "dx",
        grads[0],
        dx_t,
        kind="gradient",
        hint=f"{where}: the gradient of the columns has their shape; col2im adds it back",
    )
    assert_close(
        "dw", grads[1], dw_t, kind="gradient", hint=f"{where}: every window adds its share to dw"
    )
    assert_close("db", grads[2], db_t, kind="gradient", hint=f"{where}: db[f] sums dout[:, f]")
    return grads


@test_case(points=1, hidden=False)
def test_im2col_layout(cnn_layers):
    # Any layout bug shows up when the columns, multiplied by random filters and reshaped
    # the documented way, fail to give the convolution.
    rng = np.random.default_rng(19)
    x = rng.standard_normal((2, 2, 3, 4))
    w = rng.standard_normal((3, 2, 2, 2))
    cols = as_array("cols", cnn_layers.im2col(x, 2, 2, 1, 0))
    assert_shape("cols", cols, (2 * 2 * 2, 2 * 3 * 2))
    out = (w.reshape(3, -1) @ cols).reshape(3, 2, 3, 2).transpose(3, 0, 1, 2)
    assert_close(
        "w.reshape(F, -1) @ im2col(x) reshaped to (N, F, H_out, W_out)",
        out,
        torch_conv(x, w, np.zeros(3), 1, 0),
        hint="row c*HH*WW + p*WW + q, column (i*W_out + j)*N + n holds x[n, c, i + p, j + q]",
    )


@test_case(points=1, hidden=False)
def test_lecture_examples(cnn_layers):
    x = LECTURE_INPUT.reshape(1, 1, 5, 5)
    w = LECTURE_KERNEL.reshape(1, 1, 3, 3)
    out = check_forward(cnn_layers, x, w, np.zeros(1), 1, 0)
    # The first output value, 4, is the lecture's (m层的一个过滤器).
    assert_equal("out[0, 0, 0, 0]", out[0, 0, 0, 0], 4.0, hint="the lecture's first output is 4")
    # 卷积层: three 3x3 filters on a 10x10 image give three 8x8 maps.
    rng = np.random.default_rng(20)
    out = check_forward(
        cnn_layers,
        rng.standard_normal((2, 1, 10, 10)),
        rng.standard_normal((3, 1, 3, 3)),
        rng.standard_normal(3),
        1,
        0,
    )
    assert_shape("out", out, (2, 3, 8, 8))


@test_case(points=1, hidden=False)
def test_backward_public(cnn_layers):
    rng = np.random.default_rng(21)
    x = rng.standard_normal((3, 2, 6, 6))
    w = rng.standard_normal((4, 2, 3, 3))
    b = rng.standard_normal(4)
    check_backward(cnn_layers, x, w, b, 1, 1, seed=21)


@test_case(points=1, hidden=False)
def test_layer_contract_public(cnn_layers):
    # how a network uses the layer (nnkit.oracles.check_conv_layer says what is checked)
    check_conv_layer(
        cnn_layers.conv_forward_fast, cnn_layers.conv_backward_fast, "conv_backward_fast"
    )
