"""a7: leaves the LSTM cell (lstm_step_forward, lstm_step_backward) unwritten and replaces
the given lstm_forward and lstm_backward, in its own file, by a whole-sequence LSTM in
PyTorch whose cache keeps the inputs for autograd. If q3's sequence cases ran the
submission's own copies of the given loops, this would earn them without the cell (it did:
8 of q3's 11 points, before the cases ran the course's copies of the loops)."""

# the question -> the points it deserves: nothing of q3 (every case runs the cell)
EARNS = {"q3": 0.0}


def lstm_step_forward(x, s_prev, c_prev, U, W, b):
    raise NotImplementedError("q3")


def lstm_step_backward(ds, dc, cache):
    raise NotImplementedError("q3")


def _sequence(x, s0, c0, U, W, b):
    import torch

    N, T, _ = x.shape
    H = W.shape[0]
    s = torch.zeros(N, H, dtype=x.dtype) if s0 is None else s0
    c = torch.zeros(N, H, dtype=x.dtype) if c0 is None else c0
    states, memories = [], []
    for t in range(T):
        a = x[:, t] @ U + s @ W + b
        i, f, o, g = a.split(H, dim=1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        s = torch.sigmoid(o) * torch.tanh(c)
        states.append(s)
        memories.append(c)
    return torch.stack(states, 1), torch.stack(memories, 1)


def lstm_forward(x, s0, c0, U, W, b):
    import torch

    args = [None if a is None else torch.from_numpy(np.asarray(a)) for a in (x, s0, c0, U, W, b)]
    s, c = _sequence(*args)
    return s.numpy(), c.numpy(), [(x, s0, c0, U, W, b)]


def lstm_backward(ds, cache):
    import torch

    x, s0, c0, U, W, b = cache[0]
    N, _, H = ds.shape
    s0 = np.zeros((N, H), dtype=x.dtype) if s0 is None else s0
    c0 = np.zeros((N, H), dtype=x.dtype) if c0 is None else c0
    args = [torch.tensor(np.asarray(a), requires_grad=True) for a in (x, s0, c0, U, W, b)]
    s, _ = _sequence(*args)
    (s * torch.from_numpy(np.asarray(ds))).sum().backward()
    return tuple(a.grad.numpy() for a in args)
