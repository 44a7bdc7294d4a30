# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Assignment 6: Convolutional networks (卷积神经网络)
#
# A convolutional layer connects each hidden unit only to a small **receptive field**
# (感受野) of the layer below (sparse connectivity, 通过局部相关性稀疏连接), and every
# position uses the **same filter weights** (共享权重): one filter slid over the whole image
# gives one feature map. A **pooling** layer (下采样池化层) then summarises each small
# window by its maximum (最大池化) or its mean (平均池化).
#
# You will write, in `cnn_layers.py`:
#
# - **q1** `conv_backward_naive` (loops), the backward pass of the given `conv_forward_naive`;
# - **q2** `im2col`, `col2im`, `conv_forward_fast`, `conv_backward_fast`;
# - **q3** `max_pool_forward`, `max_pool_backward`, after the given average pooling;
#
# and then train a small LeNet-style network built from your layers on 5,000 MNIST digits.
# Two layers are given complete, as worked examples to read before the question that
# follows them: the loop version of the convolution's forward pass (the lecture's formula,
# written out) and average pooling (a vectorised pooling layer).
#
# Conventions (the same as PyTorch): images `x` have shape (N, C, H, W), filters `w` shape
# (F, C, HH, WW), biases `b` shape (F,). "Convolution" is cross-correlation, as in the
# lecture's example: the filter is **not** flipped. Every layer returns `(out, cache)`
# forward and the gradients of its array inputs backward. A written question (q4) closes
# the assignment.
#
# {{points_table}}
#
# **Terms (术语).** The Chinese terms used in this notebook:
#
# | 中文 | English | 中文 | English |
# |---|---|---|---|
# | 卷积神经网络 | convolutional neural network | 卷积层 | convolutional layer |
# | 感受野 | receptive field | 过滤器 / 卷积核* | filter / kernel |
# | 稀疏连接 | sparse connectivity | 共享权重 | shared weights |
# | 特征映射 | feature map | 下采样 / 池化 | downsampling / pooling |
# | 最大池化 | max pooling | 平均池化 | average pooling |
# | 步长* | stride | 填充* | padding |
#
# \* not in the lecture: the usual term in Chinese textbooks.

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as tf
from threadpoolctl import threadpool_limits

from nnkit.data import mnist_sample
from nnkit.gradcheck import numeric_gradient_array, rel_error
from nnkit.plot import image_grid, training_curves
from nnkit.seeding import seed_everything
from nnkit.torch_bridge import numpy_function
from nnkit.train import fit

rng = seed_everything(0)
# numpy's BLAS and PyTorch each start a pool of threads; on a small machine the two pools
# fight over the cores and every product slows down many times. One thread each is faster.
threadpool_limits(1)
torch.set_num_threads(1)

# %% [markdown]
# ## q1. Convolution with loops (卷积层)
#
# Output pixel (i, j) of filter f is the sum of the elementwise product of `w[f]` with the
# window of the zero-padded input whose top-left corner is `(i*stride, j*stride)`, plus
# `b[f]`; the output has `H_out = 1 + (H + 2*pad - HH) // stride` rows.
#
# `conv_forward_naive` in `cnn_layers.py` is given: read it, one output pixel at a time. The
# lecture's example (二维情况): the 5x5 binary input of layer m-1 and the 3x3 filter whose
# weights are the subscripts on the slide give 4 at the first position of layer m.

# %%
lecture_input = np.array(
    [[1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 1], [0, 0, 1, 1, 0], [0, 1, 1, 0, 0]],
    dtype=np.float64,
)
lecture_filter = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]], dtype=np.float64)
feature_map, _ = cnn_layers.conv_forward_naive(
    lecture_input[None, None], lecture_filter[None, None], np.zeros(1)
)
print(feature_map[0, 0])  # the top-left value is the lecture's 4

# %% [markdown]
# The lecture's second example: a 10x10 image and a 3x3 filter give an 8x8 feature map;
# three different filters give three 8x8 maps. Below, three classic filters (vertical
# edges, horizontal edges, blur) on a 10x10 image of a square.

# %%
square = np.zeros((10, 10))
square[3:7, 3:7] = 1.0
filters = np.stack(
    [
        [[1, 0, -1], [1, 0, -1], [1, 0, -1]],
        [[1, 1, 1], [0, 0, 0], [-1, -1, -1]],
        np.full((3, 3), 1 / 9),
    ]
)[:, None].astype(np.float64)
maps, _ = cnn_layers.conv_forward_naive(square[None, None], filters, np.zeros(3))
print("feature maps:", maps.shape)
fig, axes = plt.subplots(1, 4, figsize=(10, 2.5))
for ax, image, title in zip(
    axes, [square, *maps[0]], ["input 10x10", "vertical edges", "horizontal edges", "blur"]
):
    ax.imshow(image, cmap="gray")
    ax.set_title(title)
    ax.axis("off")
plt.show()

# %% [markdown]
# **Your part: the backward pass.** Write `out[n, f, i, j]` as the sum it is, and
# differentiate it with respect to one input pixel, one weight and one bias by the chain
# rule: each output pixel sends `dout[n, f, i, j]` back to the pixels of its window
# (weighted by the filter) and to the filter (weighted by the window). A pixel in several
# windows, and a weight used at every position (共享权重), add up what they receive.
# Implement `conv_backward_naive`; the cell below compares it with centred differences.

# %%
x_small = rng.standard_normal((1, 2, 5, 4))
w_small = rng.standard_normal((2, 2, 3, 2))
b_small = rng.standard_normal(2)
for stride, pad in ((1, 1), (2, 0)):
    out_small, conv_cache = cnn_layers.conv_forward_naive(x_small, w_small, b_small, stride, pad)
    dout_small = rng.standard_normal(out_small.shape)
    grads = cnn_layers.conv_backward_naive(dout_small, conv_cache)
    for name, value, arg in zip(("dx", "dw", "db"), grads, (x_small, w_small, b_small)):
        numeric = numeric_gradient_array(
            lambda _: cnn_layers.conv_forward_naive(x_small, w_small, b_small, stride, pad)[0],  # noqa: B023
            arg,
            dout_small,
        )
        print(f"stride {stride}, pad {pad}: {name} relative error {rel_error(value, numeric):.1e}")

# %%
grader.check("q1")

# %% [markdown]
# ## q2. Convolution as one matrix product (im2col)
#
# The loops are slow. `im2col` copies every receptive field into one column of a matrix;
# row `c*HH*WW + p*WW + q` matches the order of `w[f].ravel()`, column
# `(i*W_out + j)*N + n` is the window of image n at output position (i, j). Then the layer
# is one matrix product of the flattened filters with the columns, and its backward pass is
# the backward pass of a matrix product (you derived it for the affine layer of assignment
# 2) followed by `col2im`, which adds every column back onto the pixels its window covers
# (windows overlap, so contributions add up).
#
# Build `im2col` from a strided **view** of the padded input
# (`numpy.lib.stride_tricks.sliding_window_view` or `as_strided`): the view costs nothing,
# and the only copy is the final reshape.

# %%
x = rng.standard_normal((8, 3, 16, 16))
w = rng.standard_normal((6, 3, 3, 3))
b = rng.standard_normal(6)
timings = {}
for version in ("naive", "fast"):
    forward = getattr(cnn_layers, f"conv_forward_{version}")
    start = time.perf_counter()
    out, _ = forward(x, w, b, 2, 1)
    timings[version] = time.perf_counter() - start
    print(f"{version}: output {out.shape}, {timings[version] * 1e3:.1f} ms")
print(f"fast is {timings['naive'] / timings['fast']:.0f}x faster")
naive_out, _ = cnn_layers.conv_forward_naive(x, w, b, 2, 1)
fast_out, _ = cnn_layers.conv_forward_fast(x, w, b, 2, 1)
print("largest difference:", np.abs(naive_out - fast_out).max())

# %%
grader.check("q2")

# %% [markdown]
# ## Average pooling, given (平均池化)
#
# Pooling replaces each window by one number; the lecture uses non-overlapping 2x2 windows,
# i.e. stride 2, and these layers take any window and stride. `avg_pool_forward` and
# `avg_pool_backward` are given: read them before q3. They loop over the positions (p, q)
# *inside* a window, not over the windows: element (p, q) of every window at once is one
# strided slice of `x`. Backward, every input of a window gets an equal share of the
# window's gradient, *added* into `dx` because overlapping windows share inputs.

# %%
x = np.array(
    [[1.0, 3.0, 2.0, 1.0], [4.0, 2.0, 0.0, 1.0], [5.0, 1.0, 1.0, 3.0], [0.0, 2.0, 4.0, 2.0]]
)
pooled, cache = cnn_layers.avg_pool_forward(x[None, None], 2, 2, 2)
print("average pooled:\n", pooled[0, 0])
print("gradient of the sum:\n", cnn_layers.avg_pool_backward(np.ones_like(pooled), cache)[0, 0])

# %% [markdown]
# ## q3. Max pooling (最大池化)
#
# Max pooling keeps the largest value of each window. It reduces computation and keeps the
# strongest response of each region, at the cost of exact positions. Its forward pass is
# average pooling's with the largest value instead of the mean.
#
# Its gradient goes only to the input that was the maximum. **Tie rule**: when a window
# holds its maximum several times, the whole gradient goes to the *first* of them in
# row-major order (as in `torch.nn.functional.max_pool2d`); the others get nothing. An
# input in several overlapping windows sums what it gets from each. Compare the gradient
# of the sum below with average pooling's above.

# %%
pooled, cache = cnn_layers.max_pool_forward(x[None, None], 2, 2, 2)
print("max pooled:\n", pooled[0, 0])
print("gradient of the sum:\n", cnn_layers.max_pool_backward(np.ones_like(pooled), cache)[0, 0])

# %%
grader.check("q3")

# %% [markdown]
# ## A LeNet-style network on MNIST (使用案例: 数字识别)
#
# LeNet-5 made 82 errors on the 10,000 MNIST test digits (0.95%). We train a small cousin
# on the 5,000-digit sample: conv 1→16 (3x3, pad 1), ReLU, 2x2 max pool, conv 16→32, ReLU,
# 2x2 max pool, then a fully connected layer to the 10 classes. The convolutions and the
# pooling are **your** fast layers: `numpy_function` wraps a numpy forward/backward pair as
# a PyTorch operation, so PyTorch does the rest (ReLU, the last layer, the loss, Adam).

# %%
X, y = mnist_sample()
order = rng.permutation(len(X))
train_idx, test_idx = order[:4000], order[4000:]
# Centre and scale the pixels (MNIST's mean and standard deviation): Adam then needs no warm-up.
images = ((X - 0.13) / 0.31).reshape(-1, 1, 28, 28).astype(np.float32)
x_train, y_train = images[train_idx], y[train_idx]
x_test, y_test = torch.from_numpy(images[test_idx]), torch.from_numpy(y[test_idx])
fig = image_grid(x_train[:16, 0], labels=y_train[:16], ncols=8)
display(fig)

# %%
conv = numpy_function(
    lambda x, w, b: cnn_layers.conv_forward_fast(x, w, b, 1, 1), cnn_layers.conv_backward_fast
)
max_pool = numpy_function(
    lambda x: cnn_layers.max_pool_forward(x, 2, 2, 2), cnn_layers.max_pool_backward
)


class SmallLeNet(torch.nn.Module):
    """conv 1→16, pool, conv 16→32, pool, fully connected 32*7*7→10, with the student's layers."""

    def __init__(self) -> None:
        super().__init__()

        def filters(f: int, c: int) -> torch.nn.Parameter:
            # He initialisation: keeps the activations' scale through ReLU layers.
            return torch.nn.Parameter(torch.randn(f, c, 3, 3) * np.sqrt(2.0 / (c * 9)))

        self.w1, self.b1 = filters(16, 1), torch.nn.Parameter(torch.zeros(16))
        self.w2, self.b2 = filters(32, 16), torch.nn.Parameter(torch.zeros(32))
        self.fc = torch.nn.Linear(32 * 7 * 7, 10)

    def features(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h1 = max_pool(torch.relu(conv(x, self.w1, self.b1)))
        h2 = max_pool(torch.relu(conv(h1, self.w2, self.b2)))
        return h1, h2

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.features(x)[1].flatten(1))


epochs, batch_size = 3, 64
model = SmallLeNet()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
# The learning rate decays to 0 along a cosine over all steps: big steps first, fine ones last.
steps = epochs * -(-len(x_train) // batch_size)
schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)


def step(xb: np.ndarray, yb: np.ndarray) -> float:
    optimizer.zero_grad()
    loss = tf.cross_entropy(model(torch.from_numpy(xb)), torch.from_numpy(yb))
    loss.backward()
    optimizer.step()
    schedule.step()
    return loss.item()


def evaluate() -> dict[str, float]:
    with torch.no_grad():
        return {"test_acc": (model(x_test).argmax(1) == y_test).float().mean().item()}


start = time.perf_counter()
# progress=False: a progress bar is a live widget, and a saved notebook shows it at 0%
history = fit(
    step,
    x_train,
    y_train,
    epochs=epochs,
    batch_size=batch_size,
    rng=rng,
    evaluate=evaluate,
    progress=False,
)
print(f"trained in {time.perf_counter() - start:.0f} s")
for epoch, (loss, acc) in enumerate(zip(history["loss"], history["test_acc"], strict=True)):
    print(f"epoch {epoch + 1}: training loss {loss:.3f}, test accuracy {acc:.3f}")
display(training_curves(history))
test_acc = history["test_acc"][-1]
assert test_acc >= 0.95, "below 95%: check your layers against the questions above"

# %% [markdown]
# ### What the network learned
#
# The sixteen 3x3 filters of the first layer (many look like small edge and stroke
# detectors), and the feature maps they produce on one test digit.

# %%
image_grid(model.w1.detach().numpy()[:, 0], labels=[f"filter {k}" for k in range(16)])

# %%
with torch.no_grad():
    first_maps = torch.relu(conv(x_test[:1], model.w1, model.b1))[0].numpy()
image_grid(
    np.concatenate([x_test[:1, 0].numpy(), first_maps]),
    labels=[f"digit {int(y_test[0])}"] + [f"map {k}" for k in range(16)],
    ncols=9,
)

# %% [markdown]
# ## q4. Written: parameters of a convolution against a fully connected layer
#
# The first layer of the network above maps a 28×28 image (one channel) to 16 feature maps
# of 28×28 with 3×3 filters (padding 1). Count its parameters (weights and biases). Then
# count the parameters of a fully connected layer that maps the same 28×28 input to the same
# 16×28×28 outputs. By what factor do they differ? Split that factor into the part due to
# sparse connectivity (稀疏连接: each output sees only its receptive field) and the part due
# to shared weights (共享权重: every position uses the same filter), and say what a
# convolution assumes about images that a fully connected layer does not.

# %% [markdown] tags=["solution"]
# Convolution: 16 filters × (1 × 3 × 3) weights + 16 biases = 144 + 16 = 160 parameters.
# Fully connected: 784 inputs × 12,544 outputs = 9,834,496 weights + 12,544 biases =
# 9,847,040 parameters, about 61,500 times more. Sparse connectivity alone (each output
# unit connected to 9 inputs instead of 784, each with its own weights) would leave
# 12,544 × 9 = 112,896 weights, a factor 784/9 ≈ 87 fewer; sharing the weights over the
# 28 × 28 = 784 positions of each map divides the weights by 784 more, down to 16 × 9 = 144
# (87 × 784 ≈ 68,300 for the weights; the biases, one per map instead of one per output,
# bring the total ratio to about 61,500). The convolution assumes that what matters in an
# image is local (a pixel's neighbours) and that the same pattern means the same thing
# wherever it appears (translation equivariance); a fully connected layer assumes
# neither and must learn every position separately from data.
