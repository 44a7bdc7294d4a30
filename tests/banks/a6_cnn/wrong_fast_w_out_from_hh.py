"""W_out is computed from the filter height HH instead of its width WW (a copy-paste slip
that square filters never show)."""

LOSES = ["q2"]


def conv_forward_fast(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    H_out = conv_output_size(H, HH, stride, pad)
    W_out = conv_output_size(W, HH, stride, pad)
    cols = im2col(x, HH, WW, stride, pad)
    out = w.reshape(F, -1) @ cols + b.reshape(F, 1)
    out = out.reshape(F, H_out, W_out, N).transpose(3, 0, 1, 2).copy()
    return out, (x.shape, cols, w, stride, pad)
