"""The step as a student writes it: h by einsum, the gradients from negative_sampling_loss,
both updates with np.add.at on new arrays (no in-place update, no matrix of the words)."""

LOSES = []

import numpy as np


def negative_sampling_step(W, W_prime, inputs, weights, outputs, eta):
    h = np.einsum("bc,bcn->bn", weights, W[inputs])
    E, dh, d_rows = negative_sampling_loss(h, W_prime, outputs[:, 0], outputs[:, 1:])
    W_new, W_prime_new = W.copy(), W_prime.copy()
    np.add.at(W_prime_new, outputs, -eta * d_rows)
    np.add.at(W_new, inputs, -eta * weights[:, :, None] * dh[:, None, :])
    return W_new, W_prime_new, float(E.sum())


def word2vec_examples(centres, contexts, model):
    # a loop over the words, one row per example, padding kept as -1 then replaced
    inputs, weights, targets = [], [], []
    for word, row in zip(centres.tolist(), contexts.tolist()):
        words = [w for w in row if w >= 0]
        if model == "cbow" and words:
            inputs.append([max(w, 0) for w in row])
            weights.append([1 / len(words) if w >= 0 else 0.0 for w in row])
            targets.append(word)
        elif model == "skipgram":
            for w in words:
                inputs.append([word])
                weights.append([1.0])
                targets.append(w)
    width = contexts.shape[1] if model == "cbow" else 1
    return (
        np.array(inputs, dtype=np.int64).reshape(-1, width),
        np.array(weights).reshape(-1, width),
        np.array(targets, dtype=np.int64),
    )
