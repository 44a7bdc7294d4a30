"""Batch grading throughput: submissions per minute through the hardened runner.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_batch.py --assignment a1_perceptron -n 12 -j 2

Builds ``n`` submissions of the assignment (cycling reference, stub and the bundled
samples), grades them with ``python -m autograder.batch`` and prints the wall time and
submissions per minute. A benchmark, not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from autograder.assignments import load  # noqa: E402
from autograder.course import sample_sources  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--assignment", default="a1_perceptron")
    p.add_argument("-n", type=int, default=12)
    p.add_argument("-j", type=int, default=2)
    args = p.parse_args()
    assignment = load(args.assignment)
    samples = list(sample_sources(assignment).items())
    with tempfile.TemporaryDirectory() as tmp:
        subs = Path(tmp) / "submissions"
        for i in range(args.n):
            name, modules = samples[i % len(samples)]
            folder = subs / f"student{i:03d}_{name}"
            folder.mkdir(parents=True)
            for module, source in modules.items():
                (folder / f"{module}.py").write_text(source)
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "autograder.batch",
                "--assignment",
                args.assignment,
                str(subs),
                "-j",
                str(args.j),
                "--out",
                str(Path(tmp) / "out"),
            ],
            check=True,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
        )
        wall = time.perf_counter() - start
    print(
        f"{args.assignment}: {args.n} submissions, -j {args.j}: {wall:.1f} s wall, "
        f"{args.n / wall * 60:.1f} submissions/minute"
    )


if __name__ == "__main__":
    main()
