"""The GPU memory budget of project grading, on the CPU: what can run without CUDA.

The budget itself (``set_per_process_memory_fraction`` on a real device and a model that
exceeds it) is checked on a GPU machine by ``benchmarks/gpu_check.sh``; here: the fraction,
the out-of-memory feedback, the guard module importing and running in the real sandbox
(grade.py imports it before the student's modules), and the script's clear exit without
CUDA.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from autograder.project import gpu_memory
from autograder.project.config import load_project
from autograder.project.grade import ProjectGradeConfig, _limit_gpu_memory, _student_failure
from autograder.runner.proxies import Session, StudentError, _error_class, import_modules
from autograder.runner.sandbox import Limits, Sandbox

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
