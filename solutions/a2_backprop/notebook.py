# %% [markdown]
# # Assignment 2: Multilayer perceptrons and backpropagation
#
# Lecture sections: 反向传播算法介绍 (backpropagation), 反向传播算法示例 (the worked example),
# 普适逼近定理 (the universal approximation theorem).
#
# You write your code in three modules next to this notebook:
#
# - **`backprop.py`**: the lecture's two-layer sigmoid network, forward (q1) and one step of
#   backpropagation (q2);
# - **`mlp.py`**: the backward passes of the affine layer and of an L-layer network (q3),
#   and the SGD step (q4);
# - **`approx.py`**: a ReLU network through any points (q5).
#
# Some code is given complete, as worked examples to read and use: the layers' and the
# network's forward passes, the activation layers (sigmoid, tanh, ReLU), the training loop
# and the lecture's six ReLU units. Read each before the question that uses it.
#
# Each `grader.check("qK")` cell runs the public tests of question K. The grade also uses
# hidden tests on inputs you have not seen (other sizes, batches, dtypes, seeds).
#
# {{points_table}}
#
# **Terms (术语).** The Chinese terms used in this notebook:
#
# | 中文 | English | 中文 | English |
# |---|---|---|---|
# | 前馈预测 | forward pass (prediction) | 反向传播 | backpropagation |
# | 隐藏层 | hidden layer | 输出层 | output layer |
# | 误差 | error (δ) | 学习率 | learning rate |
# | 梯度下降 | gradient descent | 小批量 | minibatch |
# | 验证集* | validation set | 测试集* | test set |
# | 普适逼近定理 | universal approximation theorem | 激活函数 | activation function |
#
# \* not in the lecture: the usual term in Chinese textbooks.

# %%
import time

import torch
from threadpoolctl import threadpool_limits

from nnkit import data, plot
from nnkit.gradcheck import numeric_gradient_array, numeric_gradient_params, rel_error
from nnkit.oracles import torch_mlp_loss
from nnkit.seeding import seed_everything

rng = seed_everything(0)
torch.set_num_threads(1)  # tiny matrices: threads only add overhead
threadpool_limits(1)  # the same for numpy's BLAS (training runs many times faster)

# %% [markdown]
# ## q1. The forward pass (前馈预测)
#
# $$net_j = \sum_m w_{jm} x_m, \quad h_j = f(net_j), \qquad
#   net_k = \sum_j w_{kj} h_j, \quad y_k = f(net_k), \qquad f(z) = \frac{1}{1 + e^{-z}}$$
#
# In code a batch `x` has shape (N, M), one example per row, and `x @ w` maps a layer's
# input to its output: `w1[m, j]` holds $w_{jm}$ and `w2[j, k]` holds $w_{kj}$, so one
# matrix product computes the sum over *m* for every example and unit at once.
#
# **Which weight is which in the worked example.** The slide computes "input to top
# neuron = 0.35 × 0.1 + 0.9 × 0.8" and "input to bottom neuron = 0.9 × 0.6 + 0.35 × 0.4":
#
# | | top unit (j = 1) | bottom unit (j = 2) |
# |---|---|---|
# | from x₁ = 0.35 | w3 = 0.1 | w5 = 0.4 |
# | from x₂ = 0.9 | w4 = 0.8 | w6 = 0.6 |
#
# which is `w1 = [[0.1, 0.4], [0.8, 0.6]]`. The output unit weighs the top unit by w1 = 0.3
# and the bottom one by w2 = 0.9: `w2 = [[0.3], [0.9]]`. Implement `two_layer_forward`.

# %%
x = np.array([[0.35, 0.9]])
w1 = np.array([[0.1, 0.4], [0.8, 0.6]])
w2 = np.array([[0.3], [0.9]])
d = np.array([[0.5]])
y, cache = backprop.two_layer_forward(x, w1, w2)
for key in ("net_j", "h", "net_k", "y"):
    print(f"{key:6s}", np.round(cache[key], 5))

# %% [markdown]
# The slide's numbers are 0.755 and 0.68 (net), 0.68 and 0.6637 (h), 0.80133 (net_k) and 0.69
# (y). Its 0.80133 comes from the rounded h₁ = 0.68 (0.3 × 0.68 + 0.9 × 0.6637); with
# h₁ = 0.68027 it is 0.80144, and y = 0.6903.

# %%
grader.check("q1")

# %% [markdown]
# ## q2. Backpropagation (反向传播进行参数学习)
#
# For $E(W) = \frac12 \sum_k (y_k - d_k)^2$ and sigmoid units, the chain rule gives
#
# $$\delta_k = (d_k - y_k)\, y_k (1 - y_k), \qquad
#   \delta_j = h_j (1 - h_j) \sum_k \delta_k w_{kj}, \qquad
#   \Delta w_{kj} = \eta\, \delta_k h_j, \qquad \Delta w_{jm} = \eta\, \delta_j x_m .$$
#
# Δw is −η times the gradient of E. The hidden deltas use the output weights of the forward
# pass (q6 asks you why). For a batch, E sums the errors of the examples and each Δw sums
# their contributions: write the sum over examples as one matrix product, and check its
# shape against the weight matrix it updates. Implement `output_deltas`, `hidden_deltas` and
# `backprop_update`.

# %%
y, cache = backprop.two_layer_forward(x, w1, w2)
delta_k = backprop.output_deltas(cache["y"], d)
w1_new, w2_new = backprop.backprop_update(cache, d, w1, w2, eta=1.0)
print("delta_k           ", np.round(delta_k, 5))
print("new output weights", np.round(w2_new.ravel(), 5))
print("new hidden weights", np.round(w1_new, 5).tolist())

# %% [markdown]
# ### The slide's hidden weights
#
# The slide computes the hidden deltas as "δ₁ = δ × w1 = −0.0406 × **0.272392** × (1 − o)o",
# with the output weight it has just updated (0.272392, not 0.3). The cell below computes
# the new hidden weights both ways, the slide's and yours, and compares both with the
# gradient of E by centred differences. You will need these numbers for q6.

# %%
# recomputed here so that this cell says which function is missing when one is
y, cache = backprop.two_layer_forward(x, w1, w2)
delta_k = backprop.output_deltas(cache["y"], d)
w1_new, w2_new = backprop.backprop_update(cache, d, w1, w2, eta=1.0)
h = cache["h"]
delta_j_standard = backprop.hidden_deltas(h, delta_k, w2)
delta_j_slide = backprop.hidden_deltas(h, delta_k, w2_new)
rows = [
    ("w3 (x1 -> top)", 0, 0),
    ("w4 (x2 -> top)", 1, 0),
    ("w5 (x1 -> bottom)", 0, 1),
    ("w6 (x2 -> bottom)", 1, 1),
]
print(f"{'weight':18s} {'standard':>9s} {'slide rule':>11s}")
for label, m, j in rows:
    standard = w1[m, j] + x[0, m] * delta_j_standard[0, j]
    slide = w1[m, j] + x[0, m] * delta_j_slide[0, j]
    print(f"{label:18s} {standard:9.5f} {slide:11.5f}")


# the gradient of E with respect to w1 at the weights of the forward pass, by centred differences
def squared_error(w):
    return 0.5 * float(np.sum((backprop.two_layer_forward(x, w, w2)[0] - d) ** 2))


grad_w1 = numeric_gradient_array(lambda w: np.array(squared_error(w)), w1.copy(), np.array(1.0))
print("−∂E/∂w1 (numeric):", np.round(-grad_w1, 6).tolist())
print("η δ_j x_m (yours): ", np.round(w1_new - w1, 6).tolist())
y_after = backprop.two_layer_forward(x, w1_new, w2_new)[0]
print(f"error before {float(y[0, 0] - 0.5):.5f}, after one step {float(y_after[0, 0] - 0.5):.5f}")

# %% [markdown]
# The slide's own numbers for the new hidden weights are 0.09916, 0.7978, 0.3972 and 0.5928.
# Which column of the table do they match, and which column matches the centred differences?

# %%
grader.check("q2")

# %% [markdown]
# ## q3. Layers with a cache, and an L-layer network
#
# Beyond two layers, each operation is a *layer*: a forward pass that returns its output
# and a cache, and a backward pass that turns `dout` (the gradient of the loss with respect
# to the output) into gradients with respect to the inputs. The activation layers (sigmoid,
# tanh, ReLU) and `affine_forward` are given in `mlp.py`: read them as worked examples of
# this contract (what goes into the cache, and dx = dout · f'(x) for an elementwise layer).
#
# - `affine_backward`: $\text{out} = x W + b$, with $x$ (N, D), $W$ (D, M), $b$ (M,).
#   Derive `dx`, `dw` and `db`: write one element
#   $\text{out}_{nm} = \sum_d x_{nd} W_{dm} + b_m$, differentiate $L$ by the chain rule (a
#   sum over every output the input touches) and turn each sum back into a matrix
#   expression. Each gradient has the shape of its array: that tells you what is transposed.
# - `MLP.loss` (affine → activation → … → affine → softmax cross-entropy): the forward pass
#   and the loss are given and leave one pair of caches per layer. Write the backward pass:
#   from the gradient of the loss with respect to the scores, walk back through the caches,
#   last layer first, each layer's backward taking the gradient of its output and its own
#   cache (q2's δ_j from δ_k, for any number of layers).
#
# A relative error around 1e-7 or below against centred differences means a gradient is
# right.

# %%
x3 = rng.normal(size=(4, 5))
w3, b3 = rng.normal(size=(5, 3)), rng.normal(size=3)
out, layer_cache = mlp.affine_forward(x3, w3, b3)
dout3 = rng.normal(size=out.shape)
dx, dw, db = mlp.affine_backward(dout3, layer_cache)
for name, value, arg in (("dx", dx, x3), ("dw", dw, w3), ("db", db, b3)):
    numeric = numeric_gradient_array(lambda _: mlp.affine_forward(x3, w3, b3)[0], arg, dout3)
    print(f"affine   {name} relative error {rel_error(value, numeric):.1e}")

# %% [markdown]
# The whole network, against centred differences and PyTorch's autograd (float64). The
# tests require $\lVert a - b \rVert / (\lVert a \rVert + \lVert b \rVert)$ below 1e-7 per
# weight matrix; the elementwise `rel_error` is larger, dominated by entries close to 0.


# %%
def norm_relative_error(a, b):
    return np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))


X_small = rng.normal(size=(10, 6))
y_small = rng.integers(0, 3, size=10)
for activation in ("relu", "sigmoid", "tanh"):
    model = mlp.MLP([6, 8, 8, 3], activation=activation, seed=1)
    loss, grads = model.loss(X_small, y_small)
    numeric = numeric_gradient_params(
        lambda: model.loss(X_small, y_small)[0],  # noqa: B023
        model.params,
    )
    worst_norm = max(norm_relative_error(grads[k], numeric[k]) for k in grads)
    worst_entry = max(rel_error(grads[k], numeric[k]) for k in grads)

    _, torch_grads = torch_mlp_loss(model.params, activation, X_small, y_small)
    worst_torch = max(rel_error(grads[k], torch_grads[k]) for k in grads)
    print(
        f"{activation:8s} loss {loss:.4f}  vs centred differences {worst_norm:.1e} "
        f"(elementwise {worst_entry:.1e})  vs torch {worst_torch:.1e}"
    )

# %%
grader.check("q3")

# %% [markdown]
# ## q4. Minibatch stochastic gradient descent
#
# `sgd_update` takes one step $w \leftarrow w - \eta\, \partial L / \partial w$ (the lecture's
# $w + \Delta w$): implement it. `train` is given: read it. It shuffles the training set
# every epoch, cuts it into minibatches and calls your `MLP.loss` and `sgd_update` for
# every parameter after every minibatch. (Assignment 4 asks you to write such a loop for
# any optimizer.)
#
# **Three sets, three jobs.** The digits are split once into a training set (训练集), a
# validation set (验证集) and a test set (测试集). While we choose the number of epochs and
# the learning rate we look only at the validation set: a decision taken by looking at the
# test set makes the test accuracy optimistic. The run below trains on the training set and
# plots the validation accuracy per epoch; the test set is used once, at the very end. The
# hidden test trains the same network (`MLP([64, 128, 128, 10])`, 30 epochs, batch 32,
# lr 0.1) on the training and validation sets together, as one does once the settings are
# chosen, and asks for at least 97% test accuracy.

# %%
X_digits, y_digits = data.digits()
(X_train, y_train), (X_val, y_val), (X_test, y_test) = data.train_val_test_split(
    X_digits, y_digits, seed=0, stratify=True
)
model = mlp.MLP([64, 128, 128, 10], activation="relu", seed=0)
start = time.perf_counter()
history = mlp.train(
    model, X_train, y_train, epochs=30, batch_size=32, lr=0.1, seed=0, X_val=X_val, y_val=y_val
)
best = int(np.argmax(history["val_acc"]))
print(f"trained in {time.perf_counter() - start:.1f} s")
print(f"best validation accuracy {history['val_acc'][best]:.1%} at epoch {best + 1} of 30")
print(f"test accuracy, measured once: {np.mean(model.predict(X_test) == y_test):.1%}")
fig = plot.training_curves(history)
fig.suptitle("MLP on digits: training set, validation set")
display(fig)

# %% [markdown]
# ### Decision boundaries as the hidden layer grows
#
# One hidden layer of *H* tanh units on XOR and on three spirals. With 1 unit the network
# draws a single line (it is a perceptron with a squashed output); each extra unit adds a
# bend. XOR needs two; the spirals need many more.

# %%
X_xor, y_xor = data.xor(200, noise=0.15, seed=0)
X_spiral, y_spiral = data.spirals(300, classes=3, noise=0.15, seed=0)
widths = (1, 2, 8, 64)
fig, axes = plt.subplots(2, len(widths), figsize=(4 * len(widths), 8))
curves = {}
for row, (name, X_toy, y_toy, epochs) in enumerate(
    [("XOR", X_xor, y_xor, 150), ("spirals", X_spiral, y_spiral, 300)]
):
    for col, width in enumerate(widths):
        toy = mlp.MLP([2, width, int(y_toy.max()) + 1], activation="tanh", seed=0)
        toy_history = mlp.train(toy, X_toy, y_toy, epochs=epochs, batch_size=20, lr=0.3, seed=0)
        curves[(name, width)] = toy_history["loss"]
        plot.decision_boundary(
            toy.predict,
            X_toy,
            y_toy,
            ax=axes[row, col],
            title=f"{name}, H = {width}: {toy_history['train_acc'][-1]:.0%}",
        )
fig.tight_layout()
plt.show()

fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
for ax, name in zip(axes, ("XOR", "spirals")):
    for width in widths:
        ax.plot(curves[(name, width)], label=f"H = {width}")
    ax.set(
        title=f"training loss, {name}", xlabel="epoch", ylabel="mean cross-entropy", yscale="log"
    )
    ax.legend()
fig.tight_layout()
plt.show()

# %%
grader.check("q4")

# %% [markdown]
# ## q5. The universal approximation theorem (普适逼近定理)
#
# A network with one hidden layer of finitely many units can approximate any continuous
# function on a closed interval to any accuracy. The lecture shows the idea with six ReLU
# units:
#
# $n_1 = \text{ReLU}(-5x - 7.7)$, $n_2 = \text{ReLU}(-1.2x - 1.3)$, $n_3 = \text{ReLU}(1.2x + 1)$,
# $n_4 = \text{ReLU}(1.2x - 0.2)$, $n_5 = \text{ReLU}(2x - 1.1)$, $n_6 = \text{ReLU}(5x - 5)$,
# and $Z(x) = -n_1 - n_2 - n_3 + n_4 + n_5 + n_6$.
#
# Each unit is zero on one side of its *kink* and a line on the other; a signed sum of
# them is piecewise linear, with a change of slope at every kink. `lecture_units` and
# `lecture_z` in `approx.py` are given: read them (the slopes and intercepts are the first
# layer's weights and biases, the signs the output weights) and run the cell below, which
# draws the lecture's figure. Where are the kinks of Z, and how much does its slope change
# at each one?

# %%
grid = np.linspace(-2.5, 2.0, 901)
units = approx.lecture_units(grid)
fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
for i in range(6):
    axes[0].plot(grid, units[:, i], label=f"$n_{i + 1}$")
axes[0].set(title="the six ReLU units", xlabel="x", ylim=(-0.2, 6))
axes[0].legend()
axes[1].plot(grid, approx.lecture_z(grid), color="black")
axes[1].set(title="Z(x) = −n1 − n2 − n3 + n4 + n5 + n6", xlabel="x")
fig.tight_layout()
plt.show()

# %% [markdown]
# ### A ReLU network through any points
#
# Put a kink at every knot: unit *i* is $\text{ReLU}(x - t_i)$ and its output weight is the
# *change of slope* at $t_i$, plus a bias for the starting value. The network is then the
# piecewise-linear interpolant of the points, and for a function with $|f''| \le C$ and
# knots *h* apart its error is at most $C h^2 / 8$: halving the spacing quarters the error.
# The test asks for sin on [−π, π] from 17 knots to be within 0.02
# ($\frac{1}{8} (\pi / 8)^2 = 0.0193$). Implement `relu_interpolant`.

# %%
dense = np.linspace(-np.pi, np.pi, 2001)
fig, ax = plt.subplots(figsize=(7, 3.8))
ax.plot(dense, np.sin(dense), color="black", lw=3, alpha=0.3, label="sin")
for k in (3, 5, 9, 17, 33):
    knots = np.linspace(-np.pi, np.pi, k)
    params = approx.relu_interpolant(knots, np.sin(knots))
    fit = approx.relu_network(dense[:, None], *params)[:, 0]
    error = np.max(np.abs(fit - np.sin(dense)))
    bound = (2 * np.pi / (k - 1)) ** 2 / 8
    print(f"{k - 1:3d} hidden units: max error {error:.4f} (bound C h²/8 = {bound:.4f})")
    if k <= 9:
        ax.plot(dense, fit, label=f"{k - 1} ReLU units")
ax.legend()
ax.set(title="one hidden layer of ReLU units through sin at equally spaced knots", xlabel="x")
plt.show()

# %% [markdown]
# ### The same network, trained
#
# The construction shows that good weights exist; gradient descent can also find them.
# Below, a one-hidden-layer network with 16 ReLU units is trained on sin with PyTorch's
# Adam (assignment 4 explains it). Its error is usually a little larger than the
# interpolant's with the same number of units: training does not place the kinks as well.

# %%
torch.manual_seed(0)
net = torch.nn.Sequential(torch.nn.Linear(1, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))
inputs = torch.tensor(dense[:, None], dtype=torch.float32)
targets = torch.sin(inputs)
optimizer = torch.optim.Adam(net.parameters(), lr=0.01)
for step in range(3000):
    optimizer.zero_grad()
    loss = torch.mean((net(inputs) - targets) ** 2)
    loss.backward()
    optimizer.step()
    if step == 1500:
        for group in optimizer.param_groups:
            group["lr"] = 0.002
with torch.no_grad():
    trained_error = float(torch.max(torch.abs(net(inputs) - targets)))
print(f"trained network, 16 units: max error {trained_error:.4f}")

# %%
grader.check("q5")

# %% [markdown]
# ## q6. Written: the slide's update and gradient descent
#
# The slide's worked example updates the output weights first and then computes the
# hidden deltas with the *updated* output weights. Explain in two or three sentences why
# standard backpropagation uses the old ones, and what the slide's rule computes instead.
# Use the table of q2: which rule agrees with the centred differences, and why is the
# difference between the two rules so small here?

# %% [markdown] tags=["solution"]
# Backpropagation computes the gradient of E at one point in weight space: every partial
# derivative ∂E/∂w_jm = −δ_j x_m is evaluated at the weights the forward pass used, and
# δ_j = h_j(1 − h_j) Σ_k δ_k w_kj contains the output weights of that point. Using the
# updated w_kj mixes two points: the result is not the gradient at either (it disagrees
# with centred differences), so the step is not gradient descent on E. For small η the
# two are close, which is why the slide's numbers differ only in the fourth decimal.
