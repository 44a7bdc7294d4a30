"""The language model copies the many-to-one example too closely: it scores and trains on the
last step's prediction only, instead of a prediction at every step."""

LOSES = ["q5"]


def char_lm_loss(params, ids):
    W1 = params["W1"]
    x = one_hot(ids[:, :-1], W1.shape[0], W1.dtype)
    h, rnn_cache = rnn_forward(x, None, W1, params["W2"], params["b"])
    scores, out_cache = temporal_affine_forward(h[:, -1:], params["V"], params["c"])
    loss, dscores = temporal_softmax_loss(scores, ids[:, -1:])
    dh_last, dV, dc = temporal_affine_backward(dscores, out_cache)
    dh = np.zeros_like(h)
    dh[:, -1:] = dh_last
    _, _, dW1, dW2, db = rnn_backward(dh, rnn_cache)
    return loss, {"W1": dW1, "W2": dW2, "b": db, "V": dV, "c": dc}
