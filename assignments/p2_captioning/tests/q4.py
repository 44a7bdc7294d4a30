"""Public check 4: train.py trains a fresh model within a small CPU budget."""

import time

from otter.test_files import test_case

from nnkit import scenes
from nnkit.feedback import as_array, assert_that

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
    images, _ = scenes.make_scenes(20, seed=1)
    tokens = as_array("caption(train(...), images)", model.caption(net, images))
    assert_that(tokens.ndim == 2 and len(tokens) == 20, f"captions of shape {tokens.shape}")
