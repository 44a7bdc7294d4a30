"""Public check 2: captions of the validation scenes are token ids of the right shape."""

import numpy as np
from otter.test_files import test_case

from nnkit import scenes
from nnkit.feedback import as_array, assert_that
from nnkit.projectcheck import VALIDATION_SEED, load_submitted

OK_FORMAT = False
name = "q2"


@test_case(points=2, hidden=False)
def test_captions_are_token_ids(model):
    images = scenes.make_scenes(200, seed=VALIDATION_SEED)[0]
    net = load_submitted(model)
    tokens = as_array("caption(net, images)", model.caption(net, images))
    assert_that(
        tokens.ndim == 2 and tokens.shape[0] == len(images) and tokens.shape[1] <= 40,
        f"caption must return (N, T) token ids with T <= 40 for N = {len(images)} images, "
        f"got shape {tokens.shape}",
    )
    assert_that(
        np.issubdtype(tokens.dtype, np.integer),
        f"caption must return integer token ids, got dtype {tokens.dtype}",
    )
    assert_that(
        bool(((tokens >= 0) & (tokens < len(scenes.VOCAB))).all()),
        f"token ids must lie in 0..{len(scenes.VOCAB) - 1} (nnkit.scenes.VOCAB)",
    )
    ended = [scenes.END in row for row in tokens.tolist()]
    assert_that(
        np.mean(ended) >= 0.9,
        f"only {np.mean(ended):.0%} of the captions contain END: the decoder must stop",
    )
