#!/usr/bin/env bash
# Grade each final project's reference submission on CUDA, in evaluation and in retrain
# mode, through the hardened runner's sandbox, and print the time per submission and the
# metrics; then check the GPU memory budget: the log names the active limit and a model
# that allocates more than budgets.cuda.gpu_memory_mb earns nothing, with the message
# that says so (exit 1 when a check fails). For a GPU machine with a CUDA build of torch:
#   benchmarks/gpu_check.sh            (PY=python3 benchmarks/gpu_check.sh outside make's venv)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
if ! compgen -G "/dev/nvidia[0-9]*" >/dev/null; then
  # no NVIDIA device file: said at once, without the seconds torch's import takes
  echo "gpu_check: no CUDA device on this machine (no /dev/nvidia0, /dev/nvidia1, ...)." >&2
  echo "Run it on a GPU machine with a CUDA build of torch; the CPU path is tested by" >&2
  echo "tests/test_projects.py and tests/test_projects_gpu_memory.py." >&2
  exit 2
fi
if ! "$PY" -c "import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)" 2>/dev/null; then
  echo "gpu_check: no CUDA device visible to torch (torch.cuda.is_available() is False)." >&2
  echo "Run it on a GPU machine with a CUDA build of torch; the CPU path is tested by" >&2
  echo "tests/test_projects.py and tests/test_projects_gpu_memory.py." >&2
  exit 2
fi
exec "$PY" - <<'PYTHON'
import json
import tempfile
import time
from pathlib import Path

import torch

from autograder.assignments import discover
from autograder.project.config import load_project
from autograder.project.grade import ProjectGradeConfig, grade_project
from autograder.project.samples import samples, write_sample

# the reference's model.py with a load() that takes more GPU memory than the budget
HOG = '''
_reference_load = load


def load(path="weights.pt", device="cpu"):
    net = _reference_load(path, device)
    net.hog = torch.empty((BUDGET_MB + 512) * 2**20, dtype=torch.uint8, device=device)
    return net
'''

failed = []
print(f"device: {torch.cuda.get_device_name(0)}, torch {torch.__version__}")
print(f"{'project':<16} {'mode':<8} {'seconds':>8}  score   metrics")
with tempfile.TemporaryDirectory() as tmp:
    for assignment in discover(projects=True):
        if not assignment.is_project:
            continue
        project = load_project(assignment.name)
        folder = write_sample(samples(project)["reference"], Path(tmp) / assignment.name)
        for mode in ("eval", "retrain"):
            results = Path(tmp) / f"{assignment.name}-{mode}.json"
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
            if not case.score > 0:
                failed.append(f"{assignment.name} {mode}: the reference earned nothing")
        budget = project.budgets["cuda"].gpu_memory_mb
        hog = dict(samples(project)["reference"].files)
        hog["model.py"] += HOG.replace("BUDGET_MB", str(budget)).encode()
        folder = Path(tmp) / f"{assignment.name}-hog"
        for name, data in hog.items():
            folder.mkdir(exist_ok=True)
            (folder / name).write_bytes(data)
        logged = []
        start = time.monotonic()
        report = grade_project(
            ProjectGradeConfig(
                project=assignment.name,
                submission=[folder],
                results=Path(tmp) / f"{assignment.name}-hog.json",
                device="cuda",
                public_checks=False,
                log=lambda *a, **k: logged.append(" ".join(map(str, a))),
            )
        )
        case = report.cases[-1]
        limit = [line.strip() for line in logged if "GPU memory:" in line]
        print(f"{assignment.name:<16} {'hog':<8} {time.monotonic() - start:8.1f}  "
              f"{case.score:g}/{case.points:g}  {case.output.splitlines()[0]}")
        print(f"  {limit[0] if limit else 'no GPU memory limit in the log'}", flush=True)
        if not limit or not limit[0].startswith("on :"):
            failed.append(f"{assignment.name}: the log names no active GPU memory limit")
        if case.score != 0 or f"more than {budget} MB of GPU memory" not in case.output:
            failed.append(f"{assignment.name}: a model over {budget} MB was not stopped")
for line in failed:
    print(f"FAILED {line}")
raise SystemExit(1 if failed else 0)
PYTHON
