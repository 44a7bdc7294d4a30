"""Stops after a single epoch, whether or not it made mistakes."""

LOSES = ["q2", "q3"]

_reference_train = train


def train(X, y, eta=1.0, max_epochs=100):
    return _reference_train(X, y, eta=eta, max_epochs=1)
