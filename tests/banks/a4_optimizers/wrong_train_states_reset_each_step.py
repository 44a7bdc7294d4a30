"""The states are created inside the step loop, so every step starts them again at None:
momentum and RMSProp forget their history."""

import numpy as np

LOSES = ["q7"]


def train_mlp(name, X, y, sizes, steps, batch_size, seed=0, **hyper):
    update = optimizer(name)
    params = mlp_init(sizes, seed)
    draws = np.random.default_rng(seed)
    losses = []
    for _ in range(steps):
        states = {key: None for key in params}
        idx = draws.integers(0, X.shape[0], size=batch_size)
        loss, grads = mlp_loss(params, X[idx], y[idx])
        losses.append(loss)
        for key in params:
            params[key], states[key] = update(params[key], grads[key], states[key], **hyper)
    return params, np.array(losses)
