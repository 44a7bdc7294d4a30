"""Speed of assignment 6's reference layers as ratios against PyTorch CPU, in the same run.

    python benchmarks/bench_conv.py                      # tuned allocator (see below)
    python benchmarks/bench_conv.py --allocator default  # glibc's defaults, for comparison

Cases (issue "Performance"; goals in benchmarks/goals.py, the one table of them):
- conv fwd+bwd, x (64,16,14,14), w (32,16,3,3), pad 1, float32 and float64;
- conv fwd+bwd, x (64,1,28,28), w (8,1,3,3), pad 1, float32;
- max-pool 2x2 stride 2 fwd+bwd, x (64,16,28,28), float32;
- one epoch (batch 64, SGD) of the small CNN conv 1->16, ReLU, pool, conv 16->32, ReLU, pool,
  fc 32*7*7->10 on the 5,000 MNIST digits, float32 (numpy model of the reference layers
  against the same model in torch.nn).

Profile (--profile, on in ``make bench``): the reference conv layer split into its three
matrix products and the rest (building the im2col columns, col2im, moving the image axis),
next to torch's whole layer. In float32 torch runs oneDNN's direct convolution
(aten::mkldnn_convolution), which never builds the columns; in float64 it runs im2col and a
matrix product per image (aten::_slow_conv2d_forward/backward), much as the reference does.

Allocator: numpy allocates fresh temporaries for every call; glibc serves blocks above
MALLOC_MMAP_THRESHOLD_ (128 KiB by default) with mmap and gives them back at free, so each
call page-faults its buffers in again, which dominates layers this small. "tuned" (the default)
re-executes this script with MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_ raised so that
freed blocks are reused; torch, whose CPU allocator also goes through malloc, gets the same
setting. The header prints the settings and thread counts used. Times are the median of
interleaved repeats (numpy, torch, numpy, ...), so that load from other processes hits both.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as tf
from goals import verdict

from nnkit.grading import reference

TUNED_ENV = {"MALLOC_MMAP_THRESHOLD_": str(1 << 30), "MALLOC_TRIM_THRESHOLD_": str(1 << 31)}


L = reference("a6_cnn", "cnn_layers")


def interleaved(fns: dict[str, Callable[[], object]], repeats: int) -> dict[str, list[float]]:
    """Seconds of each of ``fns``, run in turn ``repeats`` times after one warm-up each, so
    that load from other work hits them all alike."""
    for fn in fns.values():
        fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return times


def compare(numpy_fn: Callable[[], object], torch_fn: Callable[[], object], repeats: int):
    """Seconds of numpy_fn and torch_fn, measured alternately: the median of each (the
    ratio the goals use) and the best of each (the least disturbed by other work, printed
    next to it on a shared machine)."""
    times = interleaved({"numpy": numpy_fn, "torch": torch_fn}, repeats)
    median = statistics.median(times["numpy"]), statistics.median(times["torch"])
    return median, (min(times["numpy"]), min(times["torch"]))


def conv_case(x_shape, w_shape, dtype, repeats: int):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(x_shape).astype(dtype)
    w = rng.standard_normal(w_shape).astype(dtype)
    b = rng.standard_normal(w_shape[0]).astype(dtype)
    dout = rng.standard_normal((x_shape[0], w_shape[0], x_shape[2], x_shape[3])).astype(dtype)

    def numpy_fn():
        _, cache = L.conv_forward_fast(x, w, b, 1, 1)
        return L.conv_backward_fast(dout, cache)

    xt, wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    dout_t = torch.tensor(dout)

    def torch_fn():
        tf.conv2d(xt, wt, bt, padding=1).backward(dout_t)

    return compare(numpy_fn, torch_fn, repeats)


def conv_profile(x_shape, w_shape, dtype, repeats: int) -> str:
    """Where the reference conv layer's time goes, next to torch's whole layer.

    Times, interleaved and each the median of ``repeats``: the reference layer (forward and
    backward), its three matrix products alone (out = W2 @ cols, dW2 = dout2 @ cols.T,
    dcols = W2.T @ dout2, on the layer's own arrays), and torch's conv2d forward and backward.
    The products are the floor of any im2col layer; what is left is the data movement that
    the im2col layout costs (building cols, col2im, moving the image axis).
    """
    rng = np.random.default_rng(0)
    x = rng.standard_normal(x_shape).astype(dtype)
    w = rng.standard_normal(w_shape).astype(dtype)
    b = rng.standard_normal(w_shape[0]).astype(dtype)
    dout = rng.standard_normal((x_shape[0], w_shape[0], x_shape[2], x_shape[3])).astype(dtype)
    _, (_, cols, _, _, _) = L.conv_forward_fast(x, w, b, 1, 1)
    w2 = w.reshape(w_shape[0], -1)
    dout2 = np.ascontiguousarray(dout.transpose(1, 2, 3, 0).reshape(w_shape[0], -1))
    xt, wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    dout_t = torch.tensor(dout)

    def layer():
        _, cache = L.conv_forward_fast(x, w, b, 1, 1)
        L.conv_backward_fast(dout, cache)

    def products():
        w2 @ cols
        dout2 @ cols.T
        w2.T @ dout2

    def torch_layer():
        tf.conv2d(xt, wt, bt, padding=1).backward(dout_t)

    times = interleaved({"layer": layer, "products": products, "torch": torch_layer}, repeats)
    t = {name: statistics.median(ts) for name, ts in times.items()}
    return (
        f"  profile: reference {t['layer'] * 1e3:.2f} ms = 3 matrix products "
        f"{t['products'] * 1e3:.2f} ms + the rest {(t['layer'] - t['products']) * 1e3:.2f} ms; "
        f"torch's whole layer {t['torch'] * 1e3:.2f} ms; the products alone "
        f"{t['products'] / t['torch']:.2f}x torch"
    )


def max_pool_case(repeats: int):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((64, 16, 28, 28)).astype(np.float32)
    dout = rng.standard_normal((64, 16, 14, 14)).astype(np.float32)

    def numpy_fn():
        _, cache = L.max_pool_forward(x, 2, 2, 2)
        return L.max_pool_backward(dout, cache)

    xt = torch.tensor(x, requires_grad=True)
    dout_t = torch.tensor(dout)

    def torch_fn():
        tf.max_pool2d(xt, 2, 2).backward(dout_t)

    return compare(numpy_fn, torch_fn, repeats)


def mnist_images() -> tuple[np.ndarray, np.ndarray]:
    from nnkit.data import mnist_sample

    X, y = mnist_sample()
    return np.asarray(X, dtype=np.float32).reshape(-1, 1, 28, 28), np.asarray(y, dtype=np.int64)


class NumpySmallCNN:
    """conv 1->16, ReLU, pool, conv 16->32, ReLU, pool, fc 32*7*7->10; plain SGD."""

    def __init__(self, rng: np.random.Generator, lr: float = 0.05) -> None:
        def he(*shape: int) -> np.ndarray:
            return (rng.standard_normal(shape) * np.sqrt(2.0 / np.prod(shape[1:]))).astype(
                np.float32
            )

        self.params = {
            "w1": he(16, 1, 3, 3),
            "b1": np.zeros(16, np.float32),
            "w2": he(32, 16, 3, 3),
            "b2": np.zeros(32, np.float32),
            "w3": he(10, 32 * 7 * 7).T.copy(),  # (D, M) layout: scores = flat @ w3
            "b3": np.zeros(10, np.float32),
        }
        self.lr = lr

    def step(self, x: np.ndarray, y: np.ndarray) -> float:
        p = self.params
        a1, c1 = L.conv_forward_fast(x, p["w1"], p["b1"], 1, 1)
        r1 = np.maximum(a1, 0)
        h1, cp1 = L.max_pool_forward(r1, 2, 2, 2)
        a2, c2 = L.conv_forward_fast(h1, p["w2"], p["b2"], 1, 1)
        r2 = np.maximum(a2, 0)
        h2, cp2 = L.max_pool_forward(r2, 2, 2, 2)
        flat = h2.reshape(len(x), -1)
        scores = flat @ p["w3"] + p["b3"]
        # Softmax cross-entropy, shifted by the row maximum for stability.
        shifted = scores - scores.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        loss = -log_probs[np.arange(len(y)), y].mean()
        dscores = np.exp(log_probs)
        dscores[np.arange(len(y)), y] -= 1
        dscores /= len(y)
        grads = {"w3": flat.T @ dscores, "b3": dscores.sum(axis=0)}
        dh2 = (dscores @ p["w3"].T).reshape(h2.shape)
        # ReLU's backward in place on the fresh pooling gradient: no extra temporary
        da2 = L.max_pool_backward(dh2, cp2)
        da2 *= a2 > 0
        dh1, grads["w2"], grads["b2"] = L.conv_backward_fast(da2, c2)
        da1 = L.max_pool_backward(dh1, cp1)
        da1 *= a1 > 0
        _, grads["w1"], grads["b1"] = L.conv_backward_fast(da1, c1)
        for name, g in grads.items():
            p[name] -= self.lr * g
        return float(loss)


def torch_small_cnn() -> torch.nn.Module:
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 3, padding=1),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(16, 32, 3, padding=1),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Linear(32 * 7 * 7, 10),
    )


def epoch_case(repeats: int, batch_size: int = 64):
    X, y = mnist_images()
    rng = np.random.default_rng(2)
    order = rng.permutation(len(X))
    numpy_model = NumpySmallCNN(rng)
    torch.manual_seed(2)
    torch_model = torch_small_cnn()
    optimizer = torch.optim.SGD(torch_model.parameters(), lr=0.05)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    batches = [order[s : s + batch_size] for s in range(0, len(X), batch_size)]

    def numpy_fn():
        return [numpy_model.step(X[b], y[b]) for b in batches]

    def torch_fn():
        losses = []
        for b in batches:
            bt = torch.from_numpy(b)
            optimizer.zero_grad()
            loss = tf.cross_entropy(torch_model(Xt[bt]), yt[bt])
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        return losses

    return compare(numpy_fn, torch_fn, repeats)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--allocator", choices=["tuned", "default"], default="tuned")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--epoch-repeats", type=int, default=3)
    parser.add_argument(
        "--threads",
        type=int,
        default=0,
        help="threads for numpy's BLAS and for torch alike (0: leave both at their defaults); "
        "1 gives steadier numbers on a machine shared with other work",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="after each conv case, split the reference's time into its matrix products and "
        "the rest, next to torch's whole layer",
    )
    args = parser.parse_args()
    if args.allocator == "tuned" and any(os.environ.get(k) != v for k, v in TUNED_ENV.items()):
        # glibc reads these variables once, at start-up: start again with them set.
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, **TUNED_ENV})

    if args.threads:
        from threadpoolctl import threadpool_limits

        threadpool_limits(args.threads)
        torch.set_num_threads(args.threads)
    try:
        from threadpoolctl import threadpool_info

        blas_threads = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
    except ImportError:  # only for the header
        blas_threads = "?"
    print(f"allocator: {args.allocator}", {k: os.environ.get(k) for k in TUNED_ENV})
    print(
        f"numpy {np.__version__} (BLAS threads {blas_threads}), torch {torch.__version__} "
        f"(threads {torch.get_num_threads()}), {os.cpu_count()} CPUs"
    )
    convs = {
        "conv_f32": ((64, 16, 14, 14), (32, 16, 3, 3), np.float32),
        "conv_f64": ((64, 16, 14, 14), (32, 16, 3, 3), np.float64),
        "conv_1ch_f32": ((64, 1, 28, 28), (8, 1, 3, 3), np.float32),
    }
    cases = [(key, lambda r, case=case: conv_case(*case, r)) for key, case in convs.items()]
    cases += [("max_pool_f32", max_pool_case), ("cnn_epoch_f32", epoch_case)]
    for key, run in cases:
        repeats = args.epoch_repeats if "epoch" in key else args.repeats
        (t_numpy, t_torch), (best_numpy, best_torch) = run(repeats)
        print(
            f"{verdict(key, t_numpy / t_torch)}  [medians: numpy {t_numpy * 1e3:.2f} ms, "
            f"torch {t_torch * 1e3:.2f} ms; best of {repeats}: {best_numpy / best_torch:.2f}x]",
            flush=True,
        )
        if args.profile and key in convs:
            print(conv_profile(*convs[key], args.repeats), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
