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
# # Assignment 8: Word embeddings, word2vec and neural language models
#
# Lecture sections: **词嵌入(Word Embedding)**, **连续词袋(CBOW)模型**, **词嵌入的卓越属性**,
# **神经语言模型**, **基于RNN的语言模型**.
#
# | English | 中文 | here |
# |---|---|---|
# | word embedding | 词嵌入 | a row of `W`, the vector v_w of word w |
# | continuous bag of words (CBOW) | 连续词袋模型 | predict a word from the mean of its context |
# | one-hot encoding | 独热编码 | x with a single 1; `W · x` is a row lookup |
# | hidden layer | 隐藏层 | h = (1/C)(v_{w_1} + ... + v_{w_C}) |
# | cross-entropy loss | 交叉熵损失 | E = -log p(w_O \| context) |
# | negative sampling | 负采样 | tell the true word from K noise words |
# | vector offset | 矢量偏移 | woman - man ≈ queen - king |
# | language model | 语言模型 | P(w_t \| w_1 ... w_{t-1}) |
# | perplexity | 困惑度 | exp of the mean -log P of held-out words |
# | recurrent network (Elman) | 循环神经网络 | x(t) = [w(t), s(t-1)] |
#
# You will write:
#
# {{points_table}}
#
# The text: a generated corpus (`nnkit.corpus.planted_corpus`) whose short sentences plant
# the lecture's relations (man/woman, king/queen, France/Paris, big/bigger/biggest,
# cat/cats ...), with 382 analogy questions in the format of Google's
# `questions-words.txt`; the Lee news corpus and the Google questions that gensim ships; and
# text from a Markov source whose entropy rate is known (`nnkit.markov`).

# %%
import time

from matplotlib.figure import Figure

from nnkit.corpus import (
    Vocabulary,
    analogy_ids,
    gensim_data,
    lee_corpus,
    planted_analogies,
    planted_corpus,
    read_questions,
)
from nnkit.markov import random_markov_source
from nnkit.plot import training_curves
from nnkit.seeding import seed_everything

rng = seed_everything(0, torch=False)
sentences = planted_corpus(6000, seed=0)
vocab = Vocabulary.from_sentences(sentences)
ids, starts = vocab.encode(sentences)
sections = analogy_ids(vocab, planted_analogies())
questions = np.concatenate(list(sections.values()))
print(f"{len(sentences)} sentences, {len(ids)} words, vocabulary of {len(vocab)}")
for s in sentences[:4]:
    print("  ", " ".join(s))

# %% [markdown]
# ## q1. The CBOW forward pass (连续词袋(CBOW)模型)
#
# CBOW predicts a word w_O from the C words around it. With one-hot inputs x_c, the hidden
# layer is h = (1/C) W · (x_1 + ... + x_C). Multiplying a one-hot vector by the matrix picks
# one row, so here, with `W` stored as (V, N), h is simply the mean of the rows `W[w_c]`.
# The scores are u_j = v'_{w_j} · h with the output vectors (rows of `W_prime`), and the
# loss is the cross-entropy of the softmax,
#
# $$E = -\log p(w_O \mid w_{I,1},\dots,w_{I,C}) = -u_{w_O} + \log \sum_{j=1}^{V} \exp(u_j).$$
#
# Make it stable: the tests use scores in the thousands.

# %%
V, N = len(vocab), 20
W0 = (rng.random((V, N)) - 0.5) / N
context = np.array([[vocab.id(w) for w in ("crown", "throne", "she", "her")]])
target = np.array([vocab.id("queen")])
E, h, y = word2vec.cbow_forward(W0, np.zeros((V, N)), context, target)
print(f"E with W' = 0: {E[0]:.4f} (log V = {np.log(V):.4f})")

# %%
grader.check("q1")

# %% [markdown]
# ## q2. Gradients and the update rules (梯度更新)
#
# The slide's update rules use e_j = y_j - t_j (t the one-hot target; the slide never
# defines it) and EH_i = Σ_j e_j w'_{ij}:
#
# $$v'_{w_j} \leftarrow v'_{w_j} - \eta\, e_j\, h \quad (j = 1..V), \qquad
#   v_{w_{I,c}} \leftarrow v_{w_{I,c}} - \tfrac{1}{C}\,\eta\, EH \quad (c = 1..C).$$
#
# The second rule updates the *input* vectors (the prime on the slide is a typo). A word
# that appears twice in the context gets 2/C: `W[context] -= ...` with fancy indexing
# applies it once; `np.add.at` adds every occurrence.
#
# Below, the full-softmax CBOW (the lecture's model, every output vector updated at every
# step) trains on the planted corpus with `cbow_sgd_step`, which calls your three functions.

# %%
centres, contexts = word2vec.context_windows(ids, starts, 2)
full = contexts.min(axis=1) >= 0  # words with two neighbours on each side
ctx_full, tgt_full = contexts[full], centres[full]
W, W_prime = (rng.random((V, N)) - 0.5) / N, np.zeros((V, N))
softmax_history = {"loss": []}
start = time.perf_counter()
for _ in range(3):
    order = rng.permutation(len(tgt_full))
    losses = []
    for b in range(0, len(order), 32):
        batch = order[b : b + 32]
        W, W_prime, loss = word2vec.cbow_sgd_step(
            W, W_prime, ctx_full[batch], tgt_full[batch], 0.05
        )
        losses.append(loss)
    softmax_history["loss"].append(float(np.mean(losses)))
print(f"full-softmax CBOW: 3 epochs in {time.perf_counter() - start:.1f} s")
training_curves(softmax_history)

# %%
grader.check("q2")

# %% [markdown]
# ## q3. Negative sampling and skip-gram (负采样)
#
# The softmax costs V products per example. Negative sampling (Mikolov et al. 2013)
# replaces it by one logistic regression: the true word against K noise words drawn from
# the unigram distribution to the power 3/4,
#
# $$E = -\log\sigma(v'_{o}\cdot h) - \sum_{k=1}^{K}\log\sigma(-v'_{n_k}\cdot h).$$
#
# Skip-gram turns CBOW around: the centre word's vector predicts each context word.
#
# You write three pieces: `sample_negatives` (the documented draws),
# `negative_sampling_loss` (E and its gradients: derive ∂E/∂h and the gradient of each
# output vector used) and `negative_sampling_step` (one SGD step: q2's update rules with the
# negative-sampling gradients, repeated words adding up). Three pieces are given, to read in
# `word2vec.py`: `noise_distribution`; `word2vec_examples`, which puts both models in one
# form (CBOW's h as the weighted mean of the context, padding slots weighted 0; skip-gram's
# h as a one-word context of weight 1); and the trainer `train_word2vec`, whose loop
# (learning-rate schedule, shuffling, one draw of noise words per epoch) runs the given
# examples through your step.
#
# The noise distribution first. Compare the two bars of each word below: which words does
# the power 3/4 draw less often than their frequency, which more often? The next cell
# turns the power from 1 (the unigram distribution) down to 0 (every word alike).

# %%
fig = Figure(figsize=(9, 3))
ax = fig.subplots()
top = np.arange(40)
ax.bar(top - 0.2, vocab.counts[top] / vocab.counts.sum(), width=0.4, label="unigram")
ax.bar(top + 0.2, word2vec.noise_distribution(vocab.counts)[top], width=0.4, label="unigram^0.75")
ax.set_xticks(top, [vocab.words[i] for i in top], rotation=90, fontsize=7)
ax.set_ylabel("probability")
ax.legend()
fig.tight_layout()
display(fig)

# %%
frequent = np.argsort(-vocab.counts, kind="stable")[:5]
for power in (1.0, 0.75, 0.5, 0.0):
    p = word2vec.noise_distribution(vocab.counts, power)
    print(
        f"power {power:4}: the 5 most frequent words are {p[frequent].sum():6.1%} of the "
        f"noise words, the rarest word {p.min():6.2%}"
    )

# %% [markdown]
# The examples of the first sentence (two context words on each side), from the given
# `word2vec_examples`: CBOW makes one per word, skip-gram one per (word, context word) pair.
# Your step receives them in this form: h is the weighted sum of the input rows.

# %%
first = slice(starts[0], starts[1])
centres_1, contexts_1 = word2vec.context_windows(ids[first], starts[:2] - starts[0], 2)
print(" ".join(vocab.words[w] for w in centres_1))
for model in ("cbow", "skipgram"):
    inputs_1, weights_1, targets_1 = word2vec.word2vec_examples(centres_1, contexts_1, model)
    print(f"{model}: {len(targets_1)} examples; the first three:")
    for row, shares, target in zip(inputs_1[:3], weights_1[:3], targets_1[:3]):
        mix = " + ".join(f"{w:.2f} {vocab.words[i]}" for i, w in zip(row, shares) if w > 0)
        print(f"    h = {mix:48} -> {vocab.words[target]}")

# %% [markdown]
# Training: the given `train_word2vec` with your noise words and your step.

# %%
config = dict(dim=50, window=5, negatives=5, seed=0)
settings = {
    "cbow": dict(epochs=5, lr=0.2, batch_size=256),
    "skipgram": dict(epochs=2, lr=0.05, batch_size=1024),
}
models, seconds = {}, {}


def trained(model):
    """Your trained model (trained on first use, so later cells work on their own)."""
    if model not in models:
        start = time.perf_counter()
        models[model] = word2vec.train_word2vec(
            ids, starts, V, model=model, **config, **settings[model]
        )
        seconds[model] = time.perf_counter() - start
    return models[model]


for model in settings:
    trained(model)
    print(f"{model}: {seconds[model]:.1f} s, loss per epoch {np.round(models[model][2], 3)}")
training_curves({f"{m} loss": list(models[m][2]) for m in models})

# %%
grader.check("q3")

# %% [markdown]
# ## q4. Using embeddings (词嵌入的卓越属性)
#
# Nearest neighbours by cosine, and analogies: "a is to b as c is to ?" is the word nearest
# to unit(b) - unit(a) + unit(c), the three query words excluded (3CosAdd).
#
# Two pieces are given, to read in `analogies.py`: `unit_rows` (every row scaled to length 1,
# zero rows left at zero: the first step of every cosine) and `analogy_accuracy` (the
# evaluation harness: the share of (a, b, c, d) questions your `analogy` answers with d).
# You write `cosine_similarity`, `nearest_neighbours` and `analogy`.

# %%
E_cbow, E_sg = trained("cbow")[0], trained("skipgram")[0]
probe = ["king", "paris", "biggest", "cats", "she"]
neighbours = analogies.nearest_neighbours(E_cbow, np.array([vocab.id(w) for w in probe]), 5)
for word, row in zip(probe, neighbours):
    print(f"{word:>8}: " + ", ".join(vocab.words[i] for i in row))

# %%
E_cbow, E_sg = trained("cbow")[0], trained("skipgram")[0]
for a, b, c in (
    ("big", "biggest", "small"),
    ("man", "woman", "king"),
    ("france", "paris", "italy"),
):
    d = analogies.analogy(E_cbow, *(np.array([vocab.id(w)]) for w in (a, b, c)))[0]
    print(f"{b} - {a} + {c} = {vocab.words[d]}")

# %% [markdown]
# The lecture's 性别关系的矢量偏移 (vector offsets of gender): the ten male/female pairs of
# the corpus in a 2-D PCA projection of your CBOW vectors. Parallel arrows of equal length
# are what makes woman - man + king land on queen.

# %%
E_cbow, E_sg = trained("cbow")[0], trained("skipgram")[0]
pairs = [
    ("man", "woman"),
    ("king", "queen"),
    ("uncle", "aunt"),
    ("boy", "girl"),
    ("brother", "sister"),
    ("father", "mother"),
    ("prince", "princess"),
    ("husband", "wife"),
]
rows = np.array([[vocab.id(m), vocab.id(f)] for m, f in pairs])
unit = analogies.unit_rows(E_cbow)
points = unit[rows.ravel()] - unit[rows.ravel()].mean(axis=0)
_, _, vt = np.linalg.svd(points, full_matrices=False)
xy = (points @ vt[:2].T).reshape(len(pairs), 2, 2)
fig = Figure(figsize=(6, 5))
ax = fig.subplots()
for (m, f), (pm, pf) in zip(pairs, xy):
    ax.annotate("", xy=pf, xytext=pm, arrowprops=dict(arrowstyle="->", color="tab:red"))
    ax.text(*pm, m, color="tab:blue")
    ax.text(*pf, f, color="tab:red")
ax.scatter(*xy.reshape(-1, 2).T, s=8, color="black")
ax.set_title("male → female offsets (PCA of the CBOW vectors)")
display(fig)

# %% [markdown]
# Accuracy on the planted questions, section by section, for your CBOW and skip-gram and for
# gensim's `Word2Vec` trained on the same sentences with the same dimension, window, noise
# words and epochs (one worker). All are scored by the given `analogy_accuracy`, which runs
# your `analogy`.

# %%
E_cbow, E_sg = trained("cbow")[0], trained("skipgram")[0]
from gensim.models import Word2Vec

peers = {}
for model, sg, epochs in (("cbow", 0, 5), ("skipgram", 1, 2)):
    start = time.perf_counter()
    peer = Word2Vec(
        sentences,
        vector_size=50,
        window=5,
        negative=5,
        min_count=1,
        sg=sg,
        epochs=epochs,
        workers=1,
        seed=0,
        sample=0,
    )
    seconds[f"gensim {model}"] = time.perf_counter() - start
    peers[model] = np.array([peer.wv[w] for w in vocab.words])
table = {
    "yours, CBOW": E_cbow,
    "yours, skip-gram": E_sg,
    "gensim, CBOW": peers["cbow"],
    "gensim, skip-gram": peers["skipgram"],
}
print(f"{'':20}" + "".join(f"{t[:14]:>16}" for t in sections) + f"{'all':>8}{'seconds':>9}")
for label, E in table.items():
    accs = [analogies.analogy_accuracy(E, q) for q in sections.values()]
    key = (
        label.replace("yours, ", "")
        .replace("gensim, ", "gensim ")
        .replace("CBOW", "cbow")
        .replace("skip-gram", "skipgram")
    )
    print(
        f"{label:20}"
        + "".join(f"{a:16.2f}" for a in accs)
        + f"{analogies.analogy_accuracy(E, questions):8.2f}{seconds[key]:9.1f}"
    )

# %% [markdown]
# Real text is harder. The Lee corpus (300 news paragraphs, about 60,000 words) is far too
# small for Google's 19,544 questions, and without word2vec's subsampling of frequent words
# (gensim's `sample`), words such as "us", "last" or "from" crowd the neighbour lists: few
# examples per word, and the frequent ones take most of the updates.

# %%
lee = lee_corpus()
lee_vocab = Vocabulary.from_sentences(lee, min_count=3)
lee_ids, lee_starts = lee_vocab.encode(lee)
start = time.perf_counter()
E_lee, _, _ = word2vec.train_word2vec(
    lee_ids, lee_starts, len(lee_vocab), dim=50, window=5, epochs=5, lr=0.05, batch_size=256, seed=0
)
print(
    f"Lee corpus: {len(lee_ids)} words, vocabulary {len(lee_vocab)}, trained in {time.perf_counter() - start:.1f} s"
)
probe = [w for w in ("australia", "police", "government", "fire", "president") if w in lee_vocab]
for word, row in zip(
    probe, analogies.nearest_neighbours(E_lee, np.array([lee_vocab.id(w) for w in probe]), 5)
):
    print(f"{word:>11}: " + ", ".join(lee_vocab.words[i] for i in row))
google = analogy_ids(lee_vocab, read_questions(gensim_data("questions-words.txt")))
known = np.concatenate([q for q in google.values() if len(q)])
print(
    f"{len(known)} of 19544 Google questions use only words of this vocabulary; accuracy {analogies.analogy_accuracy(E_lee, known):.3f}"
)

# %%
grader.check("q4")

# %% [markdown]
# ## q5. Language models (神经语言模型, 基于RNN的语言模型)
#
# A language model gives P(w_t | w_1 ... w_{t-1}), and by the chain rule the probability
# of a whole text, the product of these factors. Its quality on held-out text is the
# perplexity, exp of the mean -log P of the words scored: the number of equally likely
# words the model is choosing between, on average.
#
# An n-gram model predicts from the last n-1 words only. It is given: read
# `ngram_probabilities` (add-k smoothing; every (context, word) pair counted at once by
# numbering it) and `ngram_perplexity` in `language_models.py`. The text below comes from an
# order-2 Markov source (each word depends on the two before it) over 5 words, so its
# best possible perplexity is exp(entropy rate), a bigram model cannot reach it, and a
# trigram model can.
#
# Elman's RNN language model keeps a state instead of a fixed window:
# x(t) = [w(t), s(t-1)], s(t) = sigmoid(U x(t)), y(t) = softmax(V s(t)). All of it is given,
# to read: the forward pass `rnn_lm_forward` (and the layout of its cache), its
# backpropagation through time `rnn_lm_backward` (assignment 7's `rnn_backward` with an
# embedding lookup at the input and a softmax at every step; its docstring lists the three
# changes) and the trainer `train_rnn_lm` (truncated BPTT, the state carried from one segment
# to the next).
#
# You write `rnn_lm_perplexity`: the model's perplexity on a text, read from the first word
# in segments that carry the state, scored from the word `start` on. With `start = n - 1` it
# scores exactly the words an n-gram model of order n scores, so the two compare models on
# the same words. Check it first: a model whose output weights V are 0 predicts the uniform
# distribution, and the segments must not change the value.

# %%
small = language_models.init_rnn_lm(vocab_size=6, embed_dim=3, hidden=4, seed=1)
text = rng.integers(6, size=30)
uniform = {**small, "V": np.zeros_like(small["V"])}
print(
    f"V = 0: perplexity {language_models.rnn_lm_perplexity(uniform, text, start=3):.4f} (6 words)"
)
for seq_len in (1, 7, 100):
    value = language_models.rnn_lm_perplexity(small, text, start=3, seq_len=seq_len)
    print(f"seq_len {seq_len:3}: perplexity {value:.6f}")  # the same for every seq_len

# %% [markdown]
# Now the order-2 source. Every model is scored on the same words, from position 2 on (the
# trigram's first prediction): `held_out[3 - n:]` starts n-1 words before them. The last line
# is the trained RNN read with its state reset before every word (each word read as its own
# sequence from the zero state, one call of the given forward): the same weights, no history.

# %%
source = random_markov_source([f"w{i}" for i in range(5)], order=2, seed=100, concentration=0.3)
train_text, held_out = source.sample_ids(20_000, seed=1), source.sample_ids(5_000, seed=2)
print(source.sample(20, seed=3, sep=" "))
perplexity = {"true source": float(np.exp(source.entropy_rate()))}
for n in (1, 2, 3):
    table_n = language_models.ngram_probabilities(train_text, n, 5, k=0.1)
    perplexity[f"{n}-gram"] = language_models.ngram_perplexity(table_n, held_out[3 - n :], n)
params, rnn_losses = language_models.train_rnn_lm(
    train_text, 5, embed_dim=8, hidden=16, epochs=2, lr=0.02, seed=0
)
perplexity["RNN"] = language_models.rnn_lm_perplexity(params, held_out, start=2)
no_history = np.zeros((len(held_out) - 2, params["U"].shape[0]))
reset_loss = language_models.rnn_lm_forward(
    params["E"], params["U"], params["V"], held_out[1:-1, None], held_out[2:, None], no_history
)[0]
perplexity["RNN, state reset"] = float(np.exp(reset_loss))
for name_, value in perplexity.items():
    print(f"{name_:>16}: perplexity {value:.3f}")
training_curves(
    {
        "RNN training loss (nats)": list(rnn_losses),
        "entropy rate": [source.entropy_rate()] * len(rnn_losses),
    }
)

# %%
grader.check("q5")

# %% [markdown]
# ## q6. Written: a fixed context against a recurrent state
#
# On the order-2 source above, scored on the same words, the trigram model is the best of
# all, better than the RNN. Why? And what does the RNN read with its state reset, worse than
# the bigram, say about where the RNN's advantage over the bigram comes from? Now imagine an
# order-6 source over 20 words, with the same amount of training text: what happens to the
# 7-gram model's table, and why does the RNN (or any neural language model with word
# vectors) have a chance there? Answer in a few sentences, with numbers.

# %% [markdown] tags=["solution"]
# The trigram model is exactly the true model family (order 2): with 20,000 words it
# estimates 25 contexts x 5 words = 125 probabilities, about 160 observations per context,
# so its estimate is close to the truth. The RNN must discover from the data that exactly
# two words matter and store them in a 16-unit sigmoid state; after two epochs it is still
# approximating. Its advantage over the bigram is all in the state: reset before every
# word, the same weights see only the current word (what the bigram sees, without the
# bigram's table estimated for exactly that case) from a zero state it never met in
# training, and do worse than the bigram. An order-6 source over 20 words has 20^6 = 64 million contexts and a 7-gram
# table of 1.3 billion entries: with 20,000 training words almost every held-out context
# was never seen, and add-k smoothing gives those the uniform row (perplexity near 20). The
# RNN's parameters do not grow with the context length (here V·m + H(m+H) + V·H), and word
# vectors let similar contexts share statistics, so it can generalise to contexts it never
# saw: the lecture's point that feed-forward models must fix the context length
# (必须固定上下文长度) while the RNN maintains a context representation updated over time.
