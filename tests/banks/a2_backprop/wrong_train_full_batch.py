"""Ignores batch_size: one full-batch gradient step per epoch, far too few steps."""

LOSES = ["q4"]
MODULE = "mlp"


def train(model, X, y, *, epochs, batch_size, lr, seed=0, X_val=None, y_val=None):
    history = {"loss": [], "train_acc": []}
    if X_val is not None:
        history["val_acc"] = []
    for _ in range(epochs):
        loss, grads = model.loss(X, y)
        for key, grad in grads.items():
            model.params[key], _ = sgd_update(model.params[key], grad, None, lr=lr)
        history["loss"].append(float(loss))
        history["train_acc"].append(float(np.mean(model.predict(X) == y)))
        if X_val is not None:
            history["val_acc"].append(float(np.mean(model.predict(X_val) == y_val)))
    return history
