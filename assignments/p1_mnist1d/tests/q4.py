"""Public check 4: train.py trains a fresh model within a small CPU budget."""

import time

import numpy as np
from otter.test_files import test_case

from nnkit import mnist1d
from nnkit.feedback import as_array, assert_shape

OK_FORMAT = False
name = "q4"

BUDGET_S = 20.0


@test_case(points=3, hidden=False)
def test_train_respects_its_budget(model, train):
    start = time.monotonic()
    net = train.train(0, BUDGET_S, "cpu")
    elapsed = time.monotonic() - start
    assert elapsed <= BUDGET_S, (
        f"train(seed=0, budget_s={BUDGET_S:g}, device='cpu') took {elapsed:.1f} s: it must "
        "stop within budget_s seconds, data generation included"
    )
    x, _ = mnist1d.make(100, seed=1)
    labels = assert_shape("predict(train(...), x)", model.predict(net, x), (100,))
    assert np.issubdtype(as_array("labels", labels).dtype, np.integer), "labels must be integers"
