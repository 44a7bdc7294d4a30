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
# # Final project 2: image captioning (学习生成图像描述)
#
# The lecture's recipe for describing an image in words: train a CNN on images and an RNN
# on sentences; the RNN receives a word and the context before it and outputs the
# distribution of the next word; **the image information is fed to the RNN at the start**
# (图片信息一开始就输入到RNN中); START and END are special tokens that open and close
# every caption.
#
# Here the images are generated scenes: two coloured shapes (circle, square, triangle in
# red, green, blue, yellow or white) in two cells of a 3x3 grid that share a row or a
# column, and the caption follows a small grammar: "a red circle left of a blue square"
# (the left shape first) or "a green triangle above a white circle" (the upper one first).
#
# **Your task.** Write a captioner in `model.py`, train it with `train.py`, and submit
# `model.py`, `train.py` and the trained weights `weights.pt` (a `state_dict`). The grade
# comes from the captions your model writes for a **hidden test set** of scenes made with
# a seed that only the grader knows, scored by two metrics computed by the grader:
#
# - **exact match**: the share of captions equal to the true one, word for word;
# - **BLEU-4**: the geometric mean of the 1- to 4-gram precisions of all captions against
#   the true ones, times a brevity penalty (Papineni et al., 2002; `nnkit.bleu`).
#
# | Part | Points |
# |---|---|
# | public checks q1-q4 (this notebook, at submission) | 10 |
# | exact match and BLEU-4 on the hidden scenes, each mapped linearly from its floor (0) to its target (all), averaged | 90 |
#
# The floors and targets are in `project.yml`: the floors sit above what the image-blind
# starter reaches, the targets at the median of the reference captioner over three
# training seeds (exact match 0.45, BLEU-4 0.80).
#
# **Budgets.** `weights.pt` at most 2 MB. Loading and captioning the whole test set within
# 60 s. In retrain mode the grader runs your `train(seed, budget_s, device)` itself (300 s
# on a GPU, 600 s on a CPU) and scores the model it returns.
#
# **The data you may use.** `nnkit.scenes.make_scenes(n, seed)` makes as many scenes as
# you like from any seed; `train.py` uses seeds from 1000 on, the public checks seed 1.

# %%
from pathlib import Path

import torch

from nnkit import bleu, scenes

torch.set_num_threads(1)
images, captions = scenes.make_scenes(500, seed=1)
fig, axes = plt.subplots(1, 4, figsize=(12, 3.5))
for i, ax in enumerate(axes):
    ax.imshow(images[i].transpose(1, 2, 0))
    ax.set_title(" ".join(scenes.decode(captions[i])), fontsize=9)
    ax.axis("off")
print("vocabulary:", scenes.VOCAB)
print("token ids of the first caption:", captions[0])

# %% [markdown]
# ## The starter and your captioner
#
# The starter `model.py` is an RNN language model that never looks at the image: its first
# input is a zero vector where the image should be. It learns the grammar but writes the
# same caption for every scene. Give it a CNN encoder whose output is the RNN's first
# input; keep `load` and `caption`, which the grader calls. Then tune `train.py`.

# %%
DEVICE = "cuda" if torch.cuda.is_available() else "cpu"
if not Path("weights.pt").exists():  # delete weights.pt to train again
    net = train.train(seed=0, budget_s=300.0, device=DEVICE)
    torch.save({k: v.cpu() for k, v in net.state_dict().items()}, "weights.pt")
net = model.load("weights.pt", "cpu")
hypotheses = [scenes.decode(row) for row in model.caption(net, images)]
references = [scenes.decode(row) for row in captions]
for h, r in list(zip(hypotheses, references))[:4]:
    print(" ".join(h), "|", " ".join(r))
print(f"exact match {bleu.exact_match(references, hypotheses):.1%}")
print(f"BLEU-4 {bleu.corpus_bleu(references, hypotheses):.3f}")

# %% [markdown]
# ## Public checks
#
# q1: the model builds, loads `weights.pt` and fits the size budget.

# %%
grader.check("q1")

# %% [markdown]
# q2: captions of the validation scenes are (N, T) token ids that end with END.

# %%
grader.check("q2")

# %% [markdown]
# q3: at least 20 % of the validation captions are exactly right.

# %%
grader.check("q3")

# %% [markdown]
# q4: `train.train(0, 20.0, "cpu")` trains a fresh model and returns within 20 seconds.

# %%
grader.check("q4")
