"""Scenes of coloured shapes on a grid, each with its caption (学习生成图像描述).

The data of the image-captioning project: a 32x32 RGB image holds two shapes in two cells
of a 2x2 grid that share a row or a column, and its caption follows a small grammar,
"a red circle left of a blue square" (the left shape first) or "a green triangle above a
white circle" (the upper shape first). Captions are token ids framed by the special
tokens START and END, as in the lecture, and padded with PAD to ``MAX_LEN``. Everything
is generated from a seed: no file, no download; the same seed gives the same scenes.
"""

from __future__ import annotations

import numpy as np

COLOURS: dict[str, tuple[float, float, float]] = {
    "red": (1.0, 0.1, 0.1),
    "green": (0.1, 0.9, 0.1),
    "blue": (0.2, 0.3, 1.0),
    "yellow": (1.0, 0.9, 0.1),
    "white": (0.95, 0.95, 0.95),
}
SHAPES: tuple[str, ...] = ("circle", "square", "triangle")
PAD, START, END = 0, 1, 2
VOCAB: tuple[str, ...] = (
    "<pad>",
    "<start>",
    "<end>",
    "a",
    "left",
    "of",
    "above",
    *COLOURS,
    *SHAPES,
)
WORD_ID: dict[str, int] = {word: i for i, word in enumerate(VOCAB)}
IMAGE_SIZE = 32
GRID = 2
CELL = 16
# START + "a red circle left of a blue square" (8 words) + END
MAX_LEN = 10


def caption_words(first: tuple[str, str], second: tuple[str, str], horizontal: bool) -> list[str]:
    """The caption of a scene: ``first`` is left of (or above) ``second``; each is
    (colour, shape)."""
    relation = ["left", "of"] if horizontal else ["above"]
    return ["a", *first, *relation, "a", *second]


def encode(words: list[str]) -> np.ndarray:
    """Token ids of a caption: START, the words, END, then PAD up to ``MAX_LEN``; (MAX_LEN,)."""
    ids = [START, *(WORD_ID[w] for w in words), END]
    if len(ids) > MAX_LEN:
        raise ValueError(f"a caption of {len(words)} words is longer than MAX_LEN allows")
    return np.array(ids + [PAD] * (MAX_LEN - len(ids)), dtype=np.int64)


def decode(ids: np.ndarray | list[int]) -> list[str]:
    """The words of a token sequence: a leading START is skipped, reading stops at the
    first END or PAD; an id outside the vocabulary reads as "<unk>"."""
    words = []
    for position, token in enumerate(int(t) for t in np.asarray(ids).reshape(-1)):
        if position == 0 and token == START:
            continue
        if token in (END, PAD):
            break
        words.append(VOCAB[token] if 0 <= token < len(VOCAB) else "<unk>")
    return words


def _draw(
    images: np.ndarray,
    centres: np.ndarray,
    radii: np.ndarray,
    shapes: np.ndarray,
    colours: np.ndarray,
) -> None:
    """Paint one shape per image in place. images (n, 3, S, S); centres (n, 2) as (row,
    col); radii (n,); shapes (n,) indices into SHAPES; colours (n, 3)."""
    grid = np.arange(IMAGE_SIZE, dtype=np.float32)
    dy = grid[None, :, None] - centres[:, 0, None, None]
    dx = grid[None, None, :] - centres[:, 1, None, None]
    r = radii[:, None, None]
    circle = dx**2 + dy**2 <= r**2
    square = (np.abs(dx) <= r - 0.5) & (np.abs(dy) <= r - 0.5)
    triangle = (dy >= -r) & (dy <= r) & (np.abs(dx) <= (dy + r) / 2)
    kind = shapes[:, None, None]
    mask = np.where(kind == 0, circle, np.where(kind == 1, square, triangle))
    images[:] = np.where(mask[:, None], colours[:, :, None, None], images)


def make_scenes(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` scenes and their captions, from ``seed``.

    Returns:
        images: (n, 3, 32, 32) float32 in [0, 1] (channels first, as torch's Conv2d reads);
        captions: (n, MAX_LEN) int64 token ids, START ... END then PAD.
    """
    rng = np.random.default_rng(seed)
    horizontal = rng.random(n) < 0.5
    line = rng.integers(0, GRID, n)
    # two distinct ordered positions along the row (or column)
    first = rng.integers(0, GRID - 1, n)
    second = first + 1 + (rng.random(n) * (GRID - 1 - first)).astype(np.int64)
    cells = np.stack(
        [
            np.where(horizontal, line, first),
            np.where(horizontal, first, line),
            np.where(horizontal, line, second),
            np.where(horizontal, second, line),
        ],
        axis=1,
    ).reshape(n, 2, 2)
    centres = (cells * CELL + CELL / 2 + rng.uniform(-1.5, 1.5, (n, 2, 2))).astype(np.float32)
    radii = rng.choice(np.array([4.5, 5.0, 5.5], dtype=np.float32), (n, 2))
    shapes = rng.integers(0, len(SHAPES), (n, 2))
    colour_ids = rng.integers(0, len(COLOURS), (n, 2))
    palette = np.array(list(COLOURS.values()), dtype=np.float32)
    brightness = rng.uniform(0.75, 1.0, (n, 2, 1)).astype(np.float32)
    colours = palette[colour_ids] * brightness
    images = np.zeros((n, 3, IMAGE_SIZE, IMAGE_SIZE), dtype=np.float32)
    for k in range(2):
        _draw(images, centres[:, k], radii[:, k], shapes[:, k], colours[:, k])
    images += 0.05 * rng.standard_normal(images.shape, dtype=np.float32)
    np.clip(images, 0.0, 1.0, out=images)
    names = list(COLOURS)
    captions = (
        np.stack(
            [
                encode(
                    caption_words(
                        (names[colour_ids[i, 0]], SHAPES[shapes[i, 0]]),
                        (names[colour_ids[i, 1]], SHAPES[shapes[i, 1]]),
                        bool(horizontal[i]),
                    )
                )
                for i in range(n)
            ]
        )
        if n
        else np.zeros((0, MAX_LEN), dtype=np.int64)
    )
    return images, captions
