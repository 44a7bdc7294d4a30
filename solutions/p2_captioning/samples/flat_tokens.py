"""Returns the captions flattened into one row of tokens instead of (N, T)."""

EXPECT_SCORE = 0.0
EXPECT_MESSAGE = "expected (1000, T) token ids"
WEIGHTS = "reference"

_reference_caption = caption


def caption(net, images, batch_size=500):
    return _reference_caption(net, images, batch_size).reshape(-1)
