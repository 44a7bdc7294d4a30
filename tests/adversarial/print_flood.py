"""50 MB of output at import and 50 MB more inside echo(); the answers are right."""

import sys

_LINE = "x" * 999 + "\n"
for _ in range(25_000):
    sys.stdout.write(_LINE)


def echo(s):
    for _ in range(25_000):
        sys.stderr.write(_LINE)
    return s
