"""The feedback helpers: messages that tell expected from received, and the layer
contract of ``check_forward_backward`` on small layers with one known bug each."""

from __future__ import annotations

import numpy as np
import pytest

from nnkit.feedback import (
    assert_close,
    assert_equal,
    call_checking_inputs,
    check_forward_backward,
)


def _message(call) -> str:
    with pytest.raises(AssertionError) as info:
        call()
    return str(info.value)


def test_tiny_differences_print_enough_digits():
    text = _message(lambda: assert_close("a", [1.0000003], [1.0]))
    assert "expected 1," in text and "received 1.0000003" in text
    text = _message(lambda: assert_equal("b", np.array([0.1 + 1e-12]), np.array([0.1])))
    assert "received 0.100000000001" in text


def scale_forward(x, factor=2.0):
    return x * factor, (x, factor)


def scale_backward(dout, cache):
    return dout * cache[1]


def scale_forward_in_place(x, factor=2.0):
    x *= factor
    return x, (x, factor)


_last = []


def scale_forward_global(x, factor=2.0):
    _last[:] = [factor * np.sign(x)]
    return x * factor, (x, factor)


def scale_backward_global(dout, cache):
    return dout * _last[0] * np.sign(cache[0])


def scale_backward_writes_cache(dout, cache):
    cache[0][...] = 0.0
    return dout * cache[1]


def scale_backward_float64(dout, cache):
    return (dout * cache[1]).astype(np.float64)


X = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]], dtype=np.float32)


def test_a_correct_layer_passes_and_returns_what_the_oracle_needs():
    out, (dx,), dout = check_forward_backward("scale", scale_forward, scale_backward, (X,))
    np.testing.assert_array_equal(out, 2 * X)
    np.testing.assert_array_equal(dx, 2 * dout)
    assert dout.dtype == np.float32


@pytest.mark.parametrize(
    "forward, backward, words",
    [
        (scale_forward_in_place, scale_backward, "scale_forward changed its argument 1"),
        (scale_forward, scale_backward_writes_cache, "scale_backward changed its argument 2[0]"),
        (scale_forward, scale_backward_float64, "has dtype float64, expected float32"),
    ],
)
def test_each_broken_contract_is_named(forward, backward, words):
    assert words in _message(
        lambda: check_forward_backward("scale", forward, backward, (X.copy(),))
    )


def test_a_backward_reading_a_global_gets_the_later_forwards_input():
    # forward on flipped inputs runs in between: the global now describes those, so the
    # gradients are those of other inputs, which the test's oracle comparison catches
    _, (dx,), dout = check_forward_backward(
        "scale", scale_forward_global, scale_backward_global, (X,)
    )
    assert not np.allclose(dx, 2 * dout)


def test_only_args_limits_the_check():
    def update(w, dw):
        w -= dw
        return w

    w, dw = np.ones(3), np.full(3, 0.5)
    call_checking_inputs("update", update, w, dw, only_args=(1,))
    assert "changed its argument 1" in _message(
        lambda: call_checking_inputs("update", update, np.ones(3), dw)
    )
