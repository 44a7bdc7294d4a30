# %% [markdown]
# # Assignment 5: Dropout, batch normalisation and residual blocks
#
# Lecture sections: 深度学习中的正则化 (regularisation: Dropout) and 梯度消失问题的解决方法
# (remedies for vanishing gradients: 深度残差网络 residual networks, 批标准化 batch
# normalisation).
#
# You write your code in **`regularization.py`**, next to this notebook. Every layer follows
# the contract of the earlier assignments: `<layer>_forward(...) -> (out, cache)` and
# `<layer>_backward(dout, cache) -> gradients`. Each cache is a plain dict whose keys the
# docstring lists; your backward must read only those keys, because the grader also calls
# it with caches it builds itself. Each `grader.check("qK")` cell runs the public tests of
# question K; the final grade adds hidden tests on other shapes, dtypes (float32) and
# settings.
#
# {{points_table}}
#
# The experiments at the end train small networks on scikit-learn's 8×8 digits with
# PyTorch, with **your** dropout and batch-norm layers inside them
# (`nnkit.torch_bridge.numpy_function` turns a numpy forward/backward pair into a PyTorch
# operation), and send gradients through a deep stack of your residual blocks. Two
# written questions (q5, q6) ask you to explain what the experiments show.
#
# **Terms (术语).** The Chinese terms used in this notebook:
#
# | 中文 | English | 中文 | English |
# |---|---|---|---|
# | 正则化 | regularisation | 过拟合* | overfitting |
# | 小批量 | minibatch | 批标准化 | batch normalisation |
# | 内部协变量变化 | internal covariate shift | 梯度消失 | vanishing gradient |
# | 深度残差网络 | deep residual network | 恒等映射* / 捷径* | identity mapping / shortcut |
# | 训练阶段 / 测试阶段* | training / test phase | 学习率 | learning rate |
#
# \* not in the lecture: the usual term in Chinese textbooks.

# %%
import torch

from nnkit import data
from nnkit.gradcheck import numeric_gradient_array, rel_error
from nnkit.seeding import seed_everything
from nnkit.torch_bridge import numpy_function

rng = seed_everything(0)
torch.set_num_threads(1)  # tiny networks: threads cost more than they save

# %% [markdown]
# ## q1. Inverted dropout (Dropout)
#
# "在训练阶段，每个小批量训练时随机禁用网络中一部分节点及其连接": during training each
# mini-batch disables a random subset of the units. With keep probability $p$ the mask
# $m_i \sim \text{Bernoulli}(p)$ and
#
# $$\text{out}_i = \frac{m_i\, x_i}{p} \quad\text{(train)}, \qquad \text{out}_i = x_i
# \quad\text{(eval)}.$$
#
# Dividing by $p$ during training ("inverted" dropout) keeps $E[\text{out}_i] = x_i$, so the
# network needs no change at test time. The backward pass sends the gradient through the
# same units, with the same scale. Implement `dropout_forward` and `dropout_backward`.

# %%
x = np.ones((6, 10))
out, cache = regularization.dropout_forward(x, keep_prob=0.7, mode="train", seed=0)
print(out.round(2))
print("fraction kept:", cache["mask"].mean())
big, _ = regularization.dropout_forward(np.full((500, 400), 2.0), 0.7, "train", seed=1)
print("mean of dropout(2.0) over 200,000 units:", big.mean().round(4), "(expected 2)")

# %%
grader.check("q1")

# %% [markdown]
# ## q2. Batch normalisation, forward (批标准化)
#
# For a mini-batch $\mathcal B = \{x_1, \dots, x_m\}$, per feature:
#
# $$\mu_{\mathcal B} = \frac1m\sum_{i=1}^m x_i,\qquad
# \sigma^2_{\mathcal B} = \frac1m\sum_{i=1}^m (x_i-\mu_{\mathcal B})^2,\qquad
# \hat x_i = \frac{x_i-\mu_{\mathcal B}}{\sqrt{\sigma^2_{\mathcal B}+\epsilon}},\qquad
# y_i = \gamma\hat x_i+\beta.$$
#
# At test time there may be a single example, so the layer keeps running averages of the
# statistics during training and uses them in eval mode. We follow PyTorch's
# `torch.nn.BatchNorm1d` exactly, so you can compare with it:
#
# - `running = (1 - momentum) * running + momentum * batch_statistic`, momentum 0.1;
# - the running **variance** averages the *unbiased* batch variance
#   $\frac{m}{m-1}\sigma^2_{\mathcal B}$, while the normalisation uses the lecture's biased
#   $\sigma^2_{\mathcal B}$;
# - a fresh layer (`state=None`) starts from running mean 0 and running variance 1.
#
# The function returns the new state instead of changing the given one.

# %%
X = rng.normal(3.0, 2.0, size=(32, 4))
gamma, beta = np.ones(4), np.zeros(4)
out, cache, state = regularization.batchnorm_forward(X, gamma, beta, None, "train")
print("train out mean per feature:", out.mean(axis=0).round(6))
print("train out std per feature: ", out.std(axis=0).round(4))
print("running mean after one batch:", state["running_mean"].round(4))

bn = torch.nn.BatchNorm1d(4, dtype=torch.float64)
expected = bn(torch.from_numpy(X)).detach().numpy()
print("relative error against torch.nn.BatchNorm1d:", rel_error(out, expected))
print("running_var error against torch:", rel_error(state["running_var"], bn.running_var.numpy()))

# %%
grader.check("q2")

# %% [markdown]
# ## q3. Batch normalisation, backward
#
# The lecture gives the parameter gradients
#
# $$\frac{\partial\ell}{\partial\gamma}=\sum_{i=1}^m\frac{\partial\ell}{\partial y_i}\hat x_i,
# \qquad \frac{\partial\ell}{\partial\beta}=\sum_{i=1}^m\frac{\partial\ell}{\partial y_i}.$$
#
# For $\partial\ell/\partial x_i$ remember that in train mode $\mu_{\mathcal B}$ and
# $\sigma^2_{\mathcal B}$ are functions of every $x_k$ of the batch: draw the computational
# graph ($x \to \mu \to \sigma^2 \to \hat x \to y$) and add the three paths. In eval mode the
# running statistics are constants. Below, your backward is compared with centred
# differences of your forward.

# %%
Xs = rng.normal(1.0, 2.0, size=(5, 3))
g, b = rng.normal(size=3), rng.normal(size=3)
dout = rng.normal(size=(5, 3))
_, cache, _ = regularization.batchnorm_forward(Xs, g, b, None, "train")
dx, dgamma, dbeta = regularization.batchnorm_backward(dout, cache)


def bn_out(v):
    return regularization.batchnorm_forward(v, g, b, None, "train")[0]


print("dx relative error:", rel_error(dx, numeric_gradient_array(bn_out, Xs.copy(), dout)))

# %%
grader.check("q3")

# %% [markdown]
# ## q4. A residual block (深度残差网络)
#
# Deeper plain networks can be *worse* than shallower ones, even on the training data. A
# ResNet building block learns a residual $F(x)$ and adds its input back:
#
# $$y = x + F(x), \qquad F(x) = \text{relu}(x W_1 + b_1)\, W_2 + b_2.$$
#
# The shortcut has no parameter ("与普通网络相比，残差网络没有额外的参数"). In the backward
# pass $x$ receives gradient along two paths, through $F$ and through the shortcut: add
# them. Implement `residual_forward` and `residual_backward`.

# %%
D, H = 6, 12
xr = rng.normal(size=(4, D))
params = [
    rng.normal(size=(D, H)) / np.sqrt(D),
    np.zeros(H),
    rng.normal(size=(H, D)) / np.sqrt(H),
    np.zeros(D),
]
out, cache = regularization.residual_forward(xr, *params)
dout = rng.normal(size=out.shape)
grads = regularization.residual_backward(dout, cache)


def block_out(v):
    return regularization.residual_forward(v, *params)[0]


print("dx relative error:", rel_error(grads[0], numeric_gradient_array(block_out, xr.copy(), dout)))

# %%
grader.check("q4")

# %% [markdown]
# ## Experiment 1: a deep network with and without batch normalisation (批标准化实验)
#
# Ten sigmoid layers of 64 units on the digits, trained with minibatch SGD with momentum
# 0.9, once without and once with batch normalisation before every sigmoid. The
# batch-norm layers below run your `batchnorm_forward` and `batchnorm_backward`.
#
# The lecture's 批标准化实验 shows, besides the test accuracy, how the input of one
# sigmoid of the last hidden layer is distributed during training: its 15th, 50th and 85th
# percentiles over each minibatch. We record the same three curves for both networks.


# %%
class StudentBatchNorm(torch.nn.Module):
    """torch wrapper around the numpy batch norm; keeps the running statistics."""

    def __init__(self, features: int, momentum: float = 0.1):
        super().__init__()
        self.gamma = torch.nn.Parameter(torch.ones(features))
        self.beta = torch.nn.Parameter(torch.zeros(features))
        self.momentum = momentum
        self.state = None
        self.op = numpy_function(self._forward, regularization.batchnorm_backward)

    def _forward(self, x, gamma, beta):
        mode = "train" if self.training else "eval"
        out, cache, state = regularization.batchnorm_forward(
            x, gamma, beta, self.state, mode, self.momentum
        )
        self.state = state
        return out, cache

    def forward(self, x):
        return self.op(x, self.gamma, self.beta)


class StudentDropout(torch.nn.Module):
    """torch wrapper around the numpy dropout; a new seed for every mini-batch."""

    def __init__(self, keep_prob: float, seed: int = 0):
        super().__init__()
        self.keep_prob = keep_prob
        self.seeds = np.random.default_rng(seed)
        self.op = numpy_function(regularization.dropout_forward, regularization.dropout_backward)

    def forward(self, x):
        mode = "train" if self.training else "eval"
        return self.op(x, self.keep_prob, mode, int(self.seeds.integers(2**31)))


def mlp(sizes, *, batchnorm=False, keep_prob=None, activation=torch.nn.Sigmoid):
    layers = []
    for d_in, d_out in zip(sizes[:-2], sizes[1:-1], strict=True):
        layers.append(torch.nn.Linear(d_in, d_out))
        if batchnorm:
            layers.append(StudentBatchNorm(d_out))
        layers.append(activation())
        if keep_prob is not None:
            layers.append(StudentDropout(keep_prob, seed=len(layers)))
    layers.append(torch.nn.Linear(sizes[-2], sizes[-1]))
    return torch.nn.Sequential(*layers)


def accuracy(model, X, y):
    model.eval()
    with torch.no_grad():
        return (model(X).argmax(dim=1) == y).float().mean().item()


def train(model, X, y, *, epochs, lr, batch_size=64, seed=0, X_test=None, y_test=None):
    """Minibatch SGD with momentum 0.9 on cross-entropy; per-epoch loss and accuracies."""
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    order = np.random.default_rng(seed)
    history = {"loss": [], "train_acc": [], "test_acc": [], "test_loss": []}
    for _ in range(epochs):
        model.train()
        losses = []
        for idx in np.array_split(order.permutation(len(X)), max(1, len(X) // batch_size)):
            loss = torch.nn.functional.cross_entropy(model(X[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        history["loss"].append(float(np.mean(losses)))
        history["train_acc"].append(accuracy(model, X, y))
        if X_test is not None:
            history["test_acc"].append(accuracy(model, X_test, y_test))
            with torch.no_grad():
                loss = torch.nn.functional.cross_entropy(model(X_test), y_test)
            history["test_loss"].append(loss.item())
    return history


X_all, y_all = data.digits()
(X_tr, y_tr), _, (X_te, y_te) = data.train_val_test_split(X_all, y_all, (0.7, 0.0, 0.3), seed=0)
X_tr, X_te = torch.tensor(X_tr, dtype=torch.float32), torch.tensor(X_te, dtype=torch.float32)
y_tr, y_te = torch.tensor(y_tr), torch.tensor(y_te)


def record_sigmoid_input(model, unit=0):
    """Percentiles (15, 50, 85) of the input of one unit of the last hidden sigmoid, over
    every training minibatch: the lecture's 批标准化实验 view."""
    last_sigmoid = [m for m in model if isinstance(m, torch.nn.Sigmoid)][-1]
    percentiles = []

    def hook(module, inputs, output):
        if module.training:
            values = inputs[0][:, unit].detach().numpy()
            percentiles.append(np.percentile(values, [15, 50, 85]))

    last_sigmoid.register_forward_hook(hook)
    return percentiles


histories, sigmoid_inputs = {}, {}
# your batch norm first: without it, the cell stops at once instead of after the baseline
for use_bn in (True, False):
    torch.manual_seed(0)
    model = mlp([64] + [64] * 10 + [10], batchnorm=use_bn)
    recorded = record_sigmoid_input(model)
    histories[use_bn] = train(model, X_tr, y_tr, epochs=15, lr=0.05, X_test=X_te, y_test=y_te)
    sigmoid_inputs[use_bn] = np.array(recorded)
    print(
        f"batch norm {use_bn}: final loss {histories[use_bn]['loss'][-1]:.3f}, "
        f"test accuracy {histories[use_bn]['test_acc'][-1]:.3f}"
    )

fig, (ax, *ax_pct) = plt.subplots(1, 3, figsize=(15, 3.5), layout="constrained")
for use_bn, hist in histories.items():
    ax.plot(
        range(1, len(hist["test_acc"]) + 1),
        hist["test_acc"],
        label="with your batch norm" if use_bn else "without",
        marker="o",
        markersize=3,
    )
ax.set(xlabel="epoch", ylabel="test accuracy", title="(a) 10 sigmoid layers on the digits")
ax.legend()
for axis, use_bn, letter in zip(ax_pct, (False, True), "bc", strict=True):
    values = sigmoid_inputs[use_bn]
    for column, q in enumerate((15, 50, 85)):
        axis.plot(values[:, column], label=f"{q}th percentile")
    axis.set(
        xlabel="training step",
        ylabel="input of one sigmoid (last hidden layer)",
        title=f"({letter}) {'with' if use_bn else 'without'} batch norm",
    )
    axis.legend(fontsize="small")
plt.show()

# %% [markdown]
# ## Experiment 2: dropout against overfitting
#
# With only 150 training images a wide network memorises them: training accuracy reaches
# 100% while test accuracy stays lower. Dropout (your layer, keep probability 0.5) makes
# every mini-batch train a different thinned network ("随机禁用网络中一部分节点"), which
# discourages units from relying on each other. Compare the gap between training and test
# accuracy, and the test loss. At this tiny scale the effect is small (around one point of
# accuracy, and it varies with the seed); the lecture's MNIST experiment uses networks of
# 1024 to 2048 units per layer, where it is larger.

# %%
small = np.random.default_rng(1).choice(len(X_tr), 150, replace=False)
drop_hist = {}
for keep_prob in (None, 0.5):
    torch.manual_seed(1)
    model = mlp([64, 512, 512, 10], keep_prob=keep_prob, activation=torch.nn.ReLU)
    drop_hist[keep_prob] = train(
        model, X_tr[small], y_tr[small], epochs=60, lr=0.02, batch_size=30, X_test=X_te, y_test=y_te
    )
    h = drop_hist[keep_prob]
    print(
        f"keep_prob {keep_prob}: train accuracy {h['train_acc'][-1]:.3f}, "
        f"test accuracy {h['test_acc'][-1]:.3f}, test loss {h['test_loss'][-1]:.3f}"
    )

fig, (ax, ax_loss) = plt.subplots(1, 2, figsize=(11, 3.5), layout="constrained")
for (keep_prob, hist), colour in zip(drop_hist.items(), ("C0", "C1"), strict=True):
    label = "no dropout" if keep_prob is None else f"dropout, keep {keep_prob}"
    epochs = range(1, len(hist["train_acc"]) + 1)
    ax.plot(epochs, hist["train_acc"], colour, linestyle="--", label=f"{label}: train")
    ax.plot(epochs, hist["test_acc"], colour, label=f"{label}: test")
    ax_loss.plot(epochs, hist["test_loss"], colour, label=label)
ax.set(xlabel="epoch", ylabel="accuracy", title="150 training images, 512-512 ReLU network")
ax.legend(fontsize="small")
ax_loss.set(xlabel="epoch", ylabel="test cross-entropy", title="test loss")
ax_loss.legend(fontsize="small")
plt.show()

# %% [markdown]
# ## Experiment 3: gradients through a deep plain stack and a residual one
#
# Stack 40 blocks. The residual stack is $x_{l+1} = x_l + F_l(x_l)$ with your block; the
# plain stack uses the same $F_l$ without the shortcut, $x_{l+1} = F_l(x_l)$. Its forward
# and backward come from yours by removing the identity: $F(x) = y - x$ and the gradient
# through $F$ alone is $\partial\ell/\partial x - \partial\ell/\partial y$. We send a random
# upstream gradient from the top and plot $\lVert\partial\ell/\partial x_l\rVert$ at every
# depth $l$.

# %%
depth, D, H, N = 40, 32, 32, 64
blocks = []
block_rng = np.random.default_rng(3)
for _ in range(depth):
    # He initialisation for w1 (ReLU), a smaller w2: each F alone shrinks the signal.
    blocks.append(
        [
            block_rng.normal(size=(D, H)) * np.sqrt(2 / D),
            np.zeros(H),
            block_rng.normal(size=(H, D)) * 0.3 / np.sqrt(H),
            np.zeros(D),
        ]
    )
x0 = block_rng.normal(size=(N, D))
top_grad = block_rng.normal(size=(N, D))


def gradient_norms(residual: bool) -> list[float]:
    h, caches = x0, []
    for params in blocks:
        y, cache = regularization.residual_forward(h, *params)
        caches.append(cache)
        h = y if residual else y - h
    g, norms = top_grad, [np.linalg.norm(top_grad)]
    for cache in reversed(caches):
        dx = regularization.residual_backward(g, cache)[0]
        g = dx if residual else dx - g
        norms.append(np.linalg.norm(g))
    return norms[::-1]  # index l: gradient with respect to the input of block l


norms = {"plain": gradient_norms(False), "residual": gradient_norms(True)}
fig, ax = plt.subplots(figsize=(6, 3.5))
for label, values in norms.items():
    ax.semilogy(range(depth + 1), values, marker="o", markersize=3, label=label)
ax.set(xlabel="depth l (0 = input)", ylabel="‖∂ℓ/∂x_l‖", title=f"{depth} blocks")
ax.legend()
plt.show()
for label, values in norms.items():
    print(f"{label:8s}: gradient norm at the input / at the top = {values[0] / values[-1]:.2e}")

# %% [markdown]
# ## q5. Written: why batch normalisation rescues the sigmoid stack
#
# Use the three panels of Experiment 1. Without batch normalisation, how far apart are the
# 15th, 50th and 85th percentiles of the sigmoid's input, and what does that say about how
# much this unit's input still depends on the example? What does that explain about the
# test accuracy in panel (a)? How does the value move during training? What changes with
# batch normalisation? Relate what you see to the sigmoid's derivative (at most 0.25, and
# much smaller away from 0) and to the lecture's 内部协变量变化 (internal covariate shift).

# %% [markdown] tags=["solution"]
# Without batch normalisation the three percentiles coincide: every example gives this
# sigmoid the same input. Each sigmoid layer maps its inputs into a narrow range, and with
# PyTorch's default (small) initial weights the next affine layer does not stretch the
# differences back, so after ten layers the differences between digits have all but
# vanished and the network predicts the same class for every image (test accuracy 0.1,
# chance for ten classes). The common value drifts steadily during training: the layers
# below keep changing what this layer receives (内部协变量变化), while the gradient
# reaching the first layers, a product of ten factors σ' ≤ 0.25 with the weights, is too
# small for them to learn to separate the classes. With batch normalisation every unit's
# input is standardised over the minibatch, then scaled by γ and shifted by β: the
# differences between examples are restored at every layer, the percentiles keep a spread
# of about ±1.7 around the median, where σ' is still large, the distribution settles after
# a short transient instead of drifting, the gradient reaches the first layers, and the
# test accuracy passes 0.9 within three epochs.

# %% [markdown]
# ## q6. Written: why the identity path keeps the gradient
#
# Use Experiment 3. Write $\partial\ell/\partial x_l$ for the plain stack and for the residual
# stack as a product over the blocks above layer $l$ (call $J_k = \partial F_k/\partial x$ the
# Jacobian of block k). From the two products, explain the two curves: why does the plain
# stack's gradient shrink with depth here (although ReLU's derivative is 1 where the unit
# is active), and why does the residual stack's not?

# %% [markdown] tags=["solution"]
# Plain stack: $\partial\ell/\partial x_l = \partial\ell/\partial x_L\, J_{L-1} \cdots J_l$, a
# product of 40 Jacobians. The backward pass of block k maps a gradient g to
# $((g W_2^\top) \odot \mathbb 1[z_1 > 0])\, W_1^\top$: the ReLU mask zeroes about half of the
# units and $W_2$ was drawn small (0.3/√H), so each factor shrinks a vector's norm and the
# product decays geometrically with depth; ReLU's derivative of 1 only means the *active*
# units pass the gradient unchanged, the weights still scale it. Residual stack:
# $\partial\ell/\partial x_l = \partial\ell/\partial x_L (I + J_{L-1}) \cdots (I + J_l)$;
# expanding the product gives the identity term, so the upstream gradient reaches every
# layer unchanged plus corrections: no weight can shrink the identity path, and the norm
# stays of the order of the top one.
