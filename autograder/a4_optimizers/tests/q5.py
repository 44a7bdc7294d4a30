"""q5: the Rosenbrock valley, its gradient and the optimisation loop (Experiment 1)."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import as_array, assert_close, assert_shape, call_checking_inputs
from nnkit.grading import reference
from nnkit.oracles import torch_rosenbrock_gradient

OK_FORMAT = False
name = "q5"

HINT_GRAD = (
    "differentiate (1 − x)² + 100 (y − x²)² with respect to x (both terms depend on x) "
    "and y; compare with centred differences of rosenbrock"
)
HINT_LOOP = (
    "one state for the point, None at first; each step: gradient at the current point, "
    "optimizer(point, gradient, state, **hyper) → (point, state); path[0] is the start"
)


def driven_path(optimizers, fname, start, steps, gradient, hyper):
    """The path the loop should produce: this test calls your optimizer itself, step by
    step, with the gradient given (so a bug in the optimizer does not count here)."""
    point, state, path = start.copy(), None, [start.copy()]
    update = getattr(optimizers, fname)
    for _ in range(steps):
        point, state = update(point.copy(), gradient(point), state, **hyper)
        point = as_array(f"{fname} w_new", point)
        path.append(point)
    return np.stack(path)


def check_minimize(optimizers, fname, start, steps, gradient, hyper):
    expected = driven_path(optimizers, fname, start, steps, gradient, hyper)
    path = call_checking_inputs(
        f"minimize({fname!r}, start, {steps})", optimizers.minimize, fname, start, steps, **hyper
    )
    path = assert_shape(f"minimize({fname!r}, start, {steps})", path, (steps + 1, 2))
    assert_close(
        f"minimize({fname!r}, start, {steps}, **{hyper}) path",
        path,
        expected,
        kind="training",
        hint=HINT_LOOP,
    )


@test_case(points=1, hidden=False)
def test_gradient_public(optimizers):
    rng = np.random.default_rng(50)
    for p in [np.array([-1.5, 2.0]), np.array([1.0, 1.0]), *rng.uniform(-2, 2, size=(4, 2))]:
        grad = call_checking_inputs("rosenbrock_grad(p)", optimizers.rosenbrock_grad, p.copy())
        grad = assert_shape("rosenbrock_grad(p)", grad, (2,))
        assert_close(
            f"rosenbrock_grad({p.tolist()})", grad, torch_rosenbrock_gradient(p), hint=HINT_GRAD
        )


@test_case(points=1, hidden=False)
def test_minimize_public(optimizers):
    start = np.array([-1.5, 2.0])
    check_minimize(optimizers, "sgd", start, 20, torch_rosenbrock_gradient, {"lr": 1e-3})
    check_minimize(optimizers, "rmsprop", start, 30, torch_rosenbrock_gradient, {"lr": 0.05})


@test_case(points=1, hidden=True)
def test_gradient_other_points(optimizers):
    ref = reference("a4_optimizers", "optimizers")
    rng = np.random.default_rng(51)
    for p in rng.normal(scale=3.0, size=(6, 2)):
        grad = assert_shape("rosenbrock_grad(p)", optimizers.rosenbrock_grad(p.copy()), (2,))
        assert_close(f"rosenbrock_grad({p.tolist()})", grad, ref.rosenbrock_grad(p), hint=HINT_GRAD)


@test_case(points=2, hidden=True)
def test_minimize_other_optimizers(optimizers):
    ref = reference("a4_optimizers", "optimizers")
    start = np.array([0.5, -0.5])
    for fname, hyper in (
        ("sgd_momentum", {"lr": 2e-4, "momentum": 0.9}),
        ("rmsprop", {"lr": 1e-2}),
        ("rmsprop", {"lr": 0.02, "alpha": 0.9}),
    ):
        check_minimize(optimizers, fname, start, 40, ref.rosenbrock_grad, hyper)
    # zero steps: the path is the start alone
    check_minimize(optimizers, "sgd", start, 0, ref.rosenbrock_grad, {})
