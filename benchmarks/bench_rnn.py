"""Speed of assignment 7's reference LSTM as a ratio against torch.nn.LSTM on the CPU.

    python benchmarks/bench_rnn.py               # numpy and torch at their default threads
    python benchmarks/bench_rnn.py --threads 1   # one thread each (steadier on a shared machine)

Case (issue "Performance"): LSTM forward + backpropagation through time, T = 50 steps,
N = 32 sequences, D = 64 inputs, H = 128 hidden units; gradients of the inputs, the initial
states and all weights. Goals (benchmarks/goals.py): a bound per dtype on the ratio to
the time of torch.nn.LSTM (batch_first) in the same process with the same thread count. Times
are the median of interleaved repeats (numpy, torch, numpy, ...), so that load from other
processes hits both; the header prints the thread counts used.
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
from goals import verdict

from nnkit.grading import reference

L = reference("a7_rnn", "rnn_layers")


def compare(numpy_fn: Callable[[], object], torch_fn: Callable[[], object], repeats: int):
    """Median seconds of numpy_fn and torch_fn, measured alternately after one warm-up each."""
    numpy_fn()
    torch_fn()
    times: dict[str, list[float]] = {"numpy": [], "torch": []}
    for _ in range(repeats):
        for label, fn in (("numpy", numpy_fn), ("torch", torch_fn)):
            start = time.perf_counter()
            fn()
            times[label].append(time.perf_counter() - start)
    return statistics.median(times["numpy"]), statistics.median(times["torch"])


def lstm_case(dtype, repeats: int, N: int = 32, T: int = 50, D: int = 64, H: int = 128):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((N, T, D)).astype(dtype)
    s0 = rng.standard_normal((N, H)).astype(dtype)
    c0 = rng.standard_normal((N, H)).astype(dtype)
    U = (rng.standard_normal((D, 4 * H)) / np.sqrt(D)).astype(dtype)
    W = (rng.standard_normal((H, 4 * H)) / np.sqrt(H)).astype(dtype)
    b = np.zeros(4 * H, dtype=dtype)
    ds = rng.standard_normal((N, T, H)).astype(dtype)

    def numpy_fn():
        _, _, cache = L.lstm_forward(x, s0, c0, U, W, b)
        return L.lstm_backward(ds, cache)

    lstm = torch.nn.LSTM(D, H, batch_first=True, dtype=torch.from_numpy(x).dtype)
    xt = torch.tensor(x, requires_grad=True)
    s0t = torch.tensor(s0[None], requires_grad=True)
    c0t = torch.tensor(c0[None], requires_grad=True)
    dst = torch.tensor(ds)

    def torch_fn():
        lstm.zero_grad()
        out, _ = lstm(xt, (s0t, c0t))
        out.backward(dst)

    return compare(numpy_fn, torch_fn, repeats)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument(
        "--threads",
        type=int,
        default=0,
        help="threads for numpy's BLAS and for torch alike (0: leave both at their defaults)",
    )
    args = parser.parse_args()
    if args.threads:
        from threadpoolctl import threadpool_limits

        threadpool_limits(args.threads)
        torch.set_num_threads(args.threads)
    from threadpoolctl import threadpool_info

    blas_threads = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
    print(
        f"numpy {np.__version__} (BLAS threads {blas_threads}), torch {torch.__version__} "
        f"(threads {torch.get_num_threads()}), {os.cpu_count()} CPUs"
    )
    cases = [
        ("lstm_f32", lambda r: lstm_case(np.float32, r)),
        ("lstm_f64", lambda r: lstm_case(np.float64, r)),
    ]
    for key, run in cases:
        t_numpy, t_torch = run(args.repeats)
        print(
            f"{verdict(key, t_numpy / t_torch)}  [numpy {t_numpy * 1e3:.2f} ms, "
            f"torch {t_torch * 1e3:.2f} ms]",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
