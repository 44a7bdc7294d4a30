"""A wider network than the one the submitted weights were trained for."""

EXPECT_SCORE = 0.0
EXPECT_MESSAGE = "do not match the model"
WEIGHTS = "reference"


def build_model():
    return ConvNet(channels=48)
