"""The backward loop visits the caches in the order the forward pass stored them (layer 1
first) instead of in reverse: the first layer's caches meet the gradient of the scores."""

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
    grads = {}
    for layer in range(1, self.num_layers + 1):
        cache, act_cache = caches[layer - 1]
        if act_cache is not None:
            dout = act_backward(dout, act_cache)
        dout, grads[f"W{layer}"], grads[f"b{layer}"] = affine_backward(dout, cache)
    return loss, grads


MLP.loss = _loss
