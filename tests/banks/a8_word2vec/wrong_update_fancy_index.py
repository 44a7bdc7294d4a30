"""W[context] -= step with fancy indexing: a word twice in a context (or in two examples)
is updated once, not once per occurrence."""

LOSES = ["q2"]


def cbow_update(W, W_prime, context, h, e, EH, eta):
    C = context.shape[1]
    W_prime_new = W_prime - eta * (e.T @ h)
    W_new = W.copy()
    W_new[context] -= (eta / C) * EH[:, None, :]
    return W_new, W_prime_new
