"""Steps with the default learning rate whatever lr is passed."""

LOSES = ["q4"]
MODULE = "mlp"


def sgd_update(w, dw, state=None, lr=1e-2):
    return w - 1e-2 * dw, state
