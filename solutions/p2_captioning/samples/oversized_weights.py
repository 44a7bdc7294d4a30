"""A decoder whose weights (about 13 MB) break the 2 MB budget."""

EXPECT_SCORE = 0.0
EXPECT_MESSAGE = "over the budget"
WEIGHTS = "build"


def build_model():
    return Captioner(hidden=1024)
