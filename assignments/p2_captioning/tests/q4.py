"""Public check 4: train.py trains a fresh model within a small CPU budget."""

from otter.test_files import test_case

from nnkit import scenes
from nnkit.feedback import as_array, assert_that
from nnkit.projectcheck import train_within_budget

OK_FORMAT = False
name = "q4"


@test_case(points=3, hidden=False)
def test_train_respects_its_budget(model, train):
    net = train_within_budget(train.train)
    images, _ = scenes.make_scenes(20, seed=1)
    tokens = as_array("caption(train(...), images)", model.caption(net, images))
    assert_that(tokens.ndim == 2 and len(tokens) == 20, f"captions of shape {tokens.shape}")
