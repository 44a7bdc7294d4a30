"""The speed goals of the reference solutions, in one table, and the line each benchmark prints.

A goal is an upper bound on a time ratio, reference (numpy) over its peer (PyTorch on the
CPU, or gensim for word2vec), both measured in the same run with the same thread count.
The benchmarks import this table; nothing else holds a goal. Benchmarks report, they never
fail a build: a goal not met is printed as NOT MET and the script still exits 0.
"""

from __future__ import annotations

# key: (label printed, goal: at most this ratio, peer)
GOALS: dict[str, tuple[str, float, str]] = {
    # assignment 6 (issue "Performance"); benchmarks/bench_conv.py, one thread each
    "conv_f32": ("conv 64x16x14x14 * 32x16x3x3 pad 1 f32", 1.2, "torch"),
    "conv_f64": ("conv 64x16x14x14 * 32x16x3x3 pad 1 f64", 1.3, "torch"),
    "conv_1ch_f32": ("conv 64x1x28x28 * 8x1x3x3 pad 1 f32", 0.6, "torch"),
    "max_pool_f32": ("max-pool 2x2 stride 2 64x16x28x28 f32", 0.5, "torch"),
    "cnn_epoch_f32": ("small CNN epoch MNIST-5k f32", 1.2, "torch"),
    # assignment 2; benchmarks/bench_mlp.py, one thread per CPU each
    "mlp_epoch_f32": ("MLP 784-256-10 epoch MNIST-5k f32", 0.4, "torch"),
    # assignment 7; benchmarks/bench_rnn.py
    "lstm_f32": ("LSTM T=50 N=32 64->128 fwd+BPTT f32", 1.5, "torch"),
    "lstm_f64": ("LSTM T=50 N=32 64->128 fwd+BPTT f64", 0.8, "torch"),
    # assignment 8; benchmarks/bench_word2vec.py: time per word, reference over gensim
    "word2vec_cbow": ("word2vec CBOW time per word", 4.0, "gensim"),
}


def verdict(key: str, ratio: float) -> str:
    """One line: the case, its ratio next to its goal, and MET or NOT MET."""
    label, bound, peer = GOALS[key]
    met = "MET" if ratio <= bound else "NOT MET"
    return f"{label}: {ratio:.2f}x {peer} (goal <= {bound}x) {met}"
