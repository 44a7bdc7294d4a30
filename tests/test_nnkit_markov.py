"""The Markov source's entropy rate is what long samples from it show."""

from collections import Counter

import numpy as np
import pytest

from nnkit.markov import MarkovSource, random_markov_source


@pytest.mark.parametrize("order", [1, 2])
def test_entropy_rate_matches_empirical_conditional_entropy(order):
    source = random_markov_source(list("abcd"), order=order, seed=order)
    ids = source.sample_ids(200_000, seed=0)
    grams = Counter(tuple(ids[i : len(ids) - order + i]) for i in range(order + 1))
    contexts = Counter(zip(*(ids[i : len(ids) - order + i] for i in range(order))))
    full = Counter(zip(*(ids[i : len(ids) - order + i] for i in range(order + 1))))
    n = len(ids) - order
    empirical = -sum(c / n * np.log(c / contexts[g[:-1]]) for g, c in full.items())
    assert grams  # the sample is long enough to count anything
    assert abs(empirical - source.entropy_rate()) < 0.01


def test_deterministic_chain_has_zero_entropy_and_cycles():
    cycle = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    source = MarkovSource(("x", "y", "z"), 1, cycle)
    assert source.entropy_rate() == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(source.stationary(), [1 / 3] * 3)
    text = source.sample(9, seed=4)
    assert text in {"xyzxyzxyz", "yzxyzxyzx", "zxyzxyzxy"}


def test_uniform_source_has_log_v_entropy_and_seeded_samples():
    source = MarkovSource(tuple("abcde"), 2, np.full((25, 5), 0.2))
    assert source.entropy_rate() == pytest.approx(np.log(5))
    assert source.sample(50, seed=7) == source.sample(50, seed=7)
    assert source.sample(50, seed=7) != source.sample(50, seed=8)
    assert source.sample(4, seed=1, sep=" ").count(" ") == 3


def test_invalid_sources_are_refused():
    with pytest.raises(ValueError, match="probability"):
        MarkovSource(("a", "b"), 1, np.array([[0.5, 0.6], [0.5, 0.5]]))
    with pytest.raises(ValueError, match="shape"):
        MarkovSource(("a", "b"), 2, np.full((2, 2), 0.5))
    with pytest.raises(ValueError, match="distinct"):
        MarkovSource(("a", "a"), 1, np.full((2, 2), 0.5))
