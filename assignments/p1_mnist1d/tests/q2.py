"""Public check 2: predictions on the public validation set have the right shape and type."""

import numpy as np
from otter.test_files import test_case

from nnkit import mnist1d
from nnkit.feedback import as_array, assert_shape, assert_that

OK_FORMAT = False
name = "q2"

VALIDATION_SEED = 1  # project.yml: data.validation_seed


@test_case(points=2, hidden=False)
def test_predictions_are_labels(model):
    x, _ = mnist1d.make(1000, seed=VALIDATION_SEED)
    net = model.load("weights.pt", "cpu")
    labels = assert_shape("predict(net, x)", model.predict(net, x), (len(x),))
    labels = as_array("predict(net, x)", labels)
    assert_that(
        np.issubdtype(labels.dtype, np.integer),
        f"predict must return integer labels, got dtype {labels.dtype}: use argmax over the "
        "ten classes",
    )
    assert_that(
        bool(((labels >= 0) & (labels <= 9)).all()),
        f"labels must be digits 0..9, got values from {labels.min()} to {labels.max()}",
    )
