"""q5: the gradient of the Rosenbrock valley (Experiment 1); the loop `minimize` is given."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import assert_close, assert_shape, call_checking_inputs
from nnkit.oracles import torch_rosenbrock_gradient

OK_FORMAT = False
name = "q5"

HINT_GRAD = (
    "differentiate (1 − x)² + 100 (y − x²)² with respect to x (both terms depend on x) "
    "and y; compare with centred differences of rosenbrock"
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
