"""The GPU memory budget of project grading, on the CPU: what can run without CUDA.

The budget itself (``set_per_process_memory_fraction`` on a real device, a model that
exceeds it, one that lifts the fraction and meets the watchdog) is checked on a GPU
machine by ``benchmarks/gpu_check.sh``; here: the fraction, the out-of-memory feedback,
the guard module importing and running in the real sandbox (grade.py imports it before
the student's modules), the trusted side's watchdog (nvidia-smi's output read, the
decision, a real worker stopped when the readings for its pid pass the limit, the log
line on and off), and the script's clear exit without CUDA.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import torch

from autograder.project import gpu_memory, gpu_watch
from autograder.project.config import load_project
from autograder.project.grade import (
    ProjectGradeConfig,
    _limit_gpu_memory,
    _student_failure,
    _watch_gpu_memory,
)
from autograder.runner.proxies import Session, StudentError, _error_class, import_modules
from autograder.runner.sandbox import Limits, Sandbox, SandboxFailure

ROOT = Path(__file__).resolve().parents[1]
ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="the sandbox uid needs root")


def test_memory_fraction_is_the_budgets_share_of_the_device():
    total = 80 * 2**30
    assert gpu_memory.memory_fraction(4096 * 2**20, total) == pytest.approx(4 / 80)
    assert gpu_memory.memory_fraction(2 * total, total) == 1.0  # a budget over the device
    with pytest.raises(ValueError, match="positive"):
        gpu_memory.memory_fraction(0, total)


def _student_error(exc: BaseException, what: str) -> StudentError:
    """A StudentError as the trusted side receives it from the worker (proxies._raise)."""
    type_name = type(exc).__name__
    error = _error_class(type_name)(f"{what} raised {type_name}: {exc}")
    error.student_type = type_name
    return error


def test_cuda_out_of_memory_becomes_the_budget_message():
    budget = load_project("p1_mnist1d").budgets["cuda"].gpu_memory_mb
    assert budget, "project.yml sets budgets.cuda.gpu_memory_mb"
    step = "asking the model about 2000 inputs"
    oom = _student_error(
        torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 8.00 GiB"), step
    )
    text = _student_failure(oom, step, holds_hidden=True, gpu_budget_mb=budget)
    assert f"used more than {budget} MB of GPU memory" in text and step in text, text
    # on the CPU (no budget) the same error is any other exception on hidden data: type only
    text = _student_failure(oom, step, holds_hidden=True, gpu_budget_mb=None)
    assert "GPU memory" not in text and "OutOfMemoryError" in text, text
    other = _student_error(ValueError("bad shape"), step)
    text = _student_failure(other, step, holds_hidden=True, gpu_budget_mb=budget)
    assert "GPU memory" not in text and "ValueError" in text, text


@ROOT_ONLY
def test_guard_module_runs_in_the_sandbox_on_its_own(tmp_path):
    """The guard is importable in the sandbox on its own (no course package there) and
    its limit reaches torch.cuda: without CUDA that is the grader's error, not the
    student's."""
    modules = {gpu_memory.MODULE: Path(gpu_memory.__file__).read_bytes()}
    sandbox = Sandbox(modules, tmp_path / "sandbox", Limits(memory_mb=4096), hide=[])
    (tmp_path / "sandbox").mkdir(mode=0o711)
    logged = []
    cfg = ProjectGradeConfig("p1_mnist1d", [], tmp_path / "r.json", log=logged.append)
    try:
        sandbox.start(cpu_s=60)
        session = Session(sandbox, 60, 4096)
        guard = import_modules(session, [gpu_memory.MODULE])[gpu_memory.MODULE]
        assert guard.memory_fraction(2**30, 2**32) == 0.25
        if torch.cuda.is_available():
            _limit_gpu_memory(cfg, session, 1024)
            assert "at most 1024 MB" in logged[-1], logged
        else:
            with pytest.raises(RuntimeError, match="cannot set the GPU memory budget"):
                _limit_gpu_memory(cfg, session, 1024)
    finally:
        sandbox.close()


def test_gpu_check_exits_with_a_clear_message_without_cuda():
    if torch.cuda.is_available():
        pytest.skip("a CUDA device is visible: run benchmarks/gpu_check.sh itself")
    env = dict(os.environ, PY=sys.executable)
    out = subprocess.run(
        ["bash", str(ROOT / "benchmarks" / "gpu_check.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2 and "no CUDA device" in out.stderr, out.stderr


# --------------------------------------------------------------------------------------
# The watchdog of the trusted side (gpu_watch.py): what student code cannot lift
# --------------------------------------------------------------------------------------

# what ``nvidia-smi --query-compute-apps=pid,used_memory --format=csv,noheader,nounits``
# prints: a process per line and GPU, "[N/A]" where NVML has no figure
NVIDIA_SMI = "4242, 3500\n4243, [N/A]\n4242, 700\n17, 512\n"


def test_nvidia_smi_output_is_read_per_process():
    assert gpu_watch.parse_compute_apps(NVIDIA_SMI) == {4242: 4200, 4243: 0, 17: 512}
    assert gpu_watch.parse_compute_apps("") == {}
    assert gpu_watch.parse_compute_apps("No running processes found\n") == {}


def test_over_budget_counts_the_context_allowance():
    budget, allowance = 4096, gpu_watch.CONTEXT_ALLOWANCE_MB
    assert not gpu_watch.over_budget(budget + allowance, budget)
    assert gpu_watch.over_budget(budget + allowance + 1, budget)
    assert gpu_watch.over_budget(budget + 1, budget, allowance_mb=0)


@ROOT_ONLY
def test_watchdog_stops_the_real_worker_over_budget(tmp_path):
    """Fed readings for the real worker's pid: under the limit the worker runs on; over
    it, the worker is killed in the middle of a call, and the grading's message and log
    line say why. Readings that never list the worker leave the watchdog off."""
    modules = {"student": b"import time\n\ndef wait(s):\n    time.sleep(s)\n    return s\n"}
    sandbox = Sandbox(modules, tmp_path / "sandbox", Limits(memory_mb=1024), hide=[])
    (tmp_path / "sandbox").mkdir(mode=0o711)
    budget = 100
    limit = budget + gpu_watch.CONTEXT_ALLOWANCE_MB
    over = threading.Event()
    reads = []

    def reading() -> dict[int, int]:
        reads.append(sandbox.proc.pid if sandbox.proc else None)
        if sandbox.proc is None:
            return {}
        return {sandbox.proc.pid: limit + (1 if over.is_set() else 0), 1: 10**6}

    logged = []
    cfg = ProjectGradeConfig("p1_mnist1d", [], tmp_path / "r.json", log=logged.append)
    watchdog = None
    try:
        sandbox.start(cpu_s=60)
        session = Session(sandbox, 60, 1024)
        student = import_modules(session, ["student"])["student"]
        # readings that do not list the worker (pids of another PID namespace): off
        assert _watch_gpu_memory(cfg, sandbox, budget, read=lambda: {1: 500}) is None
        assert logged.pop().startswith(
            "  OFF: GPU memory watchdog: the worker is not among nvidia-smi's processes"
        ), logged
        watchdog = _watch_gpu_memory(cfg, sandbox, budget, read=reading)
        (line,) = logged
        assert line.startswith(
            f"  on : GPU memory: watchdog on the worker's processes, at most {limit} MB"
        ), line
        session.begin_test(30)
        assert student.wait(0.6) == 0.6, "at the limit (not over it) the worker runs on"
        assert len(reads) >= 2 and watchdog.tripped_mb is None, reads
        over.set()
        began = time.monotonic()
        step = "asking the model about 5 inputs"
        with pytest.raises(SandboxFailure):
            student.wait(30)
        assert time.monotonic() - began < 10, "stopped by the watchdog, not the clock"
        # only the worker's processes count (not pid 1's figure in the same reading)
        assert watchdog.tripped_mb == limit + 1 and watchdog.peak_mb == limit + 1
        text = watchdog.message(step)
        assert text.startswith(
            f"{step} used more than {budget} MB of GPU memory (the project's budget)"
        ), text
    finally:
        if watchdog is not None:
            watchdog.stop()
        sandbox.close()


def test_watchdog_is_off_and_says_why_without_nvidia_smi(tmp_path, monkeypatch):
    logged = []
    cfg = ProjectGradeConfig("p1_mnist1d", [], tmp_path / "r.json", log=logged.append)
    why = gpu_watch.unavailable()
    if why is None:
        pytest.skip("nvidia-smi answers here: benchmarks/gpu_check.sh checks the watchdog")
    assert _watch_gpu_memory(cfg, sandbox=None, budget_mb=4096) is None
    (line,) = logged
    assert line.startswith(f"  OFF: GPU memory watchdog: {why}") and "fraction alone" in line
