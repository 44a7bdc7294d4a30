"""Counts active inputs and ignores the weights: net_j = Σ_i o_i."""

LOSES = ["q1"]


def threshold_unit(o, w, T):
    return (np.asarray(o).sum(axis=1) >= T).astype(int)
