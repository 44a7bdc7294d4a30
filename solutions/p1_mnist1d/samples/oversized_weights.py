"""A network whose weights (about 2.3 MB) break the 1 MB budget."""

EXPECT_SCORE = 0.0
EXPECT_MESSAGE = "over the budget"
WEIGHTS = "build"


def build_model():
    return ConvNet(channels=256)
