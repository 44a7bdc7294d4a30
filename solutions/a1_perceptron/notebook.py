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
# {{points_table}}
#
# **Terms (术语).** The Chinese terms used in this notebook:
#
# | 中文 | English | 中文 | English |
# |---|---|---|---|
# | 神经元 | neuron | 阈值 | threshold |
# | 权重 | weight | 偏置 | bias |
# | 感知机 | perceptron | 激活函数 | activation function |
# | 学习率 | learning rate | 线性可分 | linearly separable |
# | 决策边界 | decision boundary | 超平面 | hyperplane |
# | 异或问题 | the XOR problem | 隐藏层 | hidden layer |

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
# The XOR data set: the truth table with labels in the perceptron's encoding.
xor_X = truth_table.astype(float)
xor_y = np.array([-1, 1, 1, -1])

# %%
for gap in (0.8, 0.4, 0.2, 0.1):
    # the generating hyperplane (w*, b*) separates the data with margin at least `gap`
    Xg, yg, w_star, b_star = data.blobs(200, dim=2, margin=gap, seed=2, return_hyperplane=True)
    report = perceptron.convergence_report(Xg, yg, max_epochs=1000)
    gamma = perceptron.margin(Xg, yg, w_star, b_star)
    bound = perceptron.mistake_bound(Xg, yg, w_star, b_star)
    print(
        f"margin {gap}: {report['total_mistakes']:4d} mistakes in {report['epochs']:3d} epochs; "
        f"γ of (w*, b*) = {gamma:.4f}, Novikoff's bound {bound:8.1f}"
    )

# %% [markdown]
# The bound is honest but loose: here it is tens to hundreds of times the mistakes actually
# made. It holds for *every* order of the examples and for *every* data set with the same
# R and γ, so it must cover the worst sequence an adversary could pick; our examples come
# in one random order. It also uses the margin γ of one particular separating hyperplane
# (the one that generated the data, measured in the extended space where the bias counts
# in the norm); the perceptron only needs *some* separating hyperplane, and any with a
# larger margin gives a smaller bound. What the bound does get right is the trend: as the
# margin shrinks, the work grows like 1/γ².
#
# On XOR no hyperplane separates the data, γ > 0 is impossible, and there is no bound:

# %%
print("XOR:", perceptron.convergence_report(xor_X, xor_y, max_epochs=50))

# %% [markdown]
# The mistakes per epoch on XOR never reach zero:

# %%
_, _, xor_mistakes = perceptron.train(xor_X, xor_y, max_epochs=30)
fig, ax = plt.subplots(figsize=(5, 3))
ax.plot(range(1, len(xor_mistakes) + 1), xor_mistakes, marker="o")
ax.set(xlabel="epoch", ylabel="mistakes", title="Perceptron on XOR", ylim=(0, None))
plt.show()

# %%
grader.check("q3")

# %% [markdown]
# ## q4. A hidden layer solves XOR
#
# "每个隐藏节点负责实现凸区域的一条边界线": each hidden threshold unit draws one line
# $W_1[j] \cdot x = T_1[j]$ (its decision boundary, 决策边界) and says on which side of it
# the input lies; the output unit combines the half-planes (lecture, 隐藏层和反向传播:
# solution 1 or 2). Implement `two_layer_forward` and hand-set the weights in
# `xor_network`.
#
# The tests check the truth table only, but the plot below feeds the network the *noisy*
# points around the four corners, without rounding them, and draws each hidden unit's line.
# Where would you put the lines so that a corner's noisy neighbours are classified like the
# corner itself?

# %%
W1, T1, w2, T2 = perceptron.xor_network()
print("XOR network on the truth table:", perceptron.two_layer_forward(truth_table, W1, T1, w2, T2))
Xn, yn = data.xor(200, noise=0.1, seed=3)
fig = plot.decision_boundary(
    lambda P: perceptron.two_layer_forward(P, W1, T1, w2, T2),
    Xn,
    yn,
    title="Two-layer threshold network on noisy XOR",
)
ax = fig.axes[0]
xlim, ylim = ax.get_xlim(), ax.get_ylim()
xs = np.array(xlim)
for j, ((a, c), t, style) in enumerate(zip(W1, T1, ("--", ":"), strict=True)):
    # hidden unit j fires where a x1 + c x2 >= t: its boundary line
    if abs(c) > 1e-12:
        ax.plot(xs, (t - a * xs) / c, style, color="k", lw=1.5, label=f"hidden unit {j + 1}")
    else:
        ax.axvline(t / a, ls=style, color="k", lw=1.5, label=f"hidden unit {j + 1}")
ax.set(xlim=xlim, ylim=ylim)
ax.legend(loc="center", fontsize="small")
accuracy = np.mean(perceptron.two_layer_forward(Xn, W1, T1, w2, T2) == yn)
print(f"accuracy on the noisy points: {accuracy:.0%}")
display(fig)

# %%
grader.check("q4")

# %% [markdown]
# ## q5. Written: why one layer cannot compute XOR
#
# Explain in a few sentences why no single perceptron (one layer of weights and a
# threshold) can compute XOR, and why adding a hidden layer removes the obstacle. Use the
# truth table: write the four inequalities a single unit would have to satisfy. Then say,
# from the plot of q4, what each hidden unit of your network computes (which line, which
# logical function of x1 and x2).

# %% [markdown] tags=["solution"]
# A single unit outputs 1 exactly when $w_1 x_1 + w_2 x_2 \ge T$. XOR needs
# $0 < T$ (input 00 gives 0), $w_2 \ge T$ and $w_1 \ge T$ (01 and 10 give 1) and
# $w_1 + w_2 < T$ (11 gives 0). Adding the two middle inequalities gives
# $w_1 + w_2 \ge 2T > T$ since $T > 0$, contradicting the last one: no line separates
# {01, 10} from {00, 11}. A hidden layer maps the inputs to new features (for instance OR
# and AND); in that space the classes are linearly separable, so one more threshold unit
# finishes the job.
#
# In the reference network hidden unit 1 fires when $x_1 + x_2 \ge 0.5$ (OR) and hidden
# unit 2 when $x_1 + x_2 \ge 1.5$ (AND): two parallel lines, and the output unit fires
# between them (OR and not AND). Thresholds halfway between the corners' net inputs keep the
# lines away from the corners, so the noisy points are classified like their corners.
