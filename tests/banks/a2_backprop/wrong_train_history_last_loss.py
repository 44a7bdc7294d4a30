"""Records the last minibatch's loss as the epoch's loss instead of the mean."""

LOSES = ["q4"]
MODULE = "mlp"


def train(model, X, y, *, epochs, batch_size, lr, seed=0, X_val=None, y_val=None):
    rng = np.random.default_rng(seed)
    n = X.shape[0]
    history = {"loss": [], "train_acc": []}
    if X_val is not None:
        history["val_acc"] = []
    for _ in range(epochs):
        perm = rng.permutation(n)
        for start in range(0, n, batch_size):
            idx = perm[start : start + batch_size]
            loss, grads = model.loss(X[idx], y[idx])
            for key, grad in grads.items():
                model.params[key], _ = sgd_update(model.params[key], grad, None, lr=lr)
        history["loss"].append(float(loss))
        history["train_acc"].append(float(np.mean(model.predict(X) == y)))
        if X_val is not None:
            history["val_acc"].append(float(np.mean(model.predict(X_val) == y_val)))
    return history
