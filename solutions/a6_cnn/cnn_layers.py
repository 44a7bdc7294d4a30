"""Convolution and pooling layers (卷积神经网络: 卷积层, 下采样池化层).

Every layer follows the course's layer contract: ``<layer>_forward(x, ...) -> (out, cache)``
and ``<layer>_backward(dout, cache) -> grads``, with images laid out as in PyTorch:

- input ``x`` of shape (N, C, H, W): N images, C channels, H rows, W columns;
- filters ``w`` of shape (F, C, HH, WW): F filters, each spanning all C input channels;
- bias ``b`` of shape (F,).

Convolution here is cross-correlation, as in the lecture's example (卷积神经网络, 二维情况)
and in ``torch.nn.functional.conv2d``: the filter is slid over the input without being
flipped, and output pixel (i, j) of filter f is

    out[n, f, i, j] = b[f] + sum_{c, p, q} x_pad[n, c, i*stride + p, j*stride + q] * w[f, c, p, q]

where ``x_pad`` is ``x`` with ``pad`` zeros added on each side of both spatial axes. The output
size is ``H_out = 1 + (H + 2*pad - HH) // stride`` (rounded down, as torch does: input rows that
no window reaches get no gradient), and likewise for W.

Every function works in the dtype of its input (float64 by default, float32 too).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

ConvCache = tuple  # what a conv forward saves for its backward; its layout is the layer's own
PoolCache = tuple


def conv_output_size(size: int, kernel: int, stride: int, pad: int) -> int:
    """Length of one spatial axis after a convolution or pooling window slides over it.

    Args:
        size: input length (H or W).
        kernel: window length (HH or WW).
        stride: step between two windows.
        pad: zeros added on each side.
    Returns:
        ``1 + (size + 2*pad - kernel) // stride``.
    Raises:
        ValueError: when the window does not fit in the padded input or stride < 1.
    """
    if stride < 1:
        raise ValueError(f"stride must be at least 1, got {stride}")
    if size + 2 * pad < kernel:
        raise ValueError(f"window of {kernel} does not fit in {size} + 2*{pad} padded pixels")
    return 1 + (size + 2 * pad - kernel) // stride


# ----------------------------------------------------------------------------------------------
# Loop version: one output pixel at a time, to see what the layer computes. The forward pass is
# given (it is the formula above, written out); you write the backward pass (q1).
# ----------------------------------------------------------------------------------------------


def conv_forward_naive(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, pad: int = 0
) -> tuple[np.ndarray, ConvCache]:
    """Convolutional layer forward pass with explicit loops (卷积层), given to you complete.

    Each filter ``w[f]`` is a (C, HH, WW) block of shared weights (共享权重) that looks at one
    receptive field (感受野) of the padded input at a time: output pixel (i, j) is the sum of
    the elementwise product of the filter with the window whose top-left corner is
    (i*stride, j*stride), plus ``b[f]``. In the lecture's 5x5 example the first output is 4.

    Args:
        x: input images, shape (N, C, H, W).
        w: filters, shape (F, C, HH, WW).
        b: biases, shape (F,).
        stride: step between two windows, >= 1.
        pad: number of zeros added on each side of H and W.
    Returns:
        out: feature maps, shape (N, F, H_out, W_out), dtype of x.
        cache: what conv_backward_naive needs.
    """
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    H_out, W_out = conv_output_size(H, HH, stride, pad), conv_output_size(W, WW, stride, pad)
    # pad zeros on both sides of the two spatial axes only (not on images or channels)
    pad_width = ((0, 0), (0, 0), (pad, pad), (pad, pad))
    x_pad = np.pad(x, pad_width)
    out = np.zeros((N, F, H_out, W_out), dtype=x.dtype)
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    # the receptive field (感受野) of output pixel (i, j): all C channels
                    window = x_pad[n, :, i * stride : i * stride + HH, j * stride : j * stride + WW]
                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]
    cache = (x, w, b, stride, pad)
    return out, cache


def conv_backward_naive(
    dout: np.ndarray, cache: ConvCache
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Convolutional layer backward pass with explicit loops (卷积层).

    Read conv_forward_naive first: every output pixel ``out[n, f, i, j]`` depends on one
    window of ``x_pad`` through the weights ``w[f]`` and on ``b[f]``. Differentiate that one
    sum with respect to each input it touches, then walk over the output pixels and send
    ``dout[n, f, i, j]`` back along each of these connections (chain rule, 反向传播算法);
    an input shared by several windows, or a weight shared by every position (共享权重),
    adds up what it receives. Gradient that lands in the padding is dropped. Check your
    result against centred differences on a small input, with stride 1 and 2, pad 0 and 1.

    Args:
        dout: upstream gradient ∂ℓ/∂out, shape (N, F, H_out, W_out).
        cache: from conv_forward_naive.
    Returns:
        dx: shape (N, C, H, W); dw: shape (F, C, HH, WW); db: shape (F,); dtypes of the inputs.
    """
    # BEGIN SOLUTION q1: loop over output pixels, add each one's share into dx_pad, dw and db
    x, w, b, stride, pad = cache
    N, F, H_out, W_out = dout.shape
    _, _, HH, WW = w.shape
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dx_pad = np.zeros_like(x_pad)
    dw = np.zeros_like(w)
    db = np.zeros_like(b)
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    rows = slice(i * stride, i * stride + HH)
                    cols = slice(j * stride, j * stride + WW)
                    g = dout[n, f, i, j]
                    dx_pad[n, :, rows, cols] += g * w[f]
                    dw[f] += g * x_pad[n, :, rows, cols]
                    db[f] += g
    H, W = x.shape[2:]
    dx = dx_pad[:, :, pad : pad + H, pad : pad + W]
    return dx, dw, db
    # END SOLUTION


# ----------------------------------------------------------------------------------------------
# Fast version: every window becomes one column of a matrix (im2col), the layer one product.
# ----------------------------------------------------------------------------------------------


def im2col(x: np.ndarray, HH: int, WW: int, stride: int = 1, pad: int = 0) -> np.ndarray:
    """Lay every receptive field (感受野) of the padded input out as one column of a matrix.

    Row ``k = c*HH*WW + p*WW + q`` follows the order of ``w[f].ravel()``; column
    ``(i*W_out + j)*N + n`` is the window of image n whose top-left corner is
    (i*stride, j*stride) in the padded image (the image index varies fastest, as in CS231n):

        cols[c*HH*WW + p*WW + q, (i*W_out + j)*N + n] = x_pad[n, c, i*stride + p, j*stride + q]

    With this layout the whole layer becomes one matrix product of the filters, flattened
    row by row, with ``cols``. Build it from a strided view of the padded input
    (numpy.lib.stride_tricks), not with Python loops.

    Args:
        x: input images, shape (N, C, H, W).
        HH, WW: window height and width.
        stride: step between two windows.
        pad: zeros added on each side of H and W.
    Returns:
        cols: shape (C*HH*WW, H_out*W_out*N), dtype of x.
    """
    # BEGIN SOLUTION q2: build the column matrix documented above from the padded input
    N, C, H, W = x.shape
    H_out = conv_output_size(H, HH, stride, pad)
    W_out = conv_output_size(W, WW, stride, pad)
    # Images go last so that a row of the window view is W_out*N contiguous values: the copy
    # below and the additions in col2im then run over long rows instead of W_out-long ones.
    x_pad = np.zeros((C, H + 2 * pad, W + 2 * pad, N), dtype=x.dtype)
    x_pad[:, pad : pad + H, pad : pad + W, :] = x.transpose(1, 2, 3, 0)
    # windows[c, i, j, n, p, q] = x_pad[c, i*stride + p, j*stride + q, n]; a view, no copy.
    windows = sliding_window_view(x_pad, (HH, WW), axis=(1, 2))[
        :, : (H_out - 1) * stride + 1 : stride, : (W_out - 1) * stride + 1 : stride
    ]
    # The reshape makes the one copy: (c, p, q) become the rows, (i, j, n) the columns.
    return windows.transpose(0, 4, 5, 1, 2, 3).reshape(C * HH * WW, H_out * W_out * N)
    # END SOLUTION


def col2im(
    dcols: np.ndarray, x_shape: tuple[int, int, int, int], HH: int, WW: int, stride: int, pad: int
) -> np.ndarray:
    """Adjoint of im2col: add every column back onto the pixels its window covers.

    Args:
        dcols: shape (C*HH*WW, H_out*W_out*N), laid out as im2col's output.
        x_shape: (N, C, H, W) of the unpadded input.
        HH, WW, stride, pad: as given to im2col.
    Returns:
        dx: shape x_shape; each pixel gets the sum over all windows that contain it, and what
        falls on the padding is dropped.
    """
    # BEGIN SOLUTION q2: add every column entry back onto the input position it came from
    N, C, H, W = x_shape
    H_out = conv_output_size(H, HH, stride, pad)
    W_out = conv_output_size(W, WW, stride, pad)
    Hp, Wp = H + 2 * pad, W + 2 * pad
    d = dcols.reshape(C, HH, WW, H_out, W_out, N)
    # HH*WW vectorised additions: windows at the same offset (p, q) never overlap each other.
    # Added straight into the strided window view of dx_pad, numpy's ufunc machinery would
    # copy rows this short through its buffers (measured 2 to 3 times slower). Instead each
    # offset's values are first copied onto the top-left corners of their windows in a zeroed
    # image laid out like dx_pad (copies take no buffers), which is then added to dx_pad as
    # one flat range shifted by the offset: the zeros in between add nothing.
    dx_pad = np.zeros((C, Hp * Wp * N), dtype=dcols.dtype)
    corners = np.zeros((C, H_out * stride * Wp * N), dtype=dcols.dtype)
    grid = corners.reshape(C, H_out, stride * Wp, N)[:, :, : stride * (W_out - 1) + 1 : stride]
    span = (stride * ((H_out - 1) * Wp + W_out - 1) + 1) * N  # up to the last corner's end
    for p in range(HH):
        for q in range(WW):
            grid[...] = d[:, p, q]
            start = (p * Wp + q) * N
            dx_pad[:, start : start + span] += corners[:, :span]
    dx_pad = dx_pad.reshape(C, Hp, Wp, N)
    # Move the image axis back to the front a few rows at a time: the rows read span at most
    # 32 KiB, so they stay in the L1 cache while every image's pixels are picked out of them
    # (one 4-d copy of the whole image fetches each cache line again for every image in it).
    dx = np.empty(x_shape, dtype=dcols.dtype)
    step = max(1, 32768 // dx_pad[0, 0].nbytes)
    for c in range(C):
        for h in range(0, H, step):
            rows = slice(pad + h, pad + min(h + step, H))
            dx[:, c, h : h + step] = dx_pad[c, rows, pad : pad + W].transpose(2, 0, 1)
    return dx
    # END SOLUTION


def conv_forward_fast(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, pad: int = 0
) -> tuple[np.ndarray, ConvCache]:
    """Convolutional layer forward pass as one matrix product over im2col columns (卷积层).

    Args and returns: as conv_forward_naive (x (N, C, H, W), w (F, C, HH, WW), b (F,) ->
    out (N, F, H_out, W_out) of the dtype of x), except that the cache is what
    conv_backward_fast needs.
    """
    # BEGIN SOLUTION q2: im2col, then one matrix product with the flattened filters, plus b
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    H_out = conv_output_size(H, HH, stride, pad)
    W_out = conv_output_size(W, WW, stride, pad)
    cols = im2col(x, HH, WW, stride, pad)
    out2 = w.reshape(F, -1) @ cols
    out2 += b.reshape(F, 1)
    # Columns are ordered (i, j, n): move the image axis back to the front. The copy goes
    # one filter and a block of output pixels at a time, the block's rows of out2 spanning
    # at most 32 KiB: they stay in the L1 cache while each image's row of the block is
    # written (measured on 64 images of 28x28: twice as fast as one 4-d copy, 1.3 times as
    # fast as whole planes).
    planes = out2.reshape(F, H_out * W_out, N)
    out = np.empty((N, F, H_out * W_out), dtype=out2.dtype)
    block = max(1, 32768 // planes[0, 0].nbytes)
    for f in range(F):
        for s in range(0, H_out * W_out, block):
            out[:, f, s : s + block] = planes[f, s : s + block].T
    out = out.reshape(N, F, H_out, W_out)
    cache = (x.shape, cols, w, stride, pad)
    return out, cache
    # END SOLUTION


def conv_backward_fast(
    dout: np.ndarray, cache: ConvCache
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Convolutional layer backward pass with the cached im2col columns (卷积层).

    The forward pass computed out₂ = W₂ · cols + b, with W₂ the filters flattened to shape
    (F, C·HH·WW) and out₂ the output as an (F, H_out·W_out·N) matrix whose columns are
    ordered like those of ``cols``. Bring ``dout`` into that layout, then derive the
    gradients of a matrix product as for assignment 2's affine layer: each gradient has
    the shape of what it belongs to, which tells you which factor is transposed. The
    gradient with respect to ``cols`` reaches the input through col2im, the adjoint of
    im2col. Check the result against conv_backward_naive on a small input.

    Args:
        dout: upstream gradient ∂ℓ/∂out, shape (N, F, H_out, W_out).
        cache: from conv_forward_fast.
    Returns:
        dx: shape (N, C, H, W); dw: shape (F, C, HH, WW); db: shape (F,).
    """
    # BEGIN SOLUTION q2: two matrix products with the cached columns, then col2im for dx
    x_shape, cols, w, stride, pad = cache
    F, _, HH, WW = w.shape
    dout2 = dout.transpose(1, 2, 3, 0).reshape(F, -1)
    # db = dout2.sum(axis=1) as a matrix-vector product: the same sums, rounded in another
    # order (within an eps of the sum of |terms|), in half the time.
    db = dout2 @ np.ones(dout2.shape[1], dtype=dout2.dtype)
    # dW2 = dout2 @ cols.T, computed as the transpose of cols @ dout2.T: the same sums
    # (rounded in another order), a quarter faster in BLAS for these shapes.
    dw = (cols @ dout2.T).T.reshape(w.shape)
    dcols = w.reshape(F, -1).T @ dout2
    dx = col2im(dcols, x_shape, HH, WW, stride, pad)
    return dx, dw, db
    # END SOLUTION


# ----------------------------------------------------------------------------------------------
# Pooling (下采样池化层): a window slides with a stride; no parameters.
# ----------------------------------------------------------------------------------------------


def _window_slices(
    x_shape: tuple[int, ...], pool_height: int, pool_width: int, stride: int
) -> tuple[int, int, list[tuple[slice, slice]]]:
    """Output size and, per window offset (p, q) in row-major order, the strided slices of the
    input that hold element (p, q) of every window."""
    H, W = x_shape[2:]
    H_out = conv_output_size(H, pool_height, stride, 0)
    W_out = conv_output_size(W, pool_width, stride, 0)
    offsets = [
        (
            slice(p, p + stride * (H_out - 1) + 1, stride),
            slice(q, q + stride * (W_out - 1) + 1, stride),
        )
        for p in range(pool_height)
        for q in range(pool_width)
    ]
    return H_out, W_out, offsets


def avg_pool_forward(
    x: np.ndarray, pool_height: int = 2, pool_width: int = 2, stride: int = 2
) -> tuple[np.ndarray, PoolCache]:
    """Average pooling forward pass (平均池化): the mean of each window. Given to you complete,
    as a worked example of a vectorised pooling layer for max pooling (q3).

    Instead of a loop over windows, it loops over the positions (p, q) *inside* a window:
    element (p, q) of every window at once is one strided slice of ``x`` (``_window_slices``),
    so a 2x2 window costs four whole-array operations.

    Args:
        x: input, shape (N, C, H, W).
        pool_height, pool_width: window size.
        stride: step between two windows.
    Returns:
        out: shape (N, C, H_out, W_out), dtype of x, with H_out = 1 + (H - pool_height) // stride.
        cache: what avg_pool_backward needs.
    """
    H_out, W_out, slices = _window_slices(x.shape, pool_height, pool_width, stride)
    total = np.zeros((*x.shape[:2], H_out, W_out), dtype=x.dtype)
    for window_rows, window_cols in slices:
        total += x[:, :, window_rows, window_cols]
    cache = (x.shape, pool_height, pool_width, stride)
    return total / (pool_height * pool_width), cache


def avg_pool_backward(dout: np.ndarray, cache: PoolCache) -> np.ndarray:
    """Average pooling backward pass (平均池化), given to you complete.

    The forward pass weighed every input of a window by 1 / (pool_height * pool_width), so
    every input gets that share of the window's gradient. When windows overlap (stride
    smaller than the window) an input sums its shares from every window that contains it:
    add into dx, never assign.

    Args:
        dout: upstream gradient, shape (N, C, H_out, W_out).
        cache: from avg_pool_forward.
    Returns:
        dx: shape (N, C, H, W).
    """
    x_shape, pool_height, pool_width, stride = cache
    _, _, slices = _window_slices(x_shape, pool_height, pool_width, stride)
    share = dout / (pool_height * pool_width)
    dx = np.zeros(x_shape, dtype=dout.dtype)
    for window_rows, window_cols in slices:
        dx[:, :, window_rows, window_cols] += share
    return dx


def max_pool_forward(
    x: np.ndarray, pool_height: int = 2, pool_width: int = 2, stride: int = 2
) -> tuple[np.ndarray, PoolCache]:
    """Max pooling forward pass (最大池化): the largest value of each window.

    Read avg_pool_forward first: the same windows, with the largest value instead of the mean.
    The lecture divides the image into non-overlapping 2x2 windows (stride 2); the layer
    also takes any window size and stride, as torch.nn.functional.max_pool2d does (no padding,
    output size rounded down).

    Args and returns: as avg_pool_forward (x (N, C, H, W) -> out (N, C, H_out, W_out) of the
    dtype of x), except that the cache is what max_pool_backward needs.
    """
    # BEGIN SOLUTION q3: the maximum of each pooling window, and what backward needs
    _, _, offsets = _window_slices(x.shape, pool_height, pool_width, stride)
    # One elementwise maximum per window offset instead of a reduction over reshaped window
    # axes: each pass streams through contiguous memory, several times faster.
    rows, cols = offsets[0]
    out = x[:, :, rows, cols].copy()
    for rows, cols in offsets[1:]:
        np.maximum(out, x[:, :, rows, cols], out=out)
    cache = (x, out, pool_height, pool_width, stride)
    return out, cache
    # END SOLUTION


def max_pool_backward(dout: np.ndarray, cache: PoolCache) -> np.ndarray:
    """Max pooling backward pass (最大池化).

    The gradient of a window's maximum flows only to the input that was the maximum; the
    other inputs of the window get none. Tie rule: when several inputs of a window share the
    maximum, the whole gradient goes to the FIRST of them in row-major order of the window
    (smallest row, then smallest column), as in torch.nn.functional.max_pool2d. An input in
    several overlapping windows sums what it gets from each (as in avg_pool_backward).

    Args:
        dout: upstream gradient, shape (N, C, H_out, W_out).
        cache: from max_pool_forward.
    Returns:
        dx: shape (N, C, H, W).
    """
    # BEGIN SOLUTION q3: route dout to the first maximum of each window, summing over windows
    x, out, pool_height, pool_width, stride = cache
    H_out, W_out, offsets = _window_slices(x.shape, pool_height, pool_width, stride)
    overlapping = stride < max(pool_height, pool_width)
    # When the windows tile the input (the lecture's 2x2 windows, stride 2, even H and W),
    # every pixel of dx is written below exactly once: no need to zero it first.
    tiled = pool_height == pool_width == stride and x.shape[2:] == (H_out * stride, W_out * stride)
    dx = np.empty_like(x) if tiled else np.zeros_like(x)
    # Offsets visited in row-major order; `pending` marks windows whose maximum is not yet
    # found, so that a later tie does not take the gradient a second time.
    pending = np.ones(out.shape, dtype=bool)
    hit = np.empty(out.shape, dtype=bool)
    share = np.empty_like(dout) if overlapping else None
    for rows, cols in offsets:
        np.equal(x[:, :, rows, cols], out, out=hit)
        hit &= pending
        # Multiplying by the mask into a buffer beats masked (where=) ufuncs and fresh
        # temporaries, which dominate at these sizes. Without overlap each input pixel is in
        # at most one window: write its share in place.
        if overlapping:
            np.multiply(dout, hit, out=share)
            dx[:, :, rows, cols] += share
        else:
            np.multiply(dout, hit, out=dx[:, :, rows, cols])
        pending ^= hit  # hit is a subset of pending: this clears the windows just served
    return dx
    # END SOLUTION
