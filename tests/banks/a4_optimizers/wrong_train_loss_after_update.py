"""The recorded loss is recomputed after the step's update, not the one the step used."""

import numpy as np

LOSES = ["q7"]


def train_mlp(name, X, y, sizes, steps, batch_size, seed=0, **hyper):
    update = optimizer(name)
    params = mlp_init(sizes, seed)
    states = {key: None for key in params}
    draws = np.random.default_rng(seed)
    losses = []
    for _ in range(steps):
        idx = draws.integers(0, X.shape[0], size=batch_size)
        _, grads = mlp_loss(params, X[idx], y[idx])
        for key in params:
            params[key], states[key] = update(params[key], grads[key], states[key], **hyper)
        losses.append(mlp_loss(params, X[idx], y[idx])[0])
    return params, np.array(losses)
