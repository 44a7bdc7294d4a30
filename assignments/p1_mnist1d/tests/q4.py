"""Public check 4: train.py trains a fresh model within a small CPU budget."""

import numpy as np
from otter.test_files import test_case

from nnkit import mnist1d
from nnkit.feedback import as_array, assert_shape
from nnkit.projectcheck import train_within_budget

OK_FORMAT = False
name = "q4"


@test_case(points=3, hidden=False)
def test_train_respects_its_budget(model, train):
    net = train_within_budget(train.train)
    x = mnist1d.make(100, seed=1)[0]
    labels = assert_shape("predict(train(...), x)", model.predict(net, x), (100,))
    assert np.issubdtype(as_array("labels", labels).dtype, np.integer), "labels must be integers"
