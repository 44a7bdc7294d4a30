"""Question 1: the convolution's backward pass with loops (卷积层); the forward is given."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import as_array, assert_close, assert_that
from nnkit.gradcheck import numeric_gradient_array
from nnkit.oracles import check_conv_layer, torch_conv

OK_FORMAT = False
name = "q1"


def check_backward(cnn_layers, x, w, b, stride, pad, seed):
    out_shape = torch_conv(x, w, b, stride, pad).shape
    dout = np.random.default_rng(seed).standard_normal(out_shape).astype(x.dtype)
    _, (dx_t, dw_t, db_t) = torch_conv(x, w, b, stride, pad, dout)
    _, cache = cnn_layers.conv_forward_naive(x.copy(), w.copy(), b.copy(), stride, pad)
    grads = cnn_layers.conv_backward_naive(dout, cache)
    assert_that(len(grads) == 3, "conv_backward_naive must return the tuple (dx, dw, db)")
    where = f"(stride={stride}, pad={pad}, x {x.shape}, w {w.shape})"
    hint = f"{where}: check how each output pixel's window maps back to x_pad and w"
    assert_close("dx", grads[0], dx_t, kind="gradient", hint=hint + "; drop the padding at the end")
    assert_close("dw", grads[1], dw_t, kind="gradient", hint=hint)
    assert_close("db", grads[2], db_t, kind="gradient", hint=f"{where}: db[f] sums dout[:, f]")


@test_case(points=1, hidden=False)
def test_backward_numeric(cnn_layers):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 2, 4, 4))
    w = rng.standard_normal((3, 2, 3, 3))
    b = rng.standard_normal(3)
    dout = rng.standard_normal((2, 3, 4, 4))
    _, cache = cnn_layers.conv_forward_naive(x.copy(), w.copy(), b.copy(), 1, 1)
    dx, dw, db = cnn_layers.conv_backward_naive(dout, cache)

    def out_of(x_, w_, b_):
        return as_array("out", cnn_layers.conv_forward_naive(x_, w_, b_, 1, 1)[0])

    expected = {
        "dx": numeric_gradient_array(lambda a: out_of(a, w, b), x.copy(), dout),
        "dw": numeric_gradient_array(lambda a: out_of(x, a, b), w.copy(), dout),
        "db": numeric_gradient_array(lambda a: out_of(x, w, a), b.copy(), dout),
    }
    for grad_name, received in (("dx", dx), ("dw", dw), ("db", db)):
        assert_close(
            grad_name,
            received,
            expected[grad_name],
            kind="numeric_gradient",
            hint="compared with centred differences of the forward pass (stride 1, pad 1)",
        )


@test_case(points=1, hidden=False)
def test_layer_contract_public(cnn_layers):
    # how a network uses the layer (nnkit.oracles.check_conv_layer says what is checked)
    check_conv_layer(
        cnn_layers.conv_forward_naive, cnn_layers.conv_backward_naive, "conv_backward_naive"
    )


@test_case(points=2, hidden=True)
def test_backward_against_torch(cnn_layers):
    rng = np.random.default_rng(12)
    for k, (x_shape, w_shape, stride, pad) in enumerate(
        [
            ((2, 3, 7, 6), (4, 3, 3, 2), 2, 1),
            ((1, 2, 6, 7), (3, 2, 2, 3), 1, 2),
            ((1, 2, 8, 8), (2, 2, 3, 3), 2, 0),
        ]
    ):
        x = rng.standard_normal(x_shape)
        w = rng.standard_normal(w_shape)
        b = rng.standard_normal(w_shape[0])
        check_backward(cnn_layers, x, w, b, stride, pad, seed=100 + k)


@test_case(points=1, hidden=True)
def test_float32(cnn_layers):
    rng = np.random.default_rng(13)
    x = rng.standard_normal((2, 2, 5, 6)).astype(np.float32)
    w = rng.standard_normal((3, 2, 3, 3)).astype(np.float32)
    b = rng.standard_normal(3).astype(np.float32)
    check_backward(cnn_layers, x, w, b, 2, 1, seed=13)
    out, cache = cnn_layers.conv_forward_naive(x.copy(), w.copy(), b.copy(), 2, 1)
    grads = cnn_layers.conv_backward_naive(np.ones_like(as_array("out", out)), cache)
    for grad_name, g in zip(("dx", "dw", "db"), grads):
        g = as_array(grad_name, g)
        assert_that(g.dtype == np.float32, f"{grad_name} has dtype {g.dtype}: keep float32")
