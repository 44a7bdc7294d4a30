"""Negatives come from numpy's legacy global generator (np.random.seed + np.random.choice):
seeded, but not the documented draws, and it changes the global state."""

LOSES = ["q3"]

import numpy as np


def sample_negatives(noise, shape, rng):
    if isinstance(rng, np.random.Generator):
        return rng.choice(len(noise), size=shape, p=noise)
    np.random.seed(rng)
    return np.random.choice(len(noise), size=shape, p=noise)
