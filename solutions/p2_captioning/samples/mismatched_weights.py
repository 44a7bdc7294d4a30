"""A decoder with a larger hidden state than the submitted weights were trained for."""

EXPECT_SCORE = 0.0
EXPECT_MESSAGE = "do not match the model"
WEIGHTS = "reference"


def build_model():
    return Captioner(hidden=256)
