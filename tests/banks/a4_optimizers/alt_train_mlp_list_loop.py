"""train_mlp with the states in a list in the order of the keys, the losses in a Python
list, and the draw written with the generator's keyword names."""

import numpy as np

LOSES = []


def train_mlp(name, X, y, sizes, steps, batch_size, seed=0, **hyper):
    params = mlp_init(sizes, seed=seed)
    keys = list(params)
    states = [None] * len(keys)
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(steps):
        batch = rng.integers(low=0, high=len(X), size=batch_size)
        loss, grads = mlp_loss(params, X[batch], y[batch])
        losses.append(loss)
        for i, key in enumerate(keys):
            params[key], states[i] = optimizer(name)(params[key], grads[key], states[i], **hyper)
    return params, losses
