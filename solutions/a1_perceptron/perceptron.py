"""Assignment 1: threshold units and Rosenblatt's perceptron.

Lecture sections 人工神经网络发展史 (McCulloch–Pitts neuron), 感知机模型 (the perceptron),
训练感知机 (training it) and 感知机属性 (convergence, and the XOR problem).

Conventions: a batch of inputs is an array ``X`` of shape (N, m), one example per row.
Threshold units output 0 or 1; the perceptron outputs -1 or 1.
"""

from __future__ import annotations

import numpy as np

# ---------------------------------------------------------------------------------------
# q1: the McCulloch–Pitts neuron (McCulloch-Pitts神经元模型)
# ---------------------------------------------------------------------------------------


def threshold_unit(o: np.ndarray, w: np.ndarray, T: float) -> np.ndarray:
    """Output of a McCulloch–Pitts unit j for a batch of inputs.

    net_j = Σ_i w_ji o_i, and o_j = 1 if net_j ≥ T_j else 0.

    Args:
        o: inputs o_i, shape (N, m).
        w: weights w_ji of unit j, shape (m,).
        T: the threshold T_j.

    Returns:
        o_j for every row of ``o``: integer array of shape (N,) with values in {0, 1}.
    """
    # BEGIN SOLUTION q1: compute net_j for every row and compare it with the threshold
    net = np.asarray(o) @ np.asarray(w)
    return (net >= T).astype(np.int64)
    # END SOLUTION


def and_unit() -> tuple[np.ndarray, float]:
    """Weights (shape (2,)) and threshold that make ``threshold_unit`` compute x1 AND x2."""
    # BEGIN SOLUTION q1: choose the weights and threshold of AND
    return np.array([1.0, 1.0]), 2.0
    # END SOLUTION


def or_unit() -> tuple[np.ndarray, float]:
    """Weights (shape (2,)) and threshold that make ``threshold_unit`` compute x1 OR x2."""
    # BEGIN SOLUTION q1: choose the weights and threshold of OR
    return np.array([1.0, 1.0]), 1.0
    # END SOLUTION


def not_unit() -> tuple[np.ndarray, float]:
    """Weights (shape (1,)) and threshold that make ``threshold_unit`` compute NOT x1."""
    # BEGIN SOLUTION q1: choose the weight and threshold of NOT
    return np.array([-1.0]), 0.0
    # END SOLUTION


# ---------------------------------------------------------------------------------------
# q2: Rosenblatt's perceptron (感知机模型, 训练感知机)
# ---------------------------------------------------------------------------------------


def sign(z: np.ndarray) -> np.ndarray:
    """The perceptron's activation φ(z): 1 if z ≥ 0, otherwise -1.

    Args:
        z: net inputs, any shape.

    Returns:
        array of the shape of ``z`` with values in {-1, 1} (integer dtype).
    """
    # BEGIN SOLUTION q2: map each net input to 1 or -1 following the lecture's φ
    return np.where(np.asarray(z) >= 0, 1, -1).astype(np.int64)
    # END SOLUTION


def predict(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """Perceptron predictions ŷ = φ(Σ_i w_i x_i + b) for a batch.

    Args:
        X: inputs, shape (N, m).
        w: weights, shape (m,).
        b: bias.

    Returns:
        predictions in {-1, 1}, shape (N,).
    """
    # BEGIN SOLUTION q2: compute the net input of each row and apply φ
    return sign(np.asarray(X) @ np.asarray(w) + b)
    # END SOLUTION


def encode_labels(y: np.ndarray) -> np.ndarray:
    """Map labels of two classes to the perceptron's encoding: the smaller label to -1,
    the larger to 1.

    Args:
        y: labels, shape (N,), exactly two distinct values (e.g. {0, 1}, {1, 2}, {-1, 1}).

    Returns:
        integer array of shape (N,) with values in {-1, 1}.

    Raises:
        ValueError: when ``y`` does not hold exactly two distinct values.
    """
    # BEGIN SOLUTION q2: find the two classes, then encode them as -1 and 1
    classes = np.unique(np.asarray(y))
    if classes.size != 2:
        raise ValueError(f"expected labels of exactly two classes, found {classes.size}")
    return np.where(np.asarray(y) == classes[1], 1, -1).astype(np.int64)
    # END SOLUTION


def train(
    X: np.ndarray,
    y: np.ndarray,
    eta: float = 1.0,
    max_epochs: int = 100,
) -> tuple[np.ndarray, float, list[int]]:
    """Train a perceptron with Rosenblatt's rule, one example at a time.

    Start from w = 0, b = 0. Visit the examples in the order given; for each, predict ŷ
    and update w_i ← w_i + η(y − ŷ)x_i and b ← b + η(y − ŷ) (no change when ŷ = y).
    An epoch is one pass over all examples. Stop after the first epoch with no mistake,
    or after ``max_epochs`` epochs.

    Args:
        X: inputs, shape (N, m).
        y: labels in {-1, 1}, shape (N,).
        eta: learning rate η > 0.
        max_epochs: the most epochs to run.

    Returns:
        (w, b, mistakes): the final weights (float, shape (m,)), the final bias, and the
        number of mistakes made in each epoch run (a list as long as the epochs run).
    """
    # BEGIN SOLUTION q2: apply the update rule example by example, epoch by epoch
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    w = np.zeros(X.shape[1])
    b = 0.0
    mistakes: list[int] = []
    for _ in range(max_epochs):
        count = 0
        for x_i, y_i in zip(X, y):
            y_hat = 1 if x_i @ w + b >= 0 else -1
            if y_hat != y_i:
                w = w + eta * (y_i - y_hat) * x_i
                b = b + eta * (y_i - y_hat)
                count += 1
        mistakes.append(count)
        if count == 0:
            break
    return w, float(b), mistakes
    # END SOLUTION


# ---------------------------------------------------------------------------------------
# q3: convergence and its limits (感知机性质, 感知机属性)
# ---------------------------------------------------------------------------------------


def margin(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> float:
    """Geometric margin of the hyperplane (w, b) on labelled data.

    γ = min_i y_i (w·x_i + b) / ‖(w, b)‖, measured in the space of inputs extended with a
    constant 1 (so the bias is part of the weight vector). It is positive exactly when the
    hyperplane separates the two classes.

    Args:
        X: inputs, shape (N, m).
        y: labels in {-1, 1}, shape (N,).
        w: weights, shape (m,).
        b: bias.

    Returns:
        γ as a float.
    """
    # BEGIN SOLUTION q3: the smallest signed distance of an example to the hyperplane
    norm = np.sqrt(np.dot(w, w) + b * b)
    return float(np.min(np.asarray(y) * (np.asarray(X) @ np.asarray(w) + b)) / norm)
    # END SOLUTION


def mistake_bound(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> float:
    """Novikoff's bound on the number of updates of the perceptron, (R / γ)².

    R is the largest norm of an input extended with a constant 1, and γ the margin of a
    separating hyperplane (w, b) (see ``margin``). Starting from zero, the perceptron makes
    at most (R / γ)² mistakes in total, whatever the learning rate.

    Args:
        X: inputs, shape (N, m).
        y: labels in {-1, 1}, shape (N,).
        w: weights of any hyperplane that separates the data, shape (m,).
        b: its bias.

    Returns:
        the bound as a float (``inf`` when (w, b) does not separate the data).
    """
    # BEGIN SOLUTION q3: compute R over the extended inputs and divide by the margin
    gamma = margin(X, y, w, b)
    if gamma <= 0:
        return float("inf")
    radius = np.sqrt(np.max(np.sum(np.asarray(X, dtype=float) ** 2, axis=1) + 1.0))
    return float((radius / gamma) ** 2)
    # END SOLUTION


def convergence_report(
    X: np.ndarray, y: np.ndarray, eta: float = 1.0, max_epochs: int = 100
) -> dict:
    """Train a perceptron and report honestly whether it converged.

    Args:
        X: inputs, shape (N, m).
        y: labels in {-1, 1}, shape (N,).
        eta: learning rate.
        max_epochs: the most epochs to run.

    Returns:
        a dict with keys ``"converged"`` (bool: the last epoch had no mistake),
        ``"epochs"`` (int: epochs run) and ``"total_mistakes"`` (int: updates made).
    """
    # BEGIN SOLUTION q3: train, then summarise the mistakes per epoch
    _, _, mistakes = train(X, y, eta=eta, max_epochs=max_epochs)
    return {
        "converged": bool(mistakes[-1] == 0),
        "epochs": len(mistakes),
        "total_mistakes": int(sum(mistakes)),
    }
    # END SOLUTION


# ---------------------------------------------------------------------------------------
# q4: XOR with a hidden layer (隐藏层和反向传播)
# ---------------------------------------------------------------------------------------


def two_layer_forward(
    X: np.ndarray, W1: np.ndarray, T1: np.ndarray, w2: np.ndarray, T2: float
) -> np.ndarray:
    """Forward pass of a two-layer network of threshold units.

    Hidden unit j outputs h_j = 1 if Σ_i W1[j, i] x_i ≥ T1[j] else 0; the output unit
    outputs 1 if Σ_j w2[j] h_j ≥ T2 else 0.

    Args:
        X: inputs in {0, 1}, shape (N, m).
        W1: hidden weights, shape (k, m), one row per hidden unit.
        T1: hidden thresholds, shape (k,).
        w2: output weights, shape (k,).
        T2: output threshold.

    Returns:
        outputs in {0, 1}, integer array of shape (N,).
    """
    # BEGIN SOLUTION q4: compute the hidden units' outputs, then the output unit's
    H = (np.asarray(X) @ np.asarray(W1).T >= np.asarray(T1)).astype(np.int64)
    return (H @ np.asarray(w2) >= T2).astype(np.int64)
    # END SOLUTION


def xor_network() -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Hand-set weights (W1, T1, w2, T2) with two hidden units that make
    ``two_layer_forward`` compute x1 XOR x2 (the lecture's solution 1 or 2)."""
    # BEGIN SOLUTION q4: choose two hidden boundaries and how the output combines them
    # hidden 1: OR, hidden 2: AND; thresholds halfway between the corners' net inputs
    W1 = np.array([[1.0, 1.0], [1.0, 1.0]])
    T1 = np.array([0.5, 1.5])
    w2 = np.array([1.0, -1.0])  # OR and not AND
    return W1, T1, w2, 0.5
    # END SOLUTION
