"""The check that compares a student's ``update(w, dw, state, **hyper) -> (w, state)``
with ``torch.optim`` step by step, and the gradients both are fed.

Assignment 4's tests (陷入局部最小的解决方法, Adam算法) use these: PyTorch is the independent
oracle (``nnkit.oracles.torch_trajectory``), fed exactly the gradients the student's
optimizer sees. Nothing here implements an update rule of the course.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

from nnkit.feedback import as_array, assert_close, assert_dtype, assert_that, call_checking_inputs
from nnkit.oracles import torch_trajectory


def gradient_sequence(seed, shape, steps, scale=1.0, dtype=np.float64):
    """A fixed sequence of gradients that does not depend on w (noisy, drifting mean)."""
    rng = np.random.default_rng(seed)
    drift = rng.normal(size=shape)
    return [((drift + rng.normal(size=shape)) * scale).astype(dtype) for _ in range(steps)]


def bowl_gradient(w, scale=1.0):
    """Gradient of an ill-conditioned bowl with a ripple: depends on w, so a wrong step
    changes every later gradient."""
    k = np.linspace(0.5, 20.0, w.size).reshape(w.shape)
    return (scale * (k * (w - 1.0) + np.sin(3.0 * w))).astype(w.dtype)


@functools.cache
def bowl(scale: float = 1.0) -> Callable[[np.ndarray], np.ndarray]:
    """``bowl_gradient`` with ``scale`` as a function of w: one object per scale, so that
    ``torch_trajectory`` computes a trajectory on the bowl once per process."""
    return functools.partial(bowl_gradient, scale=scale)


def student_trajectory(module, fname, w0, grads=None, steps=0, hyper=None, scale=1.0):
    """Weights after each call of the student's update, state passed back each time."""
    hyper = hyper or {}
    update = getattr(module, fname)
    w, state, out = w0.copy(), None, []
    for t in range(len(grads) if grads is not None else steps):
        g = grads[t] if grads is not None else bowl_gradient(w, scale)
        # copies: an update that writes into its arguments must not change the gradients
        # the oracle is fed afterwards (the hardened runner only ever sends copies)
        new_w, state = update(w.copy(), g.copy(), state, **hyper)
        w = as_array(f"{fname} w_new at step {t + 1}", new_w)
        assert_that(
            w.shape == w0.shape,
            f"{fname} returned w_new of shape {w.shape} at step {t + 1}, expected {w0.shape}",
        )
        out.append(w)
    return out


def compare(fname, received, expected, what, hint, kind="training"):
    """First the first step (most bias-correction bugs show there), then every step."""
    for t in range(len(expected)):
        assert_that(
            received[t].dtype == expected[t].dtype,
            f"{fname} returned w_new of dtype {received[t].dtype} for {expected[t].dtype} "
            "input: keep the parameter's dtype",
        )
        assert_close(
            f"{fname} w after step {t + 1} of {len(expected)} ({what})",
            received[t],
            expected[t],
            kind="forward" if t == 0 else kind,
            hint=hint,
        )


def check_against_torch(module, fname, w0, hint, what, grads=None, steps=0, hyper=None, scale=1.0):
    got = student_trajectory(module, fname, w0, grads, steps, hyper, scale)
    want = torch_trajectory(fname, w0, grads, steps, hyper, bowl(scale))
    compare(fname, got, want, what, hint)


def check_update_contract(module, fname, hint, hyper=None, steps=4, seed=0):
    """How a training loop uses an optimizer: two float32 parameters, each with its own
    state, updated in turn for ``steps`` steps, compared with torch.optim.

    Anything kept outside the returned state (a module-level buffer or step counter, a
    mutable default) mixes the two parameters up; w_new must stay float32; the gradient
    passed in must be left as it is (w and the state may be updated in place).
    """
    rng = np.random.default_rng(seed)
    # the same shape: a buffer kept per shape outside the state mixes them up too
    shapes = [(3, 2), (3, 2)]
    starts = [rng.normal(size=s).astype(np.float32) for s in shapes]
    grads = [
        gradient_sequence(seed + 1 + k, s, steps, dtype=np.float32) for k, s in enumerate(shapes)
    ]
    update = getattr(module, fname)
    weights, states = [w.copy() for w in starts], [None, None]
    got = [[], []]
    for t in range(steps):
        for k in range(2):
            result = call_checking_inputs(
                f"{fname}(w, dw, state) at step {t + 1}",
                update,
                weights[k].copy(),
                grads[k][t],
                states[k],
                only_args=(1,),
                **(hyper or {}),
            )
            assert_that(
                isinstance(result, (tuple, list)) and len(result) == 2,
                f"{fname}(w, dw, state) should return a pair (w_new, state)",
            )
            weights[k] = assert_dtype(f"{fname} w_new for a float32 w", result[0], np.float32)
            states[k] = result[1]
            got[k].append(weights[k])
    for k, which in enumerate(("first", "second")):
        compare(
            fname,
            got[k],
            torch_trajectory(fname, starts[k], grads[k], hyper=hyper),
            f"float32, {which} of two parameters updated in turn, each with its own state",
            hint,
        )
