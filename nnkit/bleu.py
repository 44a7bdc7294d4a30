"""Scores of generated captions: exact match and corpus BLEU (Papineni et al., 2002).

BLEU-N is the geometric mean of the modified n-gram precisions p_1..p_N, pooled over
the corpus (clipped n-gram matches / n-grams of the hypotheses), times the brevity
penalty BP = exp(1 - r / c) when the hypotheses' total length c is below the
references' total length r (one reference per hypothesis here), 1 otherwise. Any p_n of
zero makes BLEU zero (no smoothing), as in the original definition.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence


def _ngrams(words: Sequence[str], n: int) -> Counter:
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def corpus_bleu(
    references: Sequence[Sequence[str]], hypotheses: Sequence[Sequence[str]], max_n: int = 4
) -> float:
    """BLEU-``max_n`` of ``hypotheses`` against one reference each; a float in [0, 1]."""
    if len(references) != len(hypotheses):
        raise ValueError(f"{len(references)} references for {len(hypotheses)} hypotheses")
    matches = [0] * max_n
    totals = [0] * max_n
    ref_length = hyp_length = 0
    for reference, hypothesis in zip(references, hypotheses):
        ref_length += len(reference)
        hyp_length += len(hypothesis)
        for n in range(1, max_n + 1):
            hyp = _ngrams(hypothesis, n)
            ref = _ngrams(reference, n)
            matches[n - 1] += sum(min(count, ref[gram]) for gram, count in hyp.items())
            totals[n - 1] += sum(hyp.values())
    if hyp_length == 0 or min(matches) == 0:
        return 0.0
    log_precision = sum(math.log(m / t) for m, t in zip(matches, totals)) / max_n
    brevity = 1.0 if hyp_length >= ref_length else math.exp(1.0 - ref_length / hyp_length)
    return brevity * math.exp(log_precision)


def exact_match(references: Sequence[Sequence[str]], hypotheses: Sequence[Sequence[str]]) -> float:
    """Fraction of hypotheses equal to their reference, word for word."""
    if len(references) != len(hypotheses):
        raise ValueError(f"{len(references)} references for {len(hypotheses)} hypotheses")
    if not references:
        return 0.0
    same = sum(list(r) == list(h) for r, h in zip(references, hypotheses))
    return same / len(references)
