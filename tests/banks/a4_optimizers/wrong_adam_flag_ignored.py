"""adam accepts bias_correction but always corrects: the ablation of Experiment 4 would
compare Adam with itself."""

LOSES = ["q3"]

_reference_adam = adam  # noqa: F821


def adam(w, dw, state=None, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, bias_correction=True):
    return _reference_adam(w, dw, state, lr, beta1, beta2, eps)
