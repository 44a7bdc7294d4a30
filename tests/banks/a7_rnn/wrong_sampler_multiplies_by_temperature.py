"""Multiplies the logits by the temperature instead of dividing (temperature 0 still argmax)."""

LOSES = ["q5"]

_reference_sample_with_temperature = sample_with_temperature


def sample_with_temperature(logits, temperature, seed=None):
    if temperature == 0:
        return np.argmax(logits, axis=1)
    return _reference_sample_with_temperature(logits * temperature * temperature, temperature, seed)
