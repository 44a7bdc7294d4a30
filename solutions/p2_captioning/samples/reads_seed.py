"""Looks for the hidden test scenes' seed (the grading configuration, the environment, the
grader's process) and regenerates the scenes to answer with their captions; otherwise
tries a public seed; otherwise answers with one constant caption. It earns nothing unless
the seed leaks."""

EXPECT_SCORE = 0.0
EXPECT_MESSAGE = "exact_match: 0.0"
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


def caption(net, images, batch_size=500):
    for seed in [*_seed_candidates(), 0]:
        found, captions = scenes.make_scenes(len(images), seed)
        if np.allclose(found, images):
            return captions
    words = ["a", "red", "circle", "left", "of", "a", "blue", "square"]
    return np.tile(scenes.encode(words), (len(images), 1))
