"""The final projects' data and metrics: MNIST-1D with a seed, generated scenes, BLEU."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from nnkit import bleu, mnist1d, scenes


def test_mnist1d_is_seeded_balanced_and_leaves_global_generators_alone():
    np.random.seed(5)
    random.seed(5)
    before = (np.random.random(), random.random())
    np.random.seed(5)
    random.seed(5)
    x, y = mnist1d.make(100, seed=3)
    assert (np.random.random(), random.random()) == before
    assert x.shape == (100, mnist1d.LENGTH) and x.dtype == np.float32
    assert np.bincount(y, minlength=10).tolist() == [10] * 10
    again, _ = mnist1d.make(100, seed=3)
    other, _ = mnist1d.make(100, seed=4)
    assert np.array_equal(x, again) and not np.allclose(x, other)
    with pytest.raises(ValueError, match="multiple of 10"):
        mnist1d.make(15, seed=0)


def test_scenes_are_seeded_and_captions_follow_the_grammar():
    images, captions = scenes.make_scenes(50, seed=7)
    assert images.shape == (50, 3, 32, 32) and images.dtype == np.float32
    assert images.min() >= 0 and images.max() <= 1
    assert captions.shape == (50, scenes.MAX_LEN) and captions.dtype == np.int64
    assert np.array_equal(images, scenes.make_scenes(50, seed=7)[0])
    for row in captions:
        assert row[0] == scenes.START and scenes.END in row
        words = scenes.decode(row)
        relation = words[3:5] if words[3] == "left" else words[3:4]
        assert relation in (["left", "of"], ["above"])
        first, second = words[:3], words[len(relation) + 3 :]
        for article, colour, shape in (first, second):
            assert article == "a" and colour in scenes.COLOURS and shape in scenes.SHAPES
        assert np.array_equal(scenes.encode(words), row)


def test_scene_relation_matches_where_the_shapes_are():
    """'left of' scenes have both shapes in one band of rows, 'above' in one of columns."""
    images, captions = scenes.make_scenes(40, seed=8)
    for image, row in zip(images, captions):
        ys, xs = np.nonzero(image.max(axis=0) > 0.5)
        horizontal = scenes.decode(row)[3] == "left"
        spread_rows, spread_cols = np.ptp(ys), np.ptp(xs)
        if horizontal:
            assert spread_rows < scenes.CELL < spread_cols
        else:
            assert spread_cols < scenes.CELL < spread_rows


def test_bleu_follows_its_definition():
    ref = [["a", "red", "circle", "left", "of", "a", "blue", "square"]]
    assert bleu.corpus_bleu(ref, ref) == pytest.approx(1.0)
    assert bleu.exact_match(ref, ref) == 1.0
    # a prefix: every n-gram matches, only the brevity penalty exp(1 - r/c) is left
    prefix = [ref[0][:6]]
    assert bleu.corpus_bleu(ref, prefix) == pytest.approx(math.exp(1 - 8 / 6))
    assert bleu.exact_match(ref, prefix) == 0.0
    # clipped counts: "a" four times matches the reference's two "a" only
    assert bleu.corpus_bleu(ref, [["a"] * 8], max_n=1) == pytest.approx(2 / 8)
    # no 4-gram in common: BLEU-4 is zero
    assert bleu.corpus_bleu(ref, [["a", "red", "square", "of", "blue", "circle"]]) == 0.0
    with pytest.raises(ValueError):
        bleu.corpus_bleu(ref, [])
