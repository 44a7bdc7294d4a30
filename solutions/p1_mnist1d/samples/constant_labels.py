"""Predicts the same digit for every signal: chance accuracy (10 %), below the floor."""

EXPECT_SCORE = 0.0
EXPECT_MESSAGE = "accuracy: 0.1"
WEIGHTS = "reference"


def predict(net, x):
    return np.zeros(len(x), dtype=np.int64)
