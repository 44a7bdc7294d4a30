"""Only the weight matrices are trained: the biases stay at 0."""

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
        loss, grads = mlp_loss(params, X[idx], y[idx])
        losses.append(loss)
        for key in params:
            if key.startswith("W"):
                params[key], states[key] = update(params[key], grads[key], states[key], **hyper)
    return params, np.array(losses)
