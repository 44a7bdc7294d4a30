"""Writes the same grammatical caption for every scene: it never looks at the image."""

EXPECT_SCORE = 0.0
EXPECT_MESSAGE = "exact_match: 0.0"
WEIGHTS = "reference"


def caption(net, images, batch_size=500):
    words = ["a", "red", "circle", "left", "of", "a", "blue", "square"]
    return np.tile(scenes.encode(words), (len(images), 1))
