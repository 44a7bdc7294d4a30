"""The binary cross-entropy with the two softplus terms swapped: −log σ(z) taken as
softplus(z) instead of softplus(−z), so a confident right answer costs the most."""

import numpy as np

LOSES = ["q3"]


def binary_cross_entropy_with_logits(z, d):
    per_sample = d * softplus_forward(z)[0] + (1 - d) * softplus_forward(-z)[0]
    p, _ = sigmoid_forward(z)
    return float(np.sum(per_sample)) / z.shape[0], ((p - d) / z.shape[0]).astype(z.dtype)
