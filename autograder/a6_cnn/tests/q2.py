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
from nnkit.grading import reference
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


@test_case(points=1, hidden=True)
def test_im2col_strides_and_paddings(cnn_layers):
    ref = reference("a6_cnn", "cnn_layers")
    rng = np.random.default_rng(22)
    for x_shape, HH, WW, stride, pad in [
        ((2, 3, 7, 6), 3, 2, 2, 1),
        ((3, 1, 8, 9), 3, 3, 3, 2),
        ((1, 2, 5, 5), 1, 1, 1, 0),
    ]:
        x = rng.standard_normal(x_shape)
        assert_equal(
            "cols",
            cnn_layers.im2col(x, HH, WW, stride, pad),
            ref.im2col(x, HH, WW, stride, pad),
            hint=f"im2col with HH={HH}, WW={WW}, stride={stride}, pad={pad}, x {x_shape}",
        )


@test_case(points=1, hidden=True)
def test_col2im_is_the_adjoint_of_im2col(cnn_layers):
    # <im2col(x), d> = <x, col2im(d)> for all x and d: col2im alone, against the reference's
    # im2col, so that a wrong im2col does not cost these points too.
    ref = reference("a6_cnn", "cnn_layers")
    rng = np.random.default_rng(23)
    for x_shape, HH, WW, stride, pad in [((2, 3, 7, 6), 3, 2, 2, 1), ((1, 2, 6, 6), 3, 3, 1, 1)]:
        x = rng.standard_normal(x_shape)
        cols = ref.im2col(x, HH, WW, stride, pad)
        dcols = rng.standard_normal(cols.shape)
        dx = as_array("dx", cnn_layers.col2im(dcols, x_shape, HH, WW, stride, pad))
        assert_shape("dx", dx, x_shape)
        # The adjoint of a linear map is its transpose: build it one basis vector at a time.
        expected = np.zeros(x.size)
        for k in range(x.size):
            e = np.zeros(x.size)
            e[k] = 1.0
            expected[k] = np.sum(ref.im2col(e.reshape(x_shape), HH, WW, stride, pad) * dcols)
        assert_close(
            "dx",
            dx,
            expected.reshape(x_shape),
            kind="gradient",
            hint=f"col2im with HH={HH}, WW={WW}, stride={stride}, pad={pad}: add (not assign) "
            "overlapping windows, then cut the padding off",
        )


@test_case(points=1, hidden=False)
def test_layer_contract_public(cnn_layers):
    # how a network uses the layer (nnkit.oracles.check_conv_layer says what is checked)
    check_conv_layer(
        cnn_layers.conv_forward_fast, cnn_layers.conv_backward_fast, "conv_backward_fast"
    )


@test_case(points=2, hidden=True)
def test_forward_strides_and_paddings(cnn_layers):
    rng = np.random.default_rng(24)
    for x_shape, w_shape, stride, pad in [
        ((4, 3, 9, 7), (5, 3, 3, 2), 2, 1),
        ((2, 2, 11, 10), (3, 2, 4, 4), 3, 2),
        ((3, 4, 5, 6), (2, 4, 1, 1), 1, 0),
        ((2, 2, 8, 8), (6, 2, 3, 3), 2, 0),
        ((5, 1, 12, 12), (4, 1, 5, 5), 1, 2),
    ]:
        check_forward(cnn_layers, *random_conv(rng, x_shape, w_shape), stride, pad)


@test_case(points=2, hidden=True)
def test_backward_strides_and_paddings(cnn_layers):
    rng = np.random.default_rng(25)
    for k, (x_shape, w_shape, stride, pad) in enumerate(
        [
            ((4, 3, 9, 7), (5, 3, 3, 2), 2, 1),
            ((2, 2, 11, 10), (3, 2, 4, 4), 3, 2),
            ((2, 2, 8, 8), (6, 2, 3, 3), 2, 0),
            ((5, 1, 12, 12), (4, 1, 5, 5), 1, 2),
        ]
    ):
        check_backward(cnn_layers, *random_conv(rng, x_shape, w_shape), stride, pad, seed=250 + k)


@test_case(points=1, hidden=True)
def test_float32(cnn_layers):
    rng = np.random.default_rng(26)
    x = rng.standard_normal((4, 3, 8, 7)).astype(np.float32)
    w = rng.standard_normal((5, 3, 3, 3)).astype(np.float32)
    b = rng.standard_normal(5).astype(np.float32)
    out = check_forward(cnn_layers, x, w, b, 2, 1)
    assert_that(out.dtype == np.float32, f"out has dtype {out.dtype}: keep the dtype of x")
    grads = check_backward(cnn_layers, x, w, b, 2, 1, seed=26)
    for grad_name, g in zip(("dx", "dw", "db"), grads):
        g = as_array(grad_name, g)
        assert_that(g.dtype == np.float32, f"{grad_name} has dtype {g.dtype}: keep float32")
