"""Assignment 2, part 2: an L-layer perceptron built from layers, trained by minibatch SGD.

Lecture sections 反向传播算法介绍 (隐藏层和反向传播算法, 通过反向传播学习神经网络) and
反向传播进行参数学习, generalised from two layers to L layers.

Layer contract (CS231n style, shared by assignments 2-6): ``<layer>_forward(x, ...)``
returns ``(out, cache)``; ``<layer>_backward(dout, cache)`` returns the gradient of the loss
with respect to each array input of the forward, in order. ``dout`` is the gradient of the
loss with respect to ``out``. Inputs of dense layers have shape (N, D), one example per row;
``w`` has shape (D, M) and an affine layer computes ``x @ w + b``. Every function keeps
the dtype of its inputs (float64 or float32).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

# ---------------------------------------------------------------------------------------
# Given: the activation layers, worked examples of the layer contract
# ---------------------------------------------------------------------------------------


def sigmoid_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sigmoid σ(x) = 1 / (1 + e^(−x)), elementwise, without overflow for large |x| (given).

    The forward keeps in its cache what the backward needs: here σ(x) itself, since
    σ' = σ(1 − σ). exp is only taken of −|x|, so it cannot overflow.

    Args:
        x: any shape.

    Returns:
        ``(out, cache)``: ``out`` of the shape of ``x``; ``cache`` for the backward.
    """
    e = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)
    return out, out


def sigmoid_backward(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """Gradient of the sigmoid, using the lecture's σ'(x) = σ(x)(1 − σ(x)) (given).

    The chain rule for an elementwise layer: dx = dout · f'(x), elementwise.

    Args:
        dout: upstream gradient, shape of the forward's ``x``.
        cache: from ``sigmoid_forward``.

    Returns:
        dx, shape of ``dout``.
    """
    return dout * cache * (1 - cache)


def tanh_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hyperbolic tangent, elementwise (given, like the sigmoid).

    Args:
        x: any shape.

    Returns:
        ``(out, cache)``: ``out`` = tanh(x), shape of ``x``.
    """
    out = np.tanh(x)
    return out, out


def tanh_backward(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """Gradient of tanh, using tanh'(x) = 1 − tanh(x)² (given).

    Args:
        dout: upstream gradient, shape of the forward's ``x``.
        cache: from ``tanh_forward``.

    Returns:
        dx, shape of ``dout``.
    """
    return dout * (1 - cache * cache)


def relu_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ReLU(x) = max(0, x), elementwise (given).

    The cache is the output: out > 0 exactly where x > 0, which is all the backward needs.
    Taking the maximum with the Python integer 0 keeps the dtype of ``x`` (float32 stays
    float32).

    Args:
        x: any shape.

    Returns:
        ``(out, cache)``: ``out`` of the shape and dtype of ``x``.
    """
    out = np.maximum(x, 0)
    return out, out


def relu_backward(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """Gradient of ReLU: dout where x > 0, else 0 (given).

    ReLU' is 1 where the input was positive and 0 elsewhere (at 0 itself we take the
    subgradient 0), so dx = dout · ReLU'(x) multiplies ``dout`` by a 0/1 mask. It builds a
    new array: ``dout`` belongs to the caller, and a backward pass never writes into the
    arrays it receives.

    Args:
        dout: upstream gradient, shape of the forward's ``x``.
        cache: from ``relu_forward``.

    Returns:
        dx, shape and dtype of ``dout``.
    """
    return dout * (cache > 0)


# ---------------------------------------------------------------------------------------
# q3: the affine layer's backward pass, and the backward pass of an L-layer network
# ---------------------------------------------------------------------------------------


def affine_forward(
    x: np.ndarray, w: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """Affine (fully connected) layer: net = x @ w + b (the lecture's net = Σ w·input).

    Given: the forward of the layer whose backward you write. Row n of ``x`` is one example
    and column m of ``w`` holds the weights of output unit m, so one matrix product gives
    every example's net input to every unit, and ``b`` is added to each row (broadcasting).
    The cache is the pair ``(x, w)``: the gradients of x @ w + b are built from these two
    arrays; ``b`` itself appears in none of them.

    Args:
        x: inputs, shape (N, D).
        w: weights, shape (D, M).
        b: biases, shape (M,).

    Returns:
        ``(out, cache)``: ``out`` of shape (N, M) and the dtype of ``x``; ``cache`` = (x, w).
    """
    return x @ w + b, (x, w)


def affine_backward(
    dout: np.ndarray, cache: tuple[np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of the affine layer.

    Args:
        dout: upstream gradient ∂L/∂out, shape (N, M).
        cache: ``(x, w)``, from ``affine_forward``.

    Returns:
        ``(dx, dw, db)`` of shapes (N, D), (D, M), (M,).
    """
    raise NotImplementedError("q3: apply the chain rule to out = x @ w + b for x, w and b")


def softmax_cross_entropy(scores: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean softmax cross-entropy over a batch, and its gradient (given to you complete).

    L = −(1/N) Σ_n log softmax(scores_n)[y_n]. Subtracting each row's maximum before
    exponentiating (log-sum-exp) keeps exp from overflowing.

    Args:
        scores: class scores, shape (N, C).
        y: integer labels in [0, C), shape (N,).

    Returns:
        ``(loss, dscores)``: the loss as a float and ∂L/∂scores, shape (N, C).
    """
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    sums = exp.sum(axis=1, keepdims=True)
    n = scores.shape[0]
    rows = np.arange(n)
    loss = float(np.log(sums[:, 0]).sum() - shifted[rows, y].sum()) / n
    dscores = exp / sums
    dscores[rows, y] -= 1
    dscores /= n
    return loss, dscores


def activation_layer(name: str) -> tuple[Callable, Callable]:
    """The (forward, backward) pair of an activation by name: "relu", "sigmoid" or "tanh"."""
    # Looked up on every call, so a function redefined in this module is always the one used.
    if name == "relu":
        return relu_forward, relu_backward
    if name == "sigmoid":
        return sigmoid_forward, sigmoid_backward
    if name == "tanh":
        return tanh_forward, tanh_backward
    raise ValueError(f"unknown activation {name!r}; use 'relu', 'sigmoid' or 'tanh'")


class MLP:
    """A fully connected network: L affine layers, an activation after each but the last.

    The last layer's outputs are class scores; the loss is the softmax cross-entropy.
    Parameters live in ``self.params``: ``"W1"``, ``"b1"``, ..., ``"WL"``, ``"bL"``, where
    ``W{l}`` has shape (sizes[l-1], sizes[l]) and ``b{l}`` shape (sizes[l],).

    Args:
        sizes: layer widths, input first and number of classes last, e.g. [64, 128, 10].
        activation: "relu", "sigmoid" or "tanh" for the hidden layers.
        seed: seed of the weight initialisation.
        dtype: dtype of the parameters (and of the computation).
        weight_scale: standard deviation of the initial weights; by default sqrt(2 / fan_in)
            for ReLU (He) and sqrt(1 / fan_in) otherwise. Biases start at 0.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str = "relu",
        seed: int = 0,
        dtype: type | str = np.float64,
        weight_scale: float | None = None,
    ) -> None:
        if len(sizes) < 2:
            raise ValueError("sizes needs at least an input and an output width")
        activation_layer(activation)  # fail early on an unknown name
        rng = np.random.default_rng(seed)
        self.sizes = [int(s) for s in sizes]
        self.activation = activation
        self.num_layers = len(self.sizes) - 1
        self.params: dict[str, np.ndarray] = {}
        gain = 2.0 if activation == "relu" else 1.0
        for layer, (fan_in, fan_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:]), 1):
            scale = weight_scale if weight_scale is not None else np.sqrt(gain / fan_in)
            w = rng.standard_normal((fan_in, fan_out)) * scale
            self.params[f"W{layer}"] = w.astype(dtype)
            self.params[f"b{layer}"] = np.zeros(fan_out, dtype=dtype)

    def loss(
        self, X: np.ndarray, y: np.ndarray | None = None
    ) -> np.ndarray | tuple[float, dict[str, np.ndarray]]:
        """Forward pass, and with labels also the backward pass (反向传播).

        The forward pass and the loss are given; you write the backward pass: from
        ``dout`` = ∂L/∂scores, walk back through the layers in reverse order, each layer's
        backward taking the gradient of its output and its own cache.

        Args:
            X: inputs, shape (N, sizes[0]).
            y: integer labels, shape (N,), or None.

        Returns:
            without ``y``: the class scores, shape (N, C);
            with ``y``: ``(loss, grads)``, the mean softmax cross-entropy (a float) and a
            dict with the gradient of the loss for every key of ``self.params`` (same
            shapes and dtypes).
        """
        # Given: the forward pass, layer by layer, keeping each layer's caches; caches[l - 1]
        # is (cache of affine layer l, cache of its activation or None for the last layer).
        act_forward, act_backward = activation_layer(self.activation)
        caches = []
        out = X
        for layer in range(1, self.num_layers + 1):
            out, cache = affine_forward(out, self.params[f"W{layer}"], self.params[f"b{layer}"])
            act_cache = None
            if layer < self.num_layers:
                out, act_cache = act_forward(out)
            caches.append((cache, act_cache))
        if y is None:
            return out
        loss, dout = softmax_cross_entropy(out, y)
        raise NotImplementedError("q3: go backward through the caches, last layer first, filling grads")

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Predicted class of each row of ``X``: integer array of shape (N,)."""
        return np.argmax(self.loss(X), axis=1)


# ---------------------------------------------------------------------------------------
# q4: minibatch stochastic gradient descent
# ---------------------------------------------------------------------------------------


def sgd_update(
    w: np.ndarray, dw: np.ndarray, state: dict | None = None, lr: float = 1e-2
) -> tuple[np.ndarray, dict | None]:
    """One plain SGD step, w ← w − lr · dw (the lecture's w + Δw with Δw = −η ∂E/∂w).

    Optimizer contract of the course: ``update(w, dw, state, **hyper) -> (w, state)``;
    plain SGD keeps no state, so ``state`` is returned unchanged.

    Args:
        w: parameter, any shape.
        dw: gradient of the loss with respect to ``w``, shape of ``w``.
        state: optimizer state (unused by SGD).
        lr: learning rate η.

    Returns:
        ``(w_new, state)``; ``w_new`` has the shape and dtype of ``w``. Updating ``w`` in
        place and returning it is allowed.
    """
    raise NotImplementedError("q4: take one step against the gradient")


def train(
    model: MLP,
    X: np.ndarray,
    y: np.ndarray,
    *,
    epochs: int,
    batch_size: int,
    lr: float,
    seed: int = 0,
    X_val: np.ndarray | None = None,
    y_val: np.ndarray | None = None,
) -> dict[str, list[float]]:
    """Train ``model`` by minibatch SGD on (X, y); ``model.params`` is updated.

    Given to you complete (assignment 4 asks you to write such a loop for any optimizer):
    read it, and use it with your ``MLP.loss`` and ``sgd_update``. The protocol:
    ``rng = np.random.default_rng(seed)`` once; every epoch draws ``perm =
    rng.permutation(N)`` and visits the minibatches ``perm[i : i + batch_size]`` for
    i = 0, batch_size, 2·batch_size, ... (the last may be smaller); for each minibatch,
    ``model.loss`` gives the loss and gradients, and ``sgd_update`` steps every parameter.

    Args:
        model: an object with ``params`` and ``loss(X, y) -> (loss, grads)`` (e.g. MLP).
        X: training inputs, shape (N, D).
        y: training labels, shape (N,).
        epochs: number of passes over the data.
        batch_size: examples per minibatch.
        lr: learning rate.
        seed: seed of the shuffling.
        X_val, y_val: optional validation set, scored after every epoch.

    Returns:
        history: ``{"loss": [...], "train_acc": [...]}`` with one entry per epoch (the mean
        minibatch loss of that epoch, and the accuracy on (X, y) after it), plus
        ``"val_acc"`` when a validation set is given.
    """
    shuffler = np.random.default_rng(seed)
    n = X.shape[0]
    history: dict[str, list[float]] = {"loss": [], "train_acc": []}
    if X_val is not None:
        history["val_acc"] = []
    for _ in range(epochs):
        perm = shuffler.permutation(n)
        losses = []
        for start in range(0, n, batch_size):
            idx = perm[start : start + batch_size]
            loss, grads = model.loss(X[idx], y[idx])
            for name, grad in grads.items():
                model.params[name], _ = sgd_update(model.params[name], grad, None, lr=lr)
            losses.append(loss)
        history["loss"].append(float(np.mean(losses)))
        history["train_acc"].append(float(np.mean(model.predict(X) == y)))
        if X_val is not None:
            history["val_acc"].append(float(np.mean(model.predict(X_val) == y_val)))
    return history
