# %% [markdown]
# # Assignment 7: Recurrent networks, backpropagation through time and the LSTM
#
# Lecture sections: 循环神经网络, RNN的反向传播学习, 不同的RNNs, RNN的问题 (间隔依赖,
# 长期依赖), 长短期记忆网络, LSTM细胞, 使用案例: 文本生成.
#
# | 中文 (lecture) | English (this notebook and the code) |
# |---|---|
# | 循环神经网络 | recurrent neural network (RNN) |
# | 隐层 / 隐藏状态 | hidden layer / hidden state `h`, `s` |
# | 时间步 | time step `t` |
# | 自连的边 | self-connection (recurrence) |
# | 随时间反向传播 (BPTT) | backpropagation through time |
# | 间隔依赖, 长期依赖 | gap dependency, long-term dependency |
# | 长短期记忆网络 (LSTM) | long short-term memory |
# | 输入门, 遗忘门, 输出门 | input gate `i`, forget gate `f`, output gate `o` |
# | "候选"隐藏状态 | candidate state `g` |
# | 细胞内存 | cell memory `c` |
# | 语言模型, 文本生成 | language model, text generation |
# | 编码/解码RNN | encoder-decoder RNN |
#
# You write your code in **`rnn_layers.py`**, next to this notebook:
#
# - **q1** `temporal_affine_forward`, `temporal_affine_backward`: the output layer at every step;
# - **q2** `rnn_step_backward`, `rnn_backward`: backpropagation through time, with truncation;
# - **q3** `lstm_step_forward`, `lstm_step_backward`: the LSTM cell, forward and backward;
# - **q4** `rnn_gap_gradients`, `lstm_gap_gradients`: gradients over a gap;
# - **q5** `sample_with_temperature`, `char_lm_loss`: text generation, a language model;
#
# and answer a written question (q6). Some functions are given complete, as worked examples
# to read before the question that uses them: the RNN's forward pass (`rnn_step_forward`,
# `rnn_forward`) before q1 and q2, `lstm_forward` and `lstm_backward` (which run your LSTM
# cell's two passes over a sequence) in q3, gradient clipping (`clip_grad_norm`) for the
# written question, and in q5 assignment 3's softmax cross-entropy at every step
# (`temporal_softmax_loss`) and a many-to-one classifier (`many_to_one_loss`), the model to
# read before writing your own. After q5, text generation from real text and the
# encoder-decoder are shown, with nothing to write.
#
# The layout is the course's: rows are examples, a layer multiplies on the right
# (`x @ W1`), a batch of N sequences of T steps with D features is an array (N, T, D), and
# every layer is a pair `<layer>_forward(...) -> (out, cache)`,
# `<layer>_backward(dout, cache) -> gradients`, computed in the dtype of its inputs
# (float32 or float64). The RNN caches have a documented layout (see the docstrings): the
# grader also calls your backward passes with caches it builds itself.
#
# {{points_table}}

# %%
import time

import gensim.test.utils
import numpy as np
import torch
from matplotlib.figure import Figure
from threadpoolctl import threadpool_limits

from nnkit.gradcheck import numeric_gradient_array, rel_error
from nnkit.markov import random_markov_source
from nnkit.seeding import seed_everything

rng = seed_everything(0)
# Small matrices: numpy's and torch's thread pools would only fight over the cores.
threadpool_limits(1)
torch.set_num_threads(1)


def centred_check(forward, inputs, names, grads, dout):
    """Print the relative error of each analytic gradient against centred differences of
    ``sum(forward(*inputs) * dout)``; numeric_gradient_array perturbs each input in place."""
    for name, arg, grad in zip(names, inputs, grads):
        numeric = numeric_gradient_array(lambda _: forward(*inputs), arg, dout)
        print(f"{name:8s} relative error {rel_error(grad, numeric):.1e}")


# %% [markdown]
# ## The RNN forward pass, given (循环神经网络)
#
# The lecture's RNN: $h_t = \tanh(W_1 x_t + W_2 h_{t-1}) = \tanh(W[x_t, h_{t-1}])$ and
# $o_t = \sigma(V h_t)$. In rows, `h_t = tanh(x_t @ W1 + h_prev @ W2 + b)` with `W1` of
# shape (D, H) (the lecture's $W_1$ transposed) and `W2` of shape (H, H). The same weights
# serve every time step; the state is carried from one step to the next along the
# self-connection (自连的边).
#
# `rnn_step_forward` and `rnn_forward` in `rnn_layers.py` are given: read them, and their
# docstrings, before q2, whose backward passes undo them. Note what each cache keeps and
# why, and how `rnn_forward` computes the input part of all steps in one product and
# loops only over the recurrence.
#
# The heat map below shows the hidden states of a small RNN over 40 steps; the input is
# zero except for a single pulse at step 5, so you can watch the pulse echo through the
# recurrence and fade.

# %%
D, H, T = 3, 16, 40
W1 = rng.standard_normal((D, H)) * 1.5
W2 = rng.standard_normal((H, H)) * 0.9 / np.sqrt(H)
b = np.zeros(H)
x = np.zeros((1, T, D))
x[0, 5] = [1.0, -1.0, 0.5]
h, _ = rnn_layers.rnn_forward(x, None, W1, W2, b)
# The lecture's "把 x_t, h_{t-1} 接起来": one product with the stacked matrix is the same step.
step, _ = rnn_layers.rnn_step_forward(x[:, 5], h[:, 4], W1, W2, b)
stacked = np.tanh(np.hstack([x[:, 5], h[:, 4]]) @ np.vstack([W1, W2]) + b)
print("step == concatenated form:", np.allclose(step, stacked), "; h:", h.shape)

fig = Figure(figsize=(8, 3), layout="constrained")
ax = fig.subplots()
image = ax.imshow(h[0].T, aspect="auto", cmap="RdBu_r", vmin=-1, vmax=1)
ax.axvline(5, color="k", lw=0.8, ls="--")
ax.set(xlabel="time step t", ylabel="hidden unit", title="hidden states h_t (pulse at t = 5)")
fig.colorbar(image, ax=ax)
display(fig)

# %% [markdown]
# ## q1. The output layer at every step (o_t = σ(V h_t))
#
# The output layer computes the scores $V h_t$ at every step, in rows `h_t @ V + c`, with
# the same `V` and `c` at every step; σ (the softmax, for several classes) comes with the
# loss in q5. Implement `temporal_affine_forward` and its backward pass
# `temporal_affine_backward`. Since every step uses the same `V`, every step adds its share
# to `dV`, as every example of a batch does.
#
# The lecture's example: three steps and a loss only at the last step; BPTT updates $V$
# once. The cell below compares your gradients with centred differences, then counts the
# steps that update $V$: the share of step t is your backward pass on step t alone (a time
# axis of length 1), and the shares add up to `dV`.

# %%
N, T, H, M = 2, 3, 4, 3
h = np.tanh(rng.standard_normal((N, T, H)))
V, c = rng.standard_normal((H, M)), rng.standard_normal(M)
scores, out_cache = rnn_layers.temporal_affine_forward(h, V, c)
dscores = rng.standard_normal(scores.shape)
grads = rnn_layers.temporal_affine_backward(dscores, out_cache)
centred_check(
    lambda *a: rnn_layers.temporal_affine_forward(*a)[0],
    (h, V, c),
    ("dh", "dV", "dc"),
    grads,
    dscores,
)

dscores[:, :-1] = 0  # a loss L(y_3, o_3) at the last step only
dV_steps = [
    rnn_layers.temporal_affine_backward(dscores[:, t : t + 1], (h[:, t : t + 1], V))[1]
    for t in range(T)
]
dV = rnn_layers.temporal_affine_backward(dscores, out_cache)[1]
print("V is updated by steps", [t + 1 for t in range(T) if np.any(dV_steps[t] != 0)])
print("the steps' shares add up to dV:", np.allclose(sum(dV_steps), dV))

# %%
grader.check("q1")

# %% [markdown]
# ## q2. Backpropagation through time (RNN的反向传播学习, BPTT)
#
# Unroll the RNN over its T steps: it is a deep feed-forward network whose layers share
# their weights. BPTT runs backpropagation through this unrolled network, from the last
# step to the first; each step adds its share to the gradients of the shared `W1`, `W2`
# and `b`. Implement `rnn_step_backward` (the backward pass of the given
# `rnn_step_forward`) and `rnn_backward` (of the given `rnn_forward`); the cell below
# compares both with centred differences.
#
# In the lecture's example (three steps, $h_0 = 0$, a loss only at the last step) BPTT
# updates $W_2$ twice and $W_1$ three times. The cell counts this on the unrolled network:
# PyTorch runs the three steps, each with its own copy of `W1` and `W2`, so autograd gives
# the share of every step separately; their sums are the gradients of the shared weights,
# which your `rnn_backward` returns.
#
# **Truncated BPTT** (`truncate=k`) cuts the sequence into chunks of k steps and lets no
# gradient cross from one chunk into the previous one (cheaper, and it bounds how far
# back errors travel).

# %%
N, T, D, H = 2, 3, 4, 5
x, h_prev = rng.standard_normal((N, D)), rng.standard_normal((N, H))
W1, W2, b = rng.standard_normal((D, H)) * 0.5, rng.standard_normal((H, H)) * 0.5, np.zeros(H)
h_next, step_cache = rnn_layers.rnn_step_forward(x, h_prev, W1, W2, b)
dh_next = rng.standard_normal(h_next.shape)
print("rnn_step_backward:")
centred_check(
    lambda *a: rnn_layers.rnn_step_forward(*a)[0],
    (x, h_prev, W1, W2, b),
    ("dx", "dh_prev", "dW1", "dW2", "db"),
    rnn_layers.rnn_step_backward(dh_next, step_cache),
    dh_next,
)

x, h0 = rng.standard_normal((N, T, D)), rng.standard_normal((N, H))
h, rnn_cache = rnn_layers.rnn_forward(x, h0, W1, W2, b)
dh = rng.standard_normal(h.shape)
print("rnn_backward:")
centred_check(
    lambda *a: rnn_layers.rnn_forward(*a)[0],
    (x, h0, W1, W2, b),
    ("dx", "dh0", "dW1", "dW2", "db"),
    rnn_layers.rnn_backward(dh, rnn_cache),
    dh,
)

# The lecture's example: h0 = 0, a loss at the last step only, sent back through V.
V = rng.standard_normal((H, 3))
h, rnn_cache = rnn_layers.rnn_forward(x, None, W1, W2, b)
dh = np.zeros_like(h)
dh[:, -1] = rng.standard_normal((N, 3)) @ V.T
_, _, dW1, dW2, _ = rnn_layers.rnn_backward(dh, rnn_cache)
# Unrolled, with a copy of the weights for every step: each copy's gradient is its step's share.
copies = {
    label: [torch.tensor(w, requires_grad=True) for _ in range(T)]
    for label, w in (("W1", W1), ("W2", W2))
}
state = torch.zeros(N, H, dtype=torch.float64)
for t in range(T):
    state = torch.tanh(
        torch.from_numpy(x[:, t]) @ copies["W1"][t] + state @ copies["W2"][t] + torch.from_numpy(b)
    )
(state * torch.from_numpy(dh[:, -1])).sum().backward()
for label, total in (("W2", dW2), ("W1", dW1)):
    shares = [w.grad.numpy() for w in copies[label]]
    updated = [t + 1 for t in range(T) if np.any(shares[t] != 0)]
    print(
        f"{label} is updated by steps {updated}: {len(updated)} time(s); "
        f"the shares add up to your d{label}: {np.allclose(sum(shares), total)}"
    )

# %% [markdown]
# ### Gradient clipping, given
#
# **Gradient clipping** (`clip_grad_norm`, given: read it) rescales all gradients together
# when their global norm exceeds a threshold, as `torch.nn.utils.clip_grad_norm_` does,
# which tames exploding gradients without changing the direction of the step. The written
# question q6 asks what it can and cannot do.

# %%
# Gradients as large as exploding ones, for W1, W2 and b.
grads = [rng.standard_normal(shape) * 50 for shape in ((D, H), (H, H), (H,))]
clipped, norm = rnn_layers.clip_grad_norm(grads, max_norm=5.0)
new_norm = np.sqrt(sum((g**2).sum() for g in clipped))
print(f"global norm {norm:.1f} -> {new_norm:.2f} after clipping at 5")

# %%
grader.check("q2")

# %% [markdown]
# ## q3. The LSTM (长短期记忆网络, LSTM细胞)
#
# The lecture's LSTM cell, with σ the sigmoid and ∘ the elementwise product:
#
# $$i = \sigma(x_t U^i + s_{t-1} W^i),\quad f = \sigma(x_t U^f + s_{t-1} W^f),\quad
# o = \sigma(x_t U^o + s_{t-1} W^o),\quad g = \tanh(x_t U^g + s_{t-1} W^g)$$
# $$c_t = c_{t-1} \circ f + g \circ i, \qquad s_t = \tanh(c_t) \circ o.$$
#
# In the code the four blocks sit side by side, in the order **i, f, o, g**, in `U` (D, 4H),
# `W` (H, 4H) and a bias `b` (4H,). (PyTorch's `nn.LSTM` uses the order i, f, g, o: a
# classic source of bugs when weights move between the two.) Compare with the plain RNN,
# $s_t = \tanh(x_t U + s_{t-1} W)$: that is the LSTM's candidate g alone. The memory
# $c_t$ is updated by **addition**, gated by f and i, instead of being rewritten through a
# squashing function at every step.
#
# Implement the cell, `lstm_step_forward` and `lstm_step_backward` (its cache is yours to
# design). `lstm_forward` and `lstm_backward` are given: read them. `lstm_forward` is
# `rnn_forward`'s loop with your cell at every step, and its cache is the list of your step
# caches; `lstm_backward`, BPTT through the LSTM, is your `rnn_backward`'s walk from the last
# step to the first with your `lstm_step_backward` at every step, carrying back the
# gradients of both the state and the memory. The cell below compares your step's backward
# pass, and the sequence's, with centred differences.

# %%
N, T, D, H = 2, 3, 3, 4
x, s0, c0 = rng.standard_normal((N, T, D)), rng.standard_normal((N, H)), rng.standard_normal((N, H))
U, W = rng.standard_normal((D, 4 * H)) / np.sqrt(D), rng.standard_normal((H, 4 * H)) / np.sqrt(H)
b = rng.standard_normal(4 * H) * 0.5
s, c_mem, step_cache = rnn_layers.lstm_step_forward(x[:, 0], s0, c0, U, W, b)
ds, dc = rng.standard_normal(s.shape), rng.standard_normal(c_mem.shape)
print("lstm_step_backward (loss sum(ds * s) + sum(dc * c)):")
centred_check(
    lambda *a: np.stack(rnn_layers.lstm_step_forward(*a)[:2]),
    (x[:, 0], s0, c0, U, W, b),
    ("dx", "ds_prev", "dc_prev", "dU", "dW", "db"),
    rnn_layers.lstm_step_backward(ds, dc, step_cache),
    np.stack([ds, dc]),
)
s, c_mem, lstm_cache = rnn_layers.lstm_forward(x, s0, c0, U, W, b)
ds = rng.standard_normal(s.shape)
print("lstm_backward:")
centred_check(
    lambda *a: rnn_layers.lstm_forward(*a)[0],
    (x, s0, c0, U, W, b),
    ("dx", "ds0", "dc0", "dU", "dW", "db"),
    rnn_layers.lstm_backward(ds, lstm_cache),
    ds,
)

# %% [markdown]
# The heat maps show a small LSTM on a random sequence: the forget gate, and the memory,
# which changes slowly where f is close to 1.

# %%
N, T, D, H = 1, 40, 3, 12
x = rng.standard_normal((N, T, D))
U = rng.standard_normal((D, 4 * H)) / np.sqrt(D)
W = rng.standard_normal((H, 4 * H)) / np.sqrt(H)
b = np.zeros(4 * H)
b[H : 2 * H] = np.linspace(-2, 4, H)  # forget-gate biases from "forget fast" to "keep"
s, c_mem, lstm_cache = rnn_layers.lstm_forward(x, None, None, U, W, b)
s_prev = np.concatenate([np.zeros((N, 1, H)), s[:, :-1]], axis=1)
forget = 1 / (1 + np.exp(-(x @ U[:, H : 2 * H] + s_prev @ W[:, H : 2 * H] + b[H : 2 * H])))

fig = Figure(figsize=(10, 3), layout="constrained")
for ax, data, title, cmap in zip(
    fig.subplots(1, 2),
    (forget[0], c_mem[0]),
    ("forget gate f", "cell memory c"),
    ("viridis", "RdBu_r"),
):
    image = ax.imshow(data.T, aspect="auto", cmap=cmap)
    ax.set(xlabel="time step t", ylabel="unit (forget bias grows downwards)", title=title)
    fig.colorbar(image, ax=ax)
display(fig)

# %%
grader.check("q3")

# %% [markdown]
# ## q4. Gradients over a gap (RNN的问题: 间隔依赖, 长期依赖)
#
# "无法很好地利用早期信息": when the output at step T depends on an input many steps
# earlier, the gradient must travel back over the whole gap. For the RNN, each step back
# multiplies it by the Jacobian $\partial h_t / \partial h_{t-1}$ (tanh' times $W_2$);
# typically these products shrink geometrically. The LSTM's memory path
# $c_{t-1} \to c_t = c_{t-1} \circ f_t + \dots$ multiplies it by the forget gate only, and
# with f ≈ 1 little is lost.
#
# Implement `rnn_gap_gradients` (the norm of $\partial\ell/\partial h_{T-1-k}$ for every
# gap k) and `lstm_gap_gradients` (the same for the cell memory, along the memory path).
# The plot compares them on one set-up (N = 8, T = 60, H = 32, weights N(0, 1/fan-in), a
# forget-gate bias of +4), and next to them the full gradient that reaches the *input*
# $x_{T-1-k}$, computed by your `rnn_backward` and the given `lstm_backward` (with your cell).

# %%
N, T, D, H = 8, 60, 8, 32
x = rng.standard_normal((N, T, D))
W1, W2 = rng.standard_normal((D, H)) / np.sqrt(D), rng.standard_normal((H, H)) / np.sqrt(H)
h, rnn_cache = rnn_layers.rnn_forward(x, None, W1, W2, np.zeros(H))
U, W = rng.standard_normal((D, 4 * H)) / np.sqrt(D), rng.standard_normal((H, 4 * H)) / np.sqrt(H)
b = np.zeros(4 * H)
b[H : 2 * H] = 4.0
s, c_mem, lstm_cache = rnn_layers.lstm_forward(x, None, None, U, W, b)
s_prev = np.concatenate([np.zeros((N, 1, H)), s[:, :-1]], axis=1)
forget = 1 / (1 + np.exp(-(x @ U[:, H : 2 * H] + s_prev @ W[:, H : 2 * H] + 4.0)))
d_last = rng.standard_normal((N, H))
gaps = np.arange(T)
rnn_norms = rnn_layers.rnn_gap_gradients(h, W2, d_last)
lstm_norms = rnn_layers.lstm_gap_gradients(forget, d_last)

# Full BPTT: a loss <d_last, state_T> and the gradient that reaches every input x_t.
dh = np.zeros_like(h)
dh[:, -1] = d_last
dx_rnn = rnn_layers.rnn_backward(dh, rnn_cache)[0]
dx_lstm = rnn_layers.lstm_backward(dh, lstm_cache)[0]
input_norms = {
    name: np.linalg.norm(dx, axis=(0, 2))[::-1] for name, dx in (("RNN", dx_rnn), ("LSTM", dx_lstm))
}

fig = Figure(figsize=(11, 3.5), layout="constrained")
left, right = fig.subplots(1, 2)
left.semilogy(gaps, rnn_norms, label="RNN: ‖∂ℓ/∂h‖")
left.semilogy(gaps, lstm_norms, label="LSTM memory path: ‖∂ℓ/∂c‖")
left.set(xlabel="gap k (steps back from the loss)", ylabel="gradient norm", title="q4")
for name, norms in input_norms.items():
    right.semilogy(gaps, norms, label=name)
right.set(xlabel="gap k", ylabel="‖∂ℓ/∂x_{T-1-k}‖", title="full BPTT to the inputs")
for ax in (left, right):
    ax.grid(alpha=0.3)
    ax.legend()
display(fig)
print(
    f"after {T - 1} steps the RNN keeps {rnn_norms[-1] / rnn_norms[0]:.1e} of the gradient, "
    f"the LSTM memory {lstm_norms[-1] / lstm_norms[0]:.2f}"
)

# %%
grader.check("q4")

# %% [markdown]
# ## q5. Sequence models in use (不同的RNNs, 使用案例: 语言模型, 文本生成)
#
# The same layers serve many shapes of task (不同的RNNs): many-to-one (文本分类,
# 情感分析), many-to-many (a language model predicts every next character), one-to-many
# (text generation). `temporal_softmax_loss` is given: the σ of $o_t = \sigma(V h_t)$ for
# several classes with its cross-entropy, averaged over all predictions (nats per
# prediction); it is assignment 3's stable softmax cross-entropy applied at every step, so
# read it and compare. Implement
#
# - `sample_with_temperature`: one draw per row from softmax(logits / T), reproducible with
#   a seed, the argmax at T = 0;
# - `char_lm_loss`: a character-level language model, many-to-many, built as the given
#   `many_to_one_loss` is, from the given `rnn_forward` and `temporal_softmax_loss` and your
#   q1-q2 layers (so its tests pass only when q1 and q2 do).
#
# ### A many-to-one classifier, given
#
# `many_to_one_loss` is given: read it, the forward pass and then the backward pass the
# same way back, before you write `char_lm_loss`. Its loss reaches the RNN at the last
# state only; BPTT carries the gradient back to the earlier steps. The task, a majority
# vote: each sequence is 15 bits (one-hot), of class 1 when its ones outnumber its zeros.
# The RNN reads the sequence and classifies from its last state.


# %%
def adam(params, grads, moments, step, lr):
    """One Adam step on every array of params (lecture: Adam算法)."""
    for k, g in grads.items():
        m, v = moments.setdefault(k, (np.zeros_like(g), np.zeros_like(g)))
        m[:] = 0.9 * m + 0.1 * g
        v[:] = 0.999 * v + 0.001 * g * g
        params[k] -= lr * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)


bits = rng.integers(0, 2, size=(4000, 15))
x_train, x_test = np.split(np.eye(2)[bits], [3000])
y_train, y_test = np.split((bits.sum(axis=1) > 7).astype(int), [3000])
params = rnn_layers.init_rnn_params(2, 32, 2, seed=0)
moments, losses = {}, []
for step in range(1, 401):
    batch = rng.integers(0, len(x_train), size=64)
    loss, grads = rnn_layers.many_to_one_loss(params, x_train[batch], y_train[batch])
    adam(params, grads, moments, step, lr=1e-2)
    losses.append(loss)
h_test, _ = rnn_layers.rnn_forward(x_test, None, params["W1"], params["W2"], params["b"])
accuracy = ((h_test[:, -1] @ params["V"] + params["c"]).argmax(axis=1) == y_test).mean()
print(f"test accuracy {accuracy:.3f} (chance 0.5)")

# %% [markdown]
# ### A character-level language model on a source with a known entropy rate
#
# `nnkit.markov` generates text from an order-2 Markov chain over five letters: the next
# letter depends on the previous two. Its entropy rate is the best cross-entropy any model
# can reach on long text (nats per character, the unit of `temporal_softmax_loss`). For
# comparison the cell also scores a bigram model, the frequencies of each letter after the
# previous one counted on the training text: it sees one earlier letter only. The cell
# trains your model (the given `train_char_lm`: Adam on random windows of 24 characters)
# and scores it on held-out text. Where does its cross-entropy fall between the bigram's
# and the entropy rate, and what does that say about how many earlier letters its state
# keeps?

# %%
source = random_markov_source(list("abcde"), order=2, seed=7, concentration=0.3)
rate = source.entropy_rate()
train_ids = source.sample_ids(20000, seed=100)
held_out = source.sample_ids(8080, seed=200).reshape(80, 101)
start = time.perf_counter()
lm_params, lm_losses = rnn_layers.train_char_lm(train_ids, 5, hidden_size=32, steps=300, seed=0)
held_out_ce = rnn_layers.char_lm_loss(lm_params, held_out)[0]
counts = np.ones((5, 5))  # add-one counts of (previous letter, letter)
np.add.at(counts, (train_ids[:-1], train_ids[1:]), 1)
log_p = np.log(counts / counts.sum(axis=1, keepdims=True))
bigram_ce = -log_p[held_out[:, :-1], held_out[:, 1:]].mean()
print(
    f"trained in {time.perf_counter() - start:.1f} s; held-out cross-entropy "
    f"{held_out_ce:.3f} nats/char; bigram model {bigram_ce:.3f}; entropy rate {rate:.3f}"
)

fig = Figure(figsize=(11, 3.5), layout="constrained")
left, right = fig.subplots(1, 2)
left.plot(losses)
left.set(xlabel="Adam step", ylabel="loss (nats)", title="many-to-one: majority vote")
right.plot(lm_losses, label="training loss")
right.axhline(bigram_ce, color="tab:red", ls=":", label="bigram model, held out")
right.axhline(rate, color="k", ls="--", label="entropy rate of the source")
right.set(xlabel="Adam step", ylabel="nats per character", title="character model, Markov text")
for ax in (left, right):
    ax.grid(alpha=0.3)
right.legend()
display(fig)

# %%
grader.check("q5")

# %% [markdown]
# ## Text generation from real text, a demonstration (使用案例: 文本生成)
#
# Nothing to write or answer here: run the cell and read the samples, as the lecture's
# character-level demonstration does. The same model as above, trained on 60,000
# characters of a small English news corpus that gensim ships (lower-case letters, spaces
# and full stops), writes text one character at a time with the given `generate`, which
# feeds each character your `sample_with_temperature` draws back in as the next input.
# At temperature 0 it repeats its likeliest phrase; higher temperatures invent more words,
# and misspell more.

# %%
with open(gensim.test.utils.datapath("lee_background.cor"), encoding="utf-8") as f:
    raw = f.read().lower()
alphabet = sorted(set("abcdefghijklmnopqrstuvwxyz ."))
text = " ".join("".join(ch if ch in alphabet else " " for ch in raw).split())[:60000]
index = {ch: k for k, ch in enumerate(alphabet)}
text_params, _ = rnn_layers.train_char_lm(
    np.array([index[ch] for ch in text]), len(alphabet), hidden_size=64, steps=400, seq_len=32
)
for temperature in (0.0, 0.5, 1.0):
    ids = rnn_layers.generate(text_params, index["t"], 100, temperature, seed=2)
    print(f"T = {temperature}: t{''.join(alphabet[i] for i in ids)}")

# %% [markdown]
# ## An encoder-decoder RNN (使用案例: 机器翻译, 编码/解码RNN)
#
# Nothing to write either: the lecture's machine translation, "首先，对输入句子进行编码
# （转换为矢量，例如 $h_3$），然后将矢量解码成另一种语言的句子", is built from the pieces
# you have. The **encoder** is `rnn_forward` over the input sentence; its last state
# `h[:, -1]` is the vector. The **decoder** is a second RNN, with weights of its own, whose
# initial state `h0` is that vector: trained as `char_lm_loss` is on the output sentence,
# and writing a translation as `generate` does, each output word fed back as the next
# input. Training it needs no new gradient: the decoder's `rnn_backward` returns `dh0`, the
# gradient of the vector, and the encoder's `rnn_backward` takes it as the `dh` of its last
# step, exactly as `many_to_one_loss` sends its loss into the last state.

# %% [markdown]
# ## q6. Written: clipping and vanishing gradients (graded by hand)
#
# Clipping by global norm (the given `clip_grad_norm`, after q2) is standard when training RNNs. Which of the two problems
# of long sequences does it address, exploding or vanishing gradients, and why can it do
# nothing about the other? Which term of the LSTM cell addresses the other one, and what
# does your q4 plot show about it?

# %% [markdown] tags=["solution"]
# Clipping addresses **exploding** gradients: when the product of Jacobians over many
# steps grows, the global norm becomes huge and one step would throw the weights far
# away; rescaling to a fixed norm keeps the direction and bounds the step. It can do
# nothing for **vanishing** gradients: it only ever scales *down*, and in any case the
# problem there is that the contributions of distant steps are negligible *relative to*
# near ones inside the same gradient, so scaling the whole vector changes no ratio. The
# LSTM's additive memory update $c_t = c_{t-1} \circ f + g \circ i$ addresses it: along
# the memory path the gradient is multiplied only by the forget gate, so with f ≈ 1 it
# passes many steps nearly unchanged. The q4 plot shows the RNN's gradient falling by
# orders of magnitude over 60 steps (a straight line on the log scale: geometric decay)
# while the LSTM's memory path keeps a sizeable fraction.
