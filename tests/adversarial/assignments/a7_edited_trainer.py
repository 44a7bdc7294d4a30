"""a7: leaves char_lm_loss unwritten and replaces the given train_char_lm, in its own file,
by one that fits the same model with PyTorch's autograd. If the hidden training case
trained through the submission's own copy of the given trainer, this would earn its points
without char_lm_loss's gradients (it did: 4 of q5's 6 points instead of the sampler's 2,
before that case trained with the course's own copy of the trainer, driving the submitted
char_lm_loss)."""

# the question -> the points it deserves: q5's cases of the reference's
# sample_with_temperature (left in place); every other question is the reference's
EARNS = {"q5": 2.0}


def char_lm_loss(params, ids):
    raise NotImplementedError("q5")


def train_char_lm(
    ids, vocab_size, hidden_size=32, steps=300, seq_len=24, batch_size=32, lr=1e-2, seed=0
):
    import torch

    rng = np.random.default_rng(seed)
    start = init_rnn_params(vocab_size, hidden_size, vocab_size, seed)
    params = {k: torch.tensor(v, requires_grad=True) for k, v in start.items()}
    optimizer = torch.optim.Adam(params.values(), lr=lr)
    offsets = np.arange(seq_len + 1)
    losses = []
    for _ in range(steps):
        starts = rng.integers(0, len(ids) - seq_len - 1, size=batch_size)
        batch = torch.from_numpy(ids[starts[:, None] + offsets])
        x = torch.nn.functional.one_hot(batch[:, :-1], vocab_size).double()
        h = torch.zeros(batch_size, hidden_size, dtype=torch.float64)
        scores = []
        for t in range(seq_len):
            h = torch.tanh(x[:, t] @ params["W1"] + h @ params["W2"] + params["b"])
            scores.append(h @ params["V"] + params["c"])
        logits = torch.stack(scores, 1).reshape(-1, vocab_size)
        loss = torch.nn.functional.cross_entropy(logits, batch[:, 1:].reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return {k: v.detach().numpy() for k, v in params.items()}, losses
