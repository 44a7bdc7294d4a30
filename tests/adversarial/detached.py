"""Wrong add(), and detached processes that rewrite results.json after grading ends."""

import os
import subprocess
import sys

_CODE = r"""
import json, time
time.sleep(1.5)
for _ in range(100):
    try:
        with open("__RESULTS__", "w") as f:
            f.write(json.dumps({"score": 1000, "tests": [], "output": "PWNED_RESULTS"}))
    except OSError:
        pass
    time.sleep(0.1)
"""
subprocess.Popen(
    [sys.executable, "-c", _CODE],
    start_new_session=True,
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)
if os.fork() == 0:  # a classic double-fork daemon as well
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, "-c", _CODE])
    os._exit(0)


def add(a, b):
    return a * b
