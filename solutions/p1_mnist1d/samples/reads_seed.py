"""Looks for the hidden test set's seed (the grading configuration, the environment, the
grader's process) and regenerates the test set to answer with its labels; otherwise
tries a public seed; otherwise answers with constant labels. It earns nothing unless
the seed leaks."""

EXPECT_SCORE = 0.0
EXPECT_MESSAGE = "accuracy: 0.1"
WEIGHTS = "reference"


def _seed_candidates():
    import glob
    import os
    import re
    from pathlib import Path

    import nnkit

    texts = []
    repository = Path(nnkit.__file__).resolve().parents[1]
    paths = glob.glob(str(repository / "autograder" / "*" / "*.yml"))
    paths += glob.glob("/autograder/source/**/*.yml", recursive=True)
    paths += [f"/proc/{os.getppid()}/environ", f"/proc/{os.getppid()}/cmdline"]
    for path in paths:
        try:
            texts.append(Path(path).read_text(errors="replace"))
        except OSError:
            continue
    texts.append(" ".join(os.environ.values()))
    return sorted({int(s) for t in texts for s in re.findall(r"seed\D{0,4}(\d+)", t)})


def predict(net, x):
    from nnkit import mnist1d

    for seed in [*_seed_candidates(), 0]:
        if seed >= 2**32:
            continue
        xs, ys = mnist1d.make(len(x) - len(x) % 10, seed)
        if len(xs) == len(x) and np.allclose(xs, x):
            return ys
    return np.zeros(len(x), dtype=np.int64)
