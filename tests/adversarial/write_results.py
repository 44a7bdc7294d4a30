"""Wrong add(), then writes a full-marks results.json wherever it might be."""

import json

_FAKE = json.dumps({"score": 1000, "tests": [], "output": "PWNED_RESULTS"})


def _write():
    for path in [
        "__RESULTS__",
        "/autograder/results/results.json",
        "results.json",
        "../results.json",
    ]:
        try:
            with open(path, "w") as f:
                f.write(_FAKE)
        except OSError:
            pass


_write()


def add(a, b):
    _write()
    return a * b
