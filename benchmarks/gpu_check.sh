#!/usr/bin/env bash
# Grade each final project's reference submission on CUDA, in evaluation and in retrain
# mode, through the hardened runner's sandbox, and print the time per submission and the
# metrics; then check the GPU memory budget: a model that allocates more than
# budgets.cuda.gpu_memory_mb meets the memory fraction, one that lifts the fraction
# (set_per_process_memory_fraction(1.0)) meets the trusted side's watchdog, both earn
# nothing with the message that says so and the log names both limits; last, with two
# GPUs, the batch with -j 2 pins each grading to its own GPU. A PASS or FAIL line per
# check (exit 1 when one fails). For a GPU machine with a CUDA build of torch:
#   benchmarks/gpu_check.sh            (PY=python3 benchmarks/gpu_check.sh outside make's venv)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
if ! compgen -G "/dev/nvidia[0-9]*" >/dev/null; then
  # no NVIDIA device file: said at once, without the seconds torch's import takes
  echo "gpu_check: no CUDA device on this machine (no /dev/nvidia0, /dev/nvidia1, ...)." >&2
  echo "Run it on a GPU machine with a CUDA build of torch; the CPU path is tested by" >&2
  echo "tests/test_projects.py, tests/test_projects_gpu_memory.py and tests/test_projects_gpus.py." >&2
  exit 2
fi
if ! "$PY" -c "import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)" 2>/dev/null; then
  echo "gpu_check: no CUDA device visible to torch (torch.cuda.is_available() is False)." >&2
  echo "Run it on a GPU machine with a CUDA build of torch; the CPU path is tested by" >&2
  echo "tests/test_projects.py, tests/test_projects_gpu_memory.py and tests/test_projects_gpus.py." >&2
  exit 2
fi
exec "$PY" - <<'PYTHON'
import csv
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch

from autograder.assignments import discover
from autograder.project import gpu_watch
from autograder.project.config import load_project
from autograder.project.gpus import visible_gpus
from autograder.project.grade import ProjectGradeConfig, grade_project
from autograder.project.samples import samples, write_sample

# appended to the reference's model.py: a load() that takes MB more GPU memory than the
# budget, after lifting torch's per-process fraction when LIFT
HOG = """
_reference_load = load


def load(path="weights.pt", device="cpu"):
    net = _reference_load(path, device)
    if LIFT:
        torch.cuda.set_per_process_memory_fraction(1.0)
    net.hog = torch.ones(MB * 2**20, dtype=torch.uint8, device=device)
    return net
"""
# appended for the batch: a model that sees more than its one GPU fails to load
ONE_GPU = """
_reference_load = load


def load(path="weights.pt", device="cpu"):
    assert torch.cuda.device_count() == 1, "the grading sees more than its GPU"
    return _reference_load(path, device)
"""
failed = []


def verdict(ok: bool, text: str) -> None:
    print(f"{'PASS' if ok else 'FAIL'} {text}", flush=True)
    if not ok:
        failed.append(text)


def variant(project, tmp: Path, name: str, extra: str) -> Path:
    files = dict(samples(project)["reference"].files)
    files["model.py"] += extra.encode()
    folder = tmp / name
    folder.mkdir(parents=True)
    for file, data in files.items():
        (folder / file).write_bytes(data)
    return folder


print(f"device: {torch.cuda.get_device_name(0)}, torch {torch.__version__}")
print(f"{'project':<16} {'mode':<8} {'seconds':>8}  score   metrics")
with tempfile.TemporaryDirectory() as tmp:
    tmp = Path(tmp)
    for assignment in discover(projects=True):
        if not assignment.is_project:
            continue
        project = load_project(assignment.name)
        folder = write_sample(samples(project)["reference"], tmp / assignment.name)
        for mode in ("eval", "retrain"):
            results = tmp / f"{assignment.name}-{mode}.json"
            start = time.monotonic()
            report = grade_project(
                ProjectGradeConfig(
                    project=assignment.name,
                    submission=[folder],
                    results=results,
                    device="cuda",
                    mode=mode,
                    public_checks=False,
                    log=lambda *a, **k: None,
                )
            )
            seconds = time.monotonic() - start
            case = report.cases[-1]
            board = json.loads(results.read_text()).get("leaderboard", [])
            metrics = ", ".join(f"{e['name']} {e['value']:.4f}" for e in board)
            detail = case.output.splitlines()[-1] if board else case.output
            print(
                f"{assignment.name:<16} {mode:<8} {seconds:8.1f}  "
                f"{case.score:g}/{case.points:g}  {metrics}  ({detail})",
                flush=True,
            )
            verdict(case.score > 0, f"{assignment.name} {mode}: the reference earns points")
        budget = project.budgets["cuda"].gpu_memory_mb
        over = budget + gpu_watch.CONTEXT_ALLOWANCE_MB + 512
        for name, lift in (("hog", False), ("lifts", True)):
            code = HOG.replace("LIFT", str(lift)).replace("MB", str(over))
            logged = []
            start = time.monotonic()
            report = grade_project(
                ProjectGradeConfig(
                    project=assignment.name,
                    submission=[variant(project, tmp, f"{assignment.name}-{name}", code)],
                    results=tmp / f"{assignment.name}-{name}.json",
                    device="cuda",
                    public_checks=False,
                    log=lambda *a, **k: logged.append(" ".join(map(str, a))),
                )
            )
            case = report.cases[-1]
            print(f"{assignment.name:<16} {name:<8} {time.monotonic() - start:8.1f}  "
                  f"{case.score:g}/{case.points:g}  {case.output.splitlines()[0]}")
            limits = [line.strip() for line in logged if "GPU memory" in line]
            for line in limits:
                print(f"  {line}")
            verdict(
                any(x.startswith("on : GPU memory: at most") for x in limits),
                f"{assignment.name} {name}: the log names the memory fraction",
            )
            verdict(
                any(x.startswith("on : GPU memory: watchdog") for x in limits),
                f"{assignment.name} {name}: the log names the watchdog",
            )
            verdict(
                case.score == 0 and f"more than {budget} MB of GPU memory" in case.output,
                f"{assignment.name} {name}: a model over {budget} MB is stopped"
                + (" (the fraction lifted: by the watchdog)" if lift else ""),
            )
    gpus = visible_gpus()
    if len(gpus) < 2:
        print(f"SKIP the batch with -j 2 pins each grading: {len(gpus)} GPU(s) visible, not 2")
    else:
        project = load_project("p1_mnist1d")
        export = tmp / "export"
        for student in ("ada", "bob"):
            variant(project, export, student, ONE_GPU)
        out = tmp / "batch-out"
        command = [
            sys.executable, "-m", "autograder.project.batch", "--project", project.name,
            "--export", str(export), "--out", str(out), "--device", "cuda", "-j", "2",
            "--no-public-checks",
        ]
        start = time.monotonic()
        done = subprocess.run(command, capture_output=True, text=True)
        print(f"batch -j 2 on GPUs {', '.join(gpus)}: {time.monotonic() - start:.1f} s")
        print((done.stdout + done.stderr).strip()[-800:])
        pins = sorted(
            line.split("=", 1)[1].split()[0]
            for log in (out / "logs").glob("*.log")
            for line in log.read_text().splitlines()
            if line.startswith("GPU: CUDA_VISIBLE_DEVICES=")
        )
        verdict(done.returncode == 0, "the batch with -j 2 grades both submissions")
        verdict(
            len(pins) == 2 and len(set(pins)) == 2 and "2 at once" in done.stdout,
            f"the batch with -j 2 pins each grading to its own GPU ({pins})",
        )
        grades = out / "grades.csv"
        rows = list(csv.DictReader(grades.open())) if grades.exists() else []
        verdict(
            len(rows) == 2 and all(float(r["score"] or 0) > 0 for r in rows),
            "each pinned grading sees one GPU only and earns points "
            + str([(r["submission"], r["score"], r["message"]) for r in rows]),
        )
print("FAILED:" if failed else "all checks passed", *failed, sep="\n  ")
raise SystemExit(1 if failed else 0)
PYTHON
