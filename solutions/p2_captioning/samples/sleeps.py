"""Sleeps in caption far past the evaluation budget."""

EXPECT_SCORE = 0.0
EXPECT_MESSAGE = "took longer than its budget"
WEIGHTS = "reference"


def caption(net, images, batch_size=500):
    import time

    time.sleep(3600)
