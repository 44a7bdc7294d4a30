# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Assignment 3: activations, losses and vanishing gradients
#
# Lecture sections: **激活函数与损失函数** (activation and loss functions) and
# **梯度消失问题的解决方法** (how to fight vanishing gradients: 01 ReLU函数).
#
# `activations.py` gives you a2's layers (σ, tanh and ReLU forward and backward), in the
# stable forms of a2; this assignment builds on them. It also gives three **worked
# examples** to read before the question that uses them: the lecture's squared error (the
# contract of every loss here), leaky ReLU (the layer contract) and softplus
# (log(1 + e^x) without overflow). You implement:
#
# - **q1** two losses whose gradients you derive: the squared error of a sigmoid output as a
#   function of its logit, and the multiclass hinge loss;
# - **q2** two more of the activations the lecture names: ELU and the noisy ReLU
#   max(0, x + N(0, δ));
# - **q3** two losses and their gradients, which you derive: binary cross-entropy computed
#   from logits, and the softmax (cross-entropy) loss against a target distribution;
# - **q4** the per-layer gradient norms of a deep plain network, to see the gradients vanish.
#
# {{points_table}}
#
# Every function must work for inputs as large as ±1000 **without an overflow warning**: the
# tests run your code with numpy's floating-point errors turned into exceptions
# (`np.errstate(over="raise", divide="raise", invalid="raise")`). Run `grader.check` after
# each question.
#
# **Terms (术语).** The Chinese terms used in this notebook:
#
# | 中文 | English | 中文 | English |
# |---|---|---|---|
# | 激活函数 | activation function | 损失函数 | loss function |
# | 平方误差损失 | squared-error loss | 交叉熵损失 | cross-entropy loss |
# | 多分类问题 | multi-class classification | 梯度消失 | vanishing gradient |
# | 反向传播 | backpropagation | 导数 | derivative |

# %% [markdown]
# ## q1. The loss at the output, derived (输出层)
#
# a2's layers, given in `activations.py`, and their derivatives:

# %%
x = np.linspace(-6, 6, 241)
fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
for fname in ("sigmoid", "tanh", "relu"):
    out, cache = getattr(activations, f"{fname}_forward")(x)
    dx = getattr(activations, f"{fname}_backward")(np.ones_like(x), cache)
    axes[0].plot(x, out, label=fname)
    axes[1].plot(x, dx, label=fname)
axes[0].set_title("activations f(x)")
axes[1].set_title("derivatives f'(x)")
for ax in axes:
    ax.axhline(0, color="grey", lw=0.5)
    ax.legend()
plt.show()

# %% [markdown]
# **Worked example: `squared_error(y, d)`** (given; read it in `activations.py`). The
# lecture's loss ½(y − d)², averaged over the batch, returns the pair every loss of this
# assignment returns: the loss as a float, and its gradient with respect to the predictions,
# of their shape and dtype. Its gradient is (y − d)/N: the ½ cancels the 2 of the square and
# the mean contributes 1/N.
#
# Two losses whose gradients you derive on paper first, each returning `(loss, grad)` in the
# same way:
#
# - `sigmoid_squared_error(z, d)`: the lecture's squared error ½(p − d)² of a sigmoid output
#   p = σ(z), as a function of the logit z: differentiate through σ with the chain rule;
# - `multiclass_hinge(scores, y, margin)`: $\ell_n = \sum_{k \ne y_n} \max(0, s_{nk} -
#   s_{n y_n} + \Delta)$, the loss of a linear SVM. Which scores does one positive term
#   depend on, and with which sign?
#
# The cell below compares your gradients with centred differences of your losses.

# %%
from nnkit.gradcheck import numeric_gradient_array, rel_error

check_rng = np.random.default_rng(1)
q1_cases = {
    "sigmoid_squared_error": (
        activations.sigmoid_squared_error,
        check_rng.normal(size=6) * 3,
        check_rng.uniform(size=6),
    ),
    "multiclass_hinge": (
        activations.multiclass_hinge,
        check_rng.normal(size=(5, 4)),
        check_rng.integers(0, 4, size=5),
    ),
}


def compare_loss_gradients(cases):
    """For each name -> (loss_fn, pred, target): the relative error between the gradient
    that loss_fn returns and centred differences of the loss it returns."""
    width = max(map(len, cases))
    for name, (loss_fn, pred, target) in cases.items():
        analytic = loss_fn(pred, target)[1]
        numeric = numeric_gradient_array(
            lambda p: np.array(loss_fn(p, target)[0]),  # noqa: B023
            pred.copy(),
            np.array(1.0),
        )
        error = rel_error(analytic, numeric)
        print(f"{name:{width}s} gradient vs centred differences: relative error {error:.1e}")


compare_loss_gradients(q1_cases)

# %%
grader.check("q1")

# %% [markdown]
# ## q2. ELU and the noisy ReLU (leaky ReLU and softplus given)
#
# Two worked examples come first; read them in `activations.py`:
#
# - **leaky ReLU** ($x$ for $x > 0$, $\alpha x$ otherwise) shows the layer contract: the
#   forward pass returns `(out, cache)`, the backward pass turns `dout` into
#   `dx = dout * f'(x)` using only its cache, and both keep the dtype of `x`;
# - **softplus** $\log(1 + e^x)$, the smooth approximation of ReLU, shows how to compute a
#   function whose naive form overflows: rewrite it so that no exponent is positive. Its
#   derivative is σ(x).
#
# You write:
#
# - ELU: $x$ for $x > 0$, $\alpha(e^x - 1)$ otherwise. `np.where` evaluates **both**
#   branches everywhere, so $e^{1000}$ is computed even though it is thrown away;
# - noisy ReLU $\max(0, x + N(0, \delta))$ with a constant standard deviation δ (`std`).
#   The noise is drawn with `np.random.default_rng(seed).standard_normal(x.shape) * std`
#   so that a seed reproduces it, only in training mode; `train=False` is a plain ReLU.

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
for fname, kw in (("leaky_relu", {"alpha": 0.1}), ("elu", {}), ("softplus", {})):
    out, cache = getattr(activations, f"{fname}_forward")(x, **kw)
    axes[0].plot(x, out, label=fname)
    axes[1].plot(x, getattr(activations, f"{fname}_backward")(np.ones_like(x), cache), label=fname)
noisy, _ = activations.noisy_relu_forward(x, std=0.5, train=True, seed=0)
axes[0].plot(x, noisy, ".", ms=2, label="noisy ReLU (std 0.5)")
axes[0].set_title("activations")
axes[1].set_title("derivatives")
for ax in axes:
    ax.legend()
plt.show()

# %%
grader.check("q2")

# %% [markdown]
# ## q3. Losses and the gradients you derive (损失函数)
#
# Both return `(loss, grad)` like the given squared error (平方误差损失): `loss` is the
# **mean over the batch** and `grad` its gradient with respect to the predictions.
#
# - binary cross-entropy of $p = \sigma(z)$ computed from the logit $z$: taking
#   $\log \sigma(z)$ after computing σ gives $\log 0 = -\infty$ for $z = -1000$. Write
#   $\log p$ and $\log(1 - p)$ as functions of $z$: the logarithms that appear are of the form
#   the given softplus computes safely;
# - softmax loss (多分类问题的Softmax损失): $-\sum_k d_k \log \hat y_k$ with
#   $\hat y = \mathrm{softmax}(\text{scores})$, for any target distribution d (a2 gave you
#   the one-hot case). Subtract each row's maximum first: it does not change $\hat y$
#   (log-sum-exp trick) and keeps every exponent at most 0.
#
# **Derive the gradients on paper first.** For the binary cross-entropy, write
# $\ell(z) = -[d \log \sigma(z) + (1-d) \log(1-\sigma(z))]$ and use σ' = σ(1 − σ); for the
# softmax loss, write $\log \hat y_k = s_k - \log \sum_j e^{s_j}$, differentiate the whole
# sum with respect to each score and use $\sum_k d_k = 1$. Both results are
# short; do not forget the $\frac1N$ of the mean. The first cell below checks stability at
# ±1000, the second compares your gradients with centred differences of your losses.

# %%
scores = np.array([[1000.0, 0.0, -1000.0], [2.0, 1.0, 0.1]])
targets = np.array([[0.1, 0.1, 0.8], [1.0, 0.0, 0.0]])
with np.errstate(over="raise", divide="raise", invalid="raise"):
    loss, dscores = activations.soft_cross_entropy(scores, targets)
    bce, _ = activations.binary_cross_entropy_with_logits(np.array([-1000.0, 3.0]), np.ones(2))
print(f"softmax loss {loss:.3f}, BCE {bce:.3f}\ngradient\n{dscores}")

# %%
check_rng = np.random.default_rng(1)
logits, bits = check_rng.normal(size=6), check_rng.integers(0, 2, size=6).astype(float)
class_scores, soft = check_rng.normal(size=(5, 4)), check_rng.dirichlet(np.ones(4), size=5)
cases = {
    "binary_cross_entropy_with_logits": (
        activations.binary_cross_entropy_with_logits,
        logits,
        bits,
    ),
    "soft_cross_entropy": (activations.soft_cross_entropy, class_scores, soft),
}
compare_loss_gradients(cases)

# %%
grader.check("q3")

# %% [markdown]
# Why the lecture pairs a sigmoid output with cross-entropy: the gradient with respect to the
# logit of your q1 squared error and of your q3 binary cross-entropy, for the target d = 1.

# %%
z_grid = np.linspace(-10, 10, 401)
ones = np.ones_like(z_grid)
n_grid = len(z_grid)
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(
    z_grid,
    -activations.sigmoid_squared_error(z_grid, ones)[1] * n_grid,
    label="squared error of σ(z)",
)
ax.plot(
    z_grid,
    -activations.binary_cross_entropy_with_logits(z_grid, ones)[1] * n_grid,
    label="cross-entropy",
)
ax.set(
    xlabel="logit z (target d = 1)",
    ylabel="−∂ℓ/∂z per sample",
    title="how hard each loss pushes z up",
)
ax.legend()
plt.show()

# %% [markdown]
# ## q4. Vanishing gradients (梯度消失问题)
#
# The lecture: with sigmoid units "在反向传播超过 5 层后，梯度可能会消失" (after
# backpropagating through more than 5 layers the gradient may vanish), and ReLU is the first
# remedy it names (梯度消失问题的解决方法: 01 ReLU函数).
#
# `layer_gradient_norms(x, weights, dout, activation)` runs a plain stack
# $h_l = f(h_{l-1} W_l)$ (no biases) forward, backpropagates the upstream gradient `dout`,
# and returns $\lVert \partial L / \partial W_l \rVert_F$ for every layer, first layer first.
# Below: 10 layers of width 64, weights with the usual scales (std $1/\sqrt{n}$ for the
# sigmoid as in Xavier/Glorot, $\sqrt{2/n}$ for ReLU as in He et al.).

# %%
rng = np.random.default_rng(0)
depth, width, batch = 10, 64, 128
x_in = rng.standard_normal((batch, width))
dout = rng.standard_normal((batch, width))
base = [rng.standard_normal((width, width)) for _ in range(depth)]
norms = {
    "sigmoid": activations.layer_gradient_norms(
        x_in, [w / np.sqrt(width) for w in base], dout, "sigmoid"
    ),
    "relu": activations.layer_gradient_norms(
        x_in, [w * np.sqrt(2 / width) for w in base], dout, "relu"
    ),
}
fig, ax = plt.subplots(figsize=(6, 4))
for act, n in norms.items():
    ax.semilogy(range(1, depth + 1), n, marker="o", label=act)
ax.set_xlabel("layer l (1 = next to the input)")
ax.set_ylabel(r"$\|\partial L/\partial W_l\|_F$")
ax.set_title("Gradient norm per layer, 10-layer plain network")
ax.legend()
plt.show()
for act, n in norms.items():
    print(f"{act:8s} first/last layer gradient norm ratio: {n[0] / n[-1]:.2e}")

# %%
grader.check("q4")

# %% [markdown]
# ## q5. Written: why the sigmoid network's gradients vanish
#
# From the plot and the printed ratios: by how much does the gradient of the first layer
# shrink relative to the last one with sigmoid units, and with ReLU units? Between the last
# layer and the first, the error is multiplied by nine more derivatives of the activation.
# Compare the sigmoid's measured ratio with $0.25^9 \approx 3.8 \times 10^{-6}$, the
# lecture's bound taken alone, and say which of the two is smaller and why (what else
# multiplies the backpropagated error at every layer besides σ'?). Explain the ReLU curve
# with its derivative, and say why a larger initial weight scale does not simply fix the
# sigmoid network.

# %% [markdown] tags=["solution"]
# With sigmoid units each layer multiplies the backpropagated error by σ'(net) ≤ 0.25 and by
# the transposed weights $W_l^\top$; with the Xavier scale 1/√n those matrices roughly keep
# the norm of a vector, so the σ' factors decide, and the first layer's gradient is about
# 4e-6 of the last one's (the printed ratio), the same order as 0.25⁹ ≈ 3.8e-6. It is not
# 0.25⁹ by a law: σ' reaches 0.25 only at net = 0 and is smaller elsewhere, which alone
# would give a smaller ratio, while ‖∂L/∂W_l‖ = ‖h_{l−1}ᵀ δ_l‖ also grows with the size of
# the layer's input, and the first layer's input x (unit variance) is larger than the
# sigmoid outputs (near 0.5) that feed the later layers; here the two effects nearly
# cancel. With ReLU and He scaling the derivative is exactly 1 on active units and the
# √(2/n) scale compensates for the half that are inactive, so the norms stay of the same
# order (ratio about 1). Larger weights do not help the sigmoid: they push net inputs into
# the flat tails where σ' ≈ 0 (saturation), which shrinks the gradient even more.
