"""Batch grading throughput: submissions per minute through the hardened runner.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_batch.py --assignment a1_perceptron -n 12 -j 2
    PYTHONPATH=. .venv/bin/python benchmarks/bench_batch.py --cluster local -n 24 -j 2

Builds ``n`` submissions of the assignment (cycling reference, stub and the bundled
samples), grades them with ``python -m autograder.batch`` and prints the wall time and
submissions per minute. ``--cluster local`` grades the same submissions in the same run
with the local pool (``--cluster none``) and with a Dask LocalCluster of ``-j`` processes,
``--rounds`` times in alternation, and prints the ratio of their throughputs (the best round
of each). ``--cold`` also grades them with ``--cold`` (each submission by a fresh runner
process instead of a fork of the worker's warm grading process), alternating in the same
way, and prints the ratio. A benchmark, not a test: numbers depend on the machine.
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
    p.add_argument(
        "--cluster",
        default="none",
        choices=["none", "local"],
        help="local: compare the pool with a Dask LocalCluster in one run",
    )
    p.add_argument("--cold", action="store_true", help="compare with --cold in the same run")
    p.add_argument("--rounds", type=int, default=2, help="alternating rounds of a comparison")
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
        engines = ["none", "local"] if args.cluster == "local" else [args.cluster]
        variants = [(e, ["--cluster", e]) for e in engines]
        if args.cold:
            variants += [(f"{e} --cold", ["--cluster", e, "--cold"]) for e in engines]
        best: dict[str, float] = {}
        for round_ in range(args.rounds if len(variants) > 1 else 1):
            for i, (label, extra) in enumerate(variants):
                wall = _grade(args, subs, Path(tmp) / f"out-{i}-{round_}", extra)
                best[label] = min(best.get(label, wall), wall)
                print(
                    f"{args.assignment}: {args.n} submissions, -j {args.j}, --cluster {label}: "
                    f"{wall:.1f} s wall, {args.n / wall * 60:.1f} submissions/minute",
                    flush=True,
                )
    rounds = f"best of {args.rounds}"
    if len(engines) > 1:
        print(f"LocalCluster / pool throughput ({rounds}): {best['none'] / best['local']:.2f}")
    if args.cold:
        for e in engines:
            ratio = best[f"{e} --cold"] / best[e]
            print(f"warm / cold throughput, --cluster {e} ({rounds}): {ratio:.2f}")


def _grade(args: argparse.Namespace, subs: Path, out: Path, extra: list[str]) -> float:
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
            *extra,
            "--out",
            str(out),
        ],
        check=True,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
