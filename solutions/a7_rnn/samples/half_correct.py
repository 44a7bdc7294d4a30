"""A sample submission: the output layer, BPTT and the gap gradients are right; the LSTM reads
its gate blocks in torch.nn.LSTM's order (i, f, g, o) instead of the lecture's (i, f, o, g),
and the sampler multiplies the logits by the temperature instead of dividing them by it."""

LOSES = ["q3", "q5"]


def lstm_step_forward(x, s_prev, c_prev, U, W, b):
    H = s_prev.shape[1]
    a = x @ U + s_prev @ W + b
    i = 1 / (1 + np.exp(-a[:, :H]))
    f = 1 / (1 + np.exp(-a[:, H : 2 * H]))
    g = np.tanh(a[:, 2 * H : 3 * H])
    o = 1 / (1 + np.exp(-a[:, 3 * H :]))
    c = c_prev * f + g * i
    tc = np.tanh(c)
    return tc * o, c, (x, s_prev, c_prev, U, W, i, f, o, g, tc)


def lstm_step_backward(ds, dc, cache):
    x, s_prev, c_prev, U, W, i, f, o, g, tc = cache
    dc_total = dc + ds * o * (1 - tc * tc)
    da = np.concatenate(
        [
            dc_total * g * i * (1 - i),
            dc_total * c_prev * f * (1 - f),
            dc_total * i * (1 - g * g),
            ds * tc * o * (1 - o),
        ],
        axis=1,
    )
    return da @ U.T, da @ W.T, dc_total * f, x.T @ da, s_prev.T @ da, da.sum(axis=0)


def sample_with_temperature(logits, temperature, seed=None):
    if temperature == 0:
        return np.argmax(logits, axis=1)
    z = logits * temperature
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    u = np.random.default_rng(seed).random((len(logits), 1))
    return np.minimum((p.cumsum(axis=1) < u).sum(axis=1), logits.shape[1] - 1)
