"""Text from a Markov source whose statistics are known exactly.

Language-model questions need a corpus whose best achievable cross-entropy is known, so
that a test can ask "did the model learn what there is to learn" rather than compare with
another model. An order-k Markov source over a small alphabet gives exactly that: its
entropy rate H = -Σ_c π(c) Σ_x P(x | c) log P(x | c) (nats per symbol, π the stationary
distribution of the contexts) is the cross-entropy of the true model, and no model can do
better on long held-out text from the source.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["MarkovSource", "random_markov_source"]


@dataclass(frozen=True)
class MarkovSource:
    """An order-``order`` Markov chain over ``symbols``.

    Attributes:
        symbols: the alphabet, V distinct tokens (characters or words).
        order: k >= 1, how many previous symbols the next one depends on.
        transitions: (V**k, V) array; row ``context_index(c)`` is P(next | context c).
            Rows are probability vectors.
    """

    symbols: tuple[str, ...]
    order: int
    transitions: np.ndarray

    def __post_init__(self) -> None:
        v = len(self.symbols)
        if len(set(self.symbols)) != v or v < 2:
            raise ValueError("symbols must be at least two distinct tokens")
        if self.order < 1:
            raise ValueError(f"order must be >= 1, got {self.order}")
        p = np.asarray(self.transitions, dtype=np.float64)
        if p.shape != (v**self.order, v):
            raise ValueError(f"transitions has shape {p.shape}, expected {(v**self.order, v)}")
        if (p < 0).any() or not np.allclose(p.sum(axis=1), 1.0):
            raise ValueError("every row of transitions must be a probability vector")
        object.__setattr__(self, "transitions", p)

    @property
    def vocab_size(self) -> int:
        return len(self.symbols)

    def context_index(self, context: Sequence[int]) -> int:
        """Row of ``transitions`` for the last ``order`` symbol ids (oldest first)."""
        index = 0
        for symbol in context[-self.order :]:
            index = index * self.vocab_size + int(symbol)
        return index

    def stationary(self) -> np.ndarray:
        """(V**k,) stationary distribution of the contexts (the chain on k-tuples)."""
        v, k = self.vocab_size, self.order
        n = v**k
        # context c = (s_1..s_k) moves to (s_2..s_k, x) with probability P(x | c)
        chain = np.zeros((n, n))
        shift = (np.arange(n) % (v ** (k - 1))) * v
        for x in range(v):
            chain[np.arange(n), shift + x] += self.transitions[:, x]
        values, vectors = np.linalg.eig(chain.T)
        pi = np.real(vectors[:, np.argmin(np.abs(values - 1.0))])
        pi = np.abs(pi)
        return pi / pi.sum()

    def entropy_rate(self) -> float:
        """H in nats per symbol: the cross-entropy of the true model on long text."""
        p = self.transitions
        with np.errstate(divide="ignore", invalid="ignore"):
            row_entropy = -np.where(p > 0, p * np.log(p), 0.0).sum(axis=1)
        return float(self.stationary() @ row_entropy)

    def sample_ids(self, length: int, seed: int | np.random.Generator) -> np.ndarray:
        """(length,) int64 symbol ids; the first ``order`` come from the stationary law."""
        rng = np.random.default_rng(seed)
        v, k = self.vocab_size, self.order
        start = rng.choice(v**k, p=self.stationary())
        ids = np.empty(max(length, k), dtype=np.int64)
        for i in range(k):
            ids[k - 1 - i] = (start // v**i) % v
        # rows as Python lists and bisect: the same index as np.searchsorted(side="right")
        # for the same float64 values, without numpy's per-call cost in this loop
        cumulative = np.cumsum(self.transitions, axis=1).tolist()
        draws = rng.random(max(length - k, 0)).tolist()
        context, contexts = int(start), v**k
        for t, u in enumerate(draws, start=k):
            x = min(bisect.bisect_right(cumulative[context], u), v - 1)
            ids[t] = x
            context = (context * v + x) % contexts
        return ids[:length]

    def sample(self, length: int, seed: int | np.random.Generator, sep: str = "") -> str:
        """``length`` symbols joined by ``sep`` ("" for characters, " " for words)."""
        return sep.join(self.symbols[i] for i in self.sample_ids(length, seed))


def random_markov_source(
    symbols: Sequence[str],
    order: int = 1,
    seed: int | np.random.Generator = 0,
    concentration: float = 0.3,
) -> MarkovSource:
    """A source with Dirichlet(concentration) rows: small values give peaked, learnable rows.

    Args:
        symbols: the alphabet (e.g. ``list("abcdefgh ")``).
        order: how many previous symbols matter (2 makes a bigram model insufficient).
        seed: seed or generator for the rows.
        concentration: Dirichlet parameter of every row; every entry is kept >= 1e-3 so
            that every transition is possible and the chain is ergodic.
    """
    rng = np.random.default_rng(seed)
    v = len(symbols)
    rows = rng.dirichlet(np.full(v, concentration), size=v**order)
    rows = np.maximum(rows, 1e-3)
    rows /= rows.sum(axis=1, keepdims=True)
    return MarkovSource(tuple(symbols), order, rows)
