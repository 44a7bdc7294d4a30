"""Public check 2: predictions on the public validation set have the right shape and type."""

import numpy as np
from otter.test_files import test_case

from nnkit import mnist1d
from nnkit.feedback import assert_shape, assert_that
from nnkit.projectcheck import VALIDATION_SEED, load_submitted

OK_FORMAT = False
name = "q2"


@test_case(points=2, hidden=False)
def test_predictions_are_labels(model):
    x, _ = mnist1d.make(1000, seed=VALIDATION_SEED)
    net = load_submitted(model)
    labels = assert_shape("predict(net, x)", model.predict(net, x), (len(x),))
    assert_that(
        np.issubdtype(labels.dtype, np.integer),
        f"predict must return integer labels, got dtype {labels.dtype}: use argmax over the "
        "ten classes",
    )
    assert_that(
        bool(((labels >= 0) & (labels <= 9)).all()),
        f"labels must be digits 0..9, got values from {labels.min()} to {labels.max()}",
    )
