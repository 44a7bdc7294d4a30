"""The trainer's step adds the learning rate times the gradient (a sign slip): both
matrices climb the loss instead of descending it."""

LOSES = ["q3"]

_descending = train_word2vec


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
    return _descending(
        ids, starts, vocab_size, dim, window, negatives, epochs, -lr, batch_size, model, seed
    )
