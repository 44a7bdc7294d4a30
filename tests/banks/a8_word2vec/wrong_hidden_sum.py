"""h is the sum of the context words' input vectors, not their mean (forgets 1/C)."""

LOSES = ["q1"]


def cbow_hidden(W, context):
    return W[context].sum(axis=1)
