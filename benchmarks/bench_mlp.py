"""One epoch of the reference MLP (assignment 2) against the same network in PyTorch.

784-256-10, ReLU, softmax cross-entropy, minibatches of 64, plain SGD, float32 for both,
on the 5,000-image MNIST sample (``nnkit.data.mnist_sample``), both on the CPU in the same
process. Prints the seconds per epoch of each (best of ``--repeats``) and the ratio
numpy / torch next to its goal (benchmarks/goals.py).

    PYTHONPATH=. .venv/bin/python benchmarks/bench_mlp.py [--repeats 15] [--threads N]

Both sides use the same number of threads (default: one per CPU, both libraries'
own default here).
"""

from __future__ import annotations

import argparse
import os
import time

from goals import verdict

from nnkit.grading import reference


def numpy_epoch(mlp, model, X, y, batch_size: int, lr: float, seed: int) -> float:
    """Seconds for one epoch of the reference: the minibatch loop of ``mlp.train`` (its
    per-epoch accuracy evaluation left out, as in the torch loop)."""
    import numpy as np

    start = time.perf_counter()
    perm = np.random.default_rng(seed).permutation(X.shape[0])
    for i in range(0, X.shape[0], batch_size):
        idx = perm[i : i + batch_size]
        _, grads = model.loss(X[idx], y[idx])
        for name, grad in grads.items():
            model.params[name], _ = mlp.sgd_update(model.params[name], grad, None, lr=lr)
    return time.perf_counter() - start


def torch_epoch(torch, net, X, y, batch_size: int, lr: float, seed: int) -> float:
    """Seconds for one epoch of the same network with torch.optim.SGD."""
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(seed)
    start = time.perf_counter()
    perm = torch.randperm(X.shape[0], generator=generator)
    for i in range(0, X.shape[0], batch_size):
        idx = perm[i : i + batch_size]
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(net(X[idx]), y[idx])
        loss.backward()
        optimizer.step()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument(
        "--threads",
        type=int,
        default=os.cpu_count(),
        help="threads for numpy's BLAS and for torch alike (default: one per CPU)",
    )
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=0.1)
    args = parser.parse_args(argv)

    import numpy as np
    import torch
    from threadpoolctl import threadpool_limits

    from nnkit.data import mnist_sample

    # the same number of threads on both sides, or the ratio measures the thread counts
    threadpool_limits(args.threads)
    torch.set_num_threads(args.threads)
    X, y = mnist_sample()
    X = np.ascontiguousarray(X, dtype=np.float32)
    mlp = reference("a2_backprop", "mlp")

    model = mlp.MLP([784, 256, 10], activation="relu", seed=0, dtype=np.float32)
    net = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    with torch.no_grad():  # same initial weights (torch stores W as (out, in))
        net[0].weight.copy_(torch.from_numpy(model.params["W1"].T.copy()))
        net[0].bias.copy_(torch.from_numpy(model.params["b1"]))
        net[2].weight.copy_(torch.from_numpy(model.params["W2"].T.copy()))
        net[2].bias.copy_(torch.from_numpy(model.params["b2"]))
    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y.astype(np.int64))

    # warm-up: first calls allocate and load BLAS kernels
    numpy_epoch(mlp, model, X[:640], y[:640], args.batch_size, args.lr, 0)
    torch_epoch(torch, net, X_t[:640], y_t[:640], args.batch_size, args.lr, 0)

    numpy_times, torch_times = [], []
    for repeat in range(args.repeats):  # interleaved so that machine noise hits both
        numpy_times.append(numpy_epoch(mlp, model, X, y, args.batch_size, args.lr, repeat))
        torch_times.append(torch_epoch(torch, net, X_t, y_t, args.batch_size, args.lr, repeat))
    t_numpy, t_torch = min(numpy_times), min(torch_times)
    accuracy = float(np.mean(model.predict(X) == y))
    print(
        f"MLP 784-256-10, batch {args.batch_size}, float32, {len(X)} images, "
        f"threads: numpy BLAS {args.threads}, torch {torch.get_num_threads()}"
    )
    print(f"numpy (reference) epoch: {t_numpy:.3f} s  (train accuracy {accuracy:.1%})")
    print(f"torch epoch:             {t_torch:.3f} s")
    print(verdict("mlp_epoch_f32", t_numpy / t_torch))


if __name__ == "__main__":
    main()
