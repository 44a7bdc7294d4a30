#!/usr/bin/env bash
# Grade each final project's reference submission on CUDA, in evaluation and in retrain
# mode, through the hardened runner's sandbox, and print the time per submission and the
# metrics. For a GPU machine with a CUDA build of torch:
#   benchmarks/gpu_check.sh            (PY=python3 benchmarks/gpu_check.sh outside make's venv)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
if ! "$PY" -c "import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)" 2>/dev/null; then
  echo "gpu_check: no CUDA device visible to torch (torch.cuda.is_available() is False)." >&2
  echo "Run it on a GPU machine with a CUDA build of torch; the CPU path is tested by" >&2
  echo "tests/test_projects.py." >&2
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
PYTHON
