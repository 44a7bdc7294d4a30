"""einsum everywhere and the ReLU derivative as np.heaviside(z1, 0)."""

LOSES = []

import numpy as np  # noqa: E402 (LOSES comes first by convention)


def residual_forward(x, w1, b1, w2, b2):
    z1 = np.einsum("nd,dh->nh", x, w1) + b1
    out = x + np.einsum("nh,hd->nd", np.maximum(z1, 0), w2) + b2
    return out.astype(x.dtype), {"x": x, "w1": w1, "w2": w2, "z1": z1}


def residual_backward(dout, cache):
    x, w1, w2, z1 = cache["x"], cache["w1"], cache["w2"], cache["z1"]
    dz1 = np.einsum("nd,hd->nh", dout, w2) * np.heaviside(z1, 0).astype(dout.dtype)
    grads = (
        dout + np.einsum("nh,dh->nd", dz1, w1),
        np.einsum("nd,nh->dh", x, dz1),
        dz1.sum(axis=0),
        np.einsum("nh,nd->hd", np.maximum(z1, 0), dout),
        dout.sum(axis=0),
    )
    return tuple(g.astype(dout.dtype) for g in grads)
