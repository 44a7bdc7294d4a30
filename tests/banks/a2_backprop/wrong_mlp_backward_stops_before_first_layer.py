"""The backward loop runs over layers L, ..., 2 (range(L, 1, -1)): W1 and b1 get no
gradient, so the first layer never learns."""

LOSES = ["q3"]  # q4 trains the course's network with the submitted sgd_update
MODULE = "mlp"


def _loss(self, X, y=None):
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
    grads = {"W1": np.zeros_like(self.params["W1"]), "b1": np.zeros_like(self.params["b1"])}
    for layer in range(self.num_layers, 1, -1):
        cache, act_cache = caches[layer - 1]
        if act_cache is not None:
            dout = act_backward(dout, act_cache)
        dout, grads[f"W{layer}"], grads[f"b{layer}"] = affine_backward(dout, cache)
    return loss, grads


MLP.loss = _loss
