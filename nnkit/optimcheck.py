"""Expected optimizer trajectories from ``torch.optim``, and the check that compares a
student's ``update(w, dw, state, **hyper) -> (w, state)`` with them step by step.

Assignment 4's tests (陷入局部最小的解决方法, Adam算法) use these: PyTorch is the independent
oracle, fed exactly the gradients the student's optimizer sees. Nothing here implements an
update rule of the course.
"""

from __future__ import annotations

import numpy as np

from nnkit.feedback import as_array, assert_close, assert_dtype, assert_that, call_checking_inputs

TORCH_OPTIMIZERS = {
    "sgd": lambda torch, p, h: torch.optim.SGD([p], lr=h.get("lr", 1e-2)),
    "sgd_momentum": lambda torch, p, h: torch.optim.SGD(
        [p], lr=h.get("lr", 1e-2), momentum=h.get("momentum", 0.9)
    ),
    "rmsprop": lambda torch, p, h: torch.optim.RMSprop(
        [p], lr=h.get("lr", 1e-2), alpha=h.get("alpha", 0.99), eps=h.get("eps", 1e-8)
    ),
    "adam": lambda torch, p, h: torch.optim.Adam(
        [p],
        lr=h.get("lr", 1e-3),
        betas=(h.get("beta1", 0.9), h.get("beta2", 0.999)),
        eps=h.get("eps", 1e-8),
    ),
}
FAR_ALONG = float(2**40)


def _adam_far_along(torch, p, h):
    """Adam without bias correction: torch.optim.Adam whose step counter starts so far
    along that 1 − β^t rounds to 1 (the same moment averages, used as they are). One step
    with a zero gradient creates the state (m = v = 0, p unchanged), then the counter moves
    on."""
    opt = TORCH_OPTIMIZERS["adam"](torch, p, h)
    p.grad = torch.zeros_like(p)
    opt.step()
    state = opt.state[p]
    state["step"] = torch.tensor(FAR_ALONG, dtype=state["step"].dtype)
    return opt


TORCH_OPTIMIZERS["adam_uncorrected"] = _adam_far_along


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


_TRAJECTORIES: dict[tuple, list[np.ndarray]] = {}


def torch_trajectory(fname, w0, grads=None, steps=0, hyper=None, scale=1.0):
    """Weights after each step of torch.optim fed the same gradients: the oracle.

    A pure function of its arguments, so it runs once per process for the same ones
    (grading many submissions in one process asks for the same trajectories again);
    every caller gets its own copies."""
    w0 = np.asarray(w0)
    if grads is not None:
        grads = [np.asarray(g) for g in grads]
    key = (
        fname,
        w0.dtype.str,
        w0.shape,
        w0.tobytes(),
        None if grads is None else tuple((g.dtype.str, g.shape, g.tobytes()) for g in grads),
        steps,
        tuple(sorted((hyper or {}).items())),
        scale,
    )
    try:
        known = _TRAJECTORIES.get(key)
    except TypeError:  # a hyper-parameter that is not hashable: no reuse
        return _torch_trajectory(fname, w0, grads, steps, hyper, scale)
    if known is None:
        known = _TRAJECTORIES[key] = _torch_trajectory(fname, w0, grads, steps, hyper, scale)
    return [w.copy() for w in known]


def _torch_trajectory(fname, w0, grads, steps, hyper, scale):
    import torch

    hyper = hyper or {}
    p = torch.nn.Parameter(torch.tensor(w0.copy()))
    opt = TORCH_OPTIMIZERS[fname](torch, p, hyper)
    out = []
    for t in range(len(grads) if grads is not None else steps):
        w = p.detach().numpy()
        g = grads[t] if grads is not None else bowl_gradient(w.copy(), scale)
        p.grad = torch.tensor(g)
        opt.step()
        out.append(p.detach().numpy().copy())
    return out


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
    want = torch_trajectory(fname, w0, grads, steps, hyper, scale)
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
