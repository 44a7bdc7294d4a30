"""Sleeps in predict far past the evaluation budget."""

EXPECT_SCORE = 0.0
EXPECT_MESSAGE = "took longer than its budget"
WEIGHTS = "reference"


def predict(net, x):
    import time

    time.sleep(3600)
