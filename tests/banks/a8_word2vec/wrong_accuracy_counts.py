"""analogy_accuracy returns the number of correct answers, not the fraction."""

LOSES = ["q4"]
MODULE = "analogies"

import numpy as np


def analogy_accuracy(E, questions):
    questions = np.asarray(questions)
    if questions.ndim != 2 or questions.shape[1] != 4 or len(questions) == 0:
        raise ValueError("questions must be (Q, 4)")
    return float(np.sum(analogy(E, *questions[:, :3].T) == questions[:, 3]))
