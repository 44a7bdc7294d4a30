"""Backward pass forgets the activations' backward: gradients as if the net were linear."""

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
    for layer in range(self.num_layers, 0, -1):
        cache, _ = caches[layer - 1]
        dout, grads[f"W{layer}"], grads[f"b{layer}"] = affine_backward(dout, cache)
    return loss, grads


MLP.loss = _loss
