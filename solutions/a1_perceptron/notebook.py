# %% [markdown]
# # Assignment 1: The perceptron
#
# Lecture sections: 人工神经网络发展史 (history), 感知机模型 (the perceptron model),
# 训练感知机 (training the perceptron), 感知机属性 (its properties: convergence and XOR).
#
# You write your code in **`perceptron.py`**, next to this notebook; the notebook explains,
# plots and checks. Each `grader.check("qK")` cell runs the public tests of question K and
# tells you what is wrong. The final grade also uses hidden tests on inputs you have not
# seen (other seeds, dimensions, learning rates, label encodings), so make your code
# correct, not just right on the examples.
#
# | question | topic | points |
# |---|---|---|
# | q1 | McCulloch–Pitts threshold unit, AND / OR / NOT | 4 |
# | q2 | Rosenblatt's perceptron: predict and train | 8 |
# | q3 | margin, Novikoff's bound, non-convergence on XOR | 5 |
# | q4 | a two-layer threshold network for XOR | 4 |
# | q5 | written: why one layer cannot compute XOR | 2 (graded by hand) |

# %%
from nnkit import data, plot
from nnkit.seeding import seed_everything

rng = seed_everything(0)

# %% [markdown]
# ## q1. The McCulloch–Pitts neuron (1943)
#
# A unit *j* receives the outputs $o_i$ of other units over weighted edges $w_{ji}$:
#
# $$net_j = \sum_i w_{ji} o_i, \qquad o_j = \begin{cases} 0 & net_j < T_j \\ 1 & net_j \ge T_j \end{cases}$$
#
# Implement `threshold_unit`, then choose weights and thresholds in `and_unit`, `or_unit`
# and `not_unit` so that one unit computes each gate.

# %%
truth_table = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
for gate in (perceptron.and_unit, perceptron.or_unit):
    w, T = gate()
    print(gate.__name__, perceptron.threshold_unit(truth_table, w, T))
w, T = perceptron.not_unit()
print("not_unit", perceptron.threshold_unit(np.array([[0], [1]]), w, T))

# %%
grader.check("q1")

# %% [markdown]
# ## q2. Rosenblatt's perceptron (1958)
#
# $$\hat y = \varphi\Big(\sum_{i=1}^m w_i x_i + b\Big), \qquad
# \varphi(z) = \begin{cases} 1 & z \ge 0 \\ -1 & \text{otherwise} \end{cases}$$
#
# Training visits the examples one at a time and applies
# $w_i \leftarrow w_i + \eta (y - \hat y) x_i$ and $b \leftarrow b + \eta (y - \hat y)$.
# When the prediction is right nothing changes; when it is too high, weights of positive
# inputs go down; when too low, they go up. Implement `sign`, `predict`, `encode_labels`
# and `train`.

# %%
X, y = data.blobs(100, dim=2, margin=0.3, seed=1)
w, b, mistakes = perceptron.train(X, y, eta=1.0, max_epochs=100)
print("mistakes per epoch:", mistakes)
plot.decision_boundary(
    lambda P: perceptron.predict(P, w, b), X, y, title="Perceptron on linearly separable blobs"
)

# %%
grader.check("q2")

# %% [markdown]
# ## q3. Convergence, and where it ends
#
# Rosenblatt proved that training converges when the classes are linearly separable.
# Novikoff made it quantitative: with inputs extended by a constant 1 (so the bias is a
# weight), $R = \max_i \lVert (x_i, 1) \rVert$, and any separating hyperplane with margin
# $\gamma = \min_i y_i (w \cdot x_i + b) / \lVert (w, b) \rVert > 0$, the perceptron
# makes at most $(R/\gamma)^2$ updates in total. Implement `margin`, `mistake_bound` and
# `convergence_report`, then watch what the bound says as the margin shrinks, and what
# happens on XOR (Minsky and Papert, 1969).

# %%
for gap in (0.8, 0.4, 0.2, 0.1):
    # the generating hyperplane (w*, b*) separates the data with margin at least `gap`
    Xg, yg, w_star, b_star = data.blobs(200, dim=2, margin=gap, seed=2, return_hyperplane=True)
    report = perceptron.convergence_report(Xg, yg, max_epochs=1000)
    bound = perceptron.mistake_bound(Xg, yg, w_star, b_star)
    print(
        f"margin {gap}: {report['total_mistakes']:4d} mistakes in {report['epochs']} epochs, "
        f"Novikoff's bound {bound:8.1f}"
    )

xor_y = np.array([-1, 1, 1, -1])
print("XOR:", perceptron.convergence_report(truth_table.astype(float), xor_y, max_epochs=50))

# %% [markdown]
# The mistakes per epoch on XOR never reach zero:

# %%
_, _, xor_mistakes = perceptron.train(truth_table.astype(float), xor_y, max_epochs=30)
fig, ax = plt.subplots(figsize=(5, 3))
ax.plot(range(1, len(xor_mistakes) + 1), xor_mistakes, marker="o")
ax.set_xlabel("epoch")
ax.set_ylabel("mistakes")
ax.set_title("Perceptron on XOR")

# %%
grader.check("q3")

# %% [markdown]
# ## q4. A hidden layer solves XOR
#
# Two threshold units in a hidden layer each draw one line; the output unit combines the
# two half-planes (lecture, 隐藏层和反向传播: solution 1 or 2). Implement
# `two_layer_forward` and hand-set the weights in `xor_network`.

# %%
W1, T1, w2, T2 = perceptron.xor_network()
print("XOR network on the truth table:", perceptron.two_layer_forward(truth_table, W1, T1, w2, T2))
Xn, yn = data.xor(200, noise=0.1, seed=3)
plot.decision_boundary(
    lambda P: perceptron.two_layer_forward((P > 0.5).astype(int), W1, T1, w2, T2),
    Xn,
    yn,
    title="Two-layer threshold network on XOR",
)

# %%
grader.check("q4")

# %% [markdown]
# ## q5. Written answer (graded by hand, 2 points)
#
# Explain in a few sentences why no single perceptron (one layer of weights and a
# threshold) can compute XOR, and why adding a hidden layer removes the obstacle. Use the
# truth table: write the four inequalities a single unit would have to satisfy.

# %% [markdown] tags=["solution"]
# A single unit outputs 1 exactly when $w_1 x_1 + w_2 x_2 \ge T$. XOR needs
# $0 < T$ (input 00 gives 0), $w_2 \ge T$ and $w_1 \ge T$ (01 and 10 give 1) and
# $w_1 + w_2 < T$ (11 gives 0). Adding the two middle inequalities gives
# $w_1 + w_2 \ge 2T > T$ since $T > 0$, contradicting the last one: no line separates
# {01, 10} from {00, 11}. A hidden layer maps the inputs to new features (for instance OR
# and AND); in that space the classes are linearly separable, so one more threshold unit
# finishes the job.
