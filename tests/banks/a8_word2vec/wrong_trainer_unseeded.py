"""The trainer draws its negatives and its shuffles from an unseeded generator: two runs
with the same seed differ."""

LOSES = ["q3"]

import numpy as np

_seeded = train_word2vec


def train_word2vec(
    ids,
    starts,
    vocab_size,
    dim=50,
    window=5,
    negatives=5,
    epochs=5,
    lr=0.025,
    batch_size=64,
    model="cbow",
    seed=0,
):
    return _seeded(
        ids,
        starts,
        vocab_size,
        dim,
        window,
        negatives,
        epochs,
        lr,
        batch_size,
        model,
        seed=int(np.random.default_rng().integers(2**31)),
    )
