"""Samples from softmax(logits) whatever the temperature (except the argmax at 0)."""

LOSES = ["q5"]

_reference_sample_with_temperature = sample_with_temperature


def sample_with_temperature(logits, temperature, seed=None):
    return _reference_sample_with_temperature(logits, 1.0 if temperature > 0 else 0.0, seed)
