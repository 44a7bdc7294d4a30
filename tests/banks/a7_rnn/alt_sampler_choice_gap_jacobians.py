"""The sampler draws row by row with Generator.choice; the gap norms come from explicit
Jacobian matrices."""

LOSES = []


def sample_with_temperature(logits, temperature, seed=None):
    if temperature == 0:
        return np.argmax(logits, axis=1)
    rng = np.random.default_rng(seed)
    z = np.asarray(logits, dtype=np.float64) / temperature
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    return np.array([rng.choice(len(row), p=row) for row in p])


def rnn_gap_gradients(h, W2, dh_last):
    N, T, H = h.shape
    grad = dh_last[:, None, :]  # (N, 1, H) rows
    norms = []
    for k in range(T):
        norms.append(float(np.sqrt((grad**2).sum())))
        t = T - 1 - k
        # Jacobian dh_t/dh_{t-1} in rows: W2 scaled column-wise by tanh'(.) of h_t.
        jac = W2[None] * (1 - h[:, t] ** 2)[:, None, :]  # (N, H, H)
        grad = grad @ np.transpose(jac, (0, 2, 1))
    return np.array(norms)
