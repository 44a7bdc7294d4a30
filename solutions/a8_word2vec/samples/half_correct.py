"""A sample submission: the CBOW forward pass, the noise words and the negative-sampling loss
are right, but both updates apply W[rows] -= ... with fancy indexing, so a word repeated in a
context (or shared by two examples, or drawn twice as a noise word) moves once instead of once
per occurrence: q2's CBOW update and q3's negative-sampling step."""

LOSES = ["q2", "q3"]


def cbow_update(W, W_prime, context, h, e, EH, eta):
    C = context.shape[1]
    W_new = W.copy()
    W_new[context] -= (eta / C) * EH[:, None, :]
    return W_new, W_prime - eta * (e.T @ h)


def negative_sampling_step(W, W_prime, inputs, weights, outputs, eta):
    h = (weights[:, :, None] * W[inputs]).sum(axis=1)
    E, dh, d_rows = negative_sampling_loss(h, W_prime, outputs[:, 0], outputs[:, 1:])
    W_new, W_prime_new = W.copy(), W_prime.copy()
    W_prime_new[outputs] -= eta * d_rows
    W_new[inputs] -= eta * weights[:, :, None] * dh[:, None, :]
    return W_new, W_prime_new, float(E.sum())
