"""The GPU memory budget held from the trusted side: a watchdog over the worker's processes.

``gpu_memory.limit`` caps torch's allocator inside the sandbox, before student code runs,
but it is a limit the process keeps itself: a model that calls
``torch.cuda.set_per_process_memory_fraction(1.0)`` lifts it, and memory outside torch's
allocator (the CUDA context, other libraries) is not counted. This watchdog runs in the
trusted grading process instead. While student code runs on cuda it asks NVML, through
``nvidia-smi --query-compute-apps``, how much GPU memory each process holds, adds up what
the worker and every process it started hold (on any GPU), and kills them all when the
sum passes the limit; the grading then says "used more than N MB of GPU memory (the
project's budget)" and keeps the points earned elsewhere.

The limit is the project's budget plus ``CONTEXT_ALLOWANCE_MB`` for the CUDA context:
NVML counts everything a process holds on the device, the context and the kernels of
cuBLAS and cuDNN included (several hundred MB on current GPUs, outside torch's
allocator), while the fraction holds only the allocator to the budget. With the
allowance, a model that stays within the fraction is never stopped by the watchdog, and
code that lifts the fraction is stopped at most the allowance past its budget.

NVML reports process ids as the host sees them: in a grader that runs in a PID namespace
of its own (a container started without ``--pid=host``) they are not this process's ids.
So the watchdog starts only once a reading shows the worker itself (its CUDA context is
made by the guard module before student code runs); otherwise it is off and the log says
why, as it is on a machine without nvidia-smi. It polls, so a spike shorter than its
interval can pass unseen; memory still held when the model has answered (torch's cache
keeps what it allocated) is checked once more before the answer counts.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
from collections.abc import Callable

from autograder.runner.sandbox import Sandbox, proc_table

from . import gpu_memory

CONTEXT_ALLOWANCE_MB = 1024
QUERY = ["nvidia-smi", "--query-compute-apps=pid,used_memory", "--format=csv,noheader,nounits"]
POLL_S = 0.25

Reading = Callable[[], "dict[int, int] | None"]


def parse_compute_apps(text: str) -> dict[int, int]:
    """{pid: MiB} from ``nvidia-smi --query-compute-apps=pid,used_memory
    --format=csv,noheader,nounits``: one line per process and GPU (a process on two GPUs
    has two lines: they add up); a figure NVML cannot give ("[N/A]") counts nothing."""
    used: dict[int, int] = {}
    for line in text.splitlines():
        fields = [f.strip() for f in line.split(",")]
        if len(fields) != 2 or not fields[0].isdigit():
            continue
        pid, mib = int(fields[0]), fields[1]
        used[pid] = used.get(pid, 0) + (int(mib) if mib.isdigit() else 0)
    return used


def nvidia_smi_reading() -> dict[int, int] | None:
    """The GPU memory of every process on the machine's GPUs ({host pid: MiB}), or None
    when nvidia-smi does not answer."""
    try:
        done = subprocess.run(QUERY, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return parse_compute_apps(done.stdout) if done.returncode == 0 else None


def unavailable() -> str | None:
    """Why the watchdog cannot run on this machine, or None when it can."""
    if shutil.which(QUERY[0]) is None:
        return "no nvidia-smi on this machine"
    return None


def over_budget(used_mb: int, budget_mb: int, allowance_mb: int = CONTEXT_ALLOWANCE_MB) -> bool:
    """Whether a worker that holds ``used_mb`` (context included) is past its budget."""
    return used_mb > budget_mb + allowance_mb


class GpuWatchdog:
    """Polls the GPU memory of a sandbox's worker (and what it started) and kills them when
    they hold more than the budget and the context allowance.

    ``read`` gives {pid: MiB} for the machine's GPU processes (``nvidia_smi_reading``);
    the worker is whatever ``sandbox.proc`` is at each reading.
    """

    def __init__(
        self,
        sandbox: Sandbox,
        budget_mb: int,
        read: Reading = nvidia_smi_reading,
        allowance_mb: int = CONTEXT_ALLOWANCE_MB,
        interval_s: float = POLL_S,
    ) -> None:
        self.sandbox = sandbox
        self.budget_mb = budget_mb
        self.allowance_mb = allowance_mb
        self.read = read
        self.interval_s = interval_s
        self.peak_mb = 0
        self.tripped_mb: int | None = None  # what the worker held when it was stopped
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="gpu-watchdog")

    @property
    def limit_mb(self) -> int:
        return self.budget_mb + self.allowance_mb

    def describe(self) -> str:
        """The protections log's line."""
        return (
            f"GPU memory: watchdog on the worker's processes, at most {self.limit_mb} MB "
            f"(the budget of {self.budget_mb} MB and {self.allowance_mb} MB for the CUDA "
            f"context; NVML through nvidia-smi every {self.interval_s:g} s; "
            "it cannot be lifted from the sandbox)"
        )

    def sees_worker(self) -> str | None:
        """None when a reading lists the worker (whose CUDA context is up), else why not."""
        reading = self.read()
        if reading is None:
            return "nvidia-smi does not answer"
        if not self._worker_pids() & set(reading):
            return (
                "the worker is not among nvidia-smi's processes (their ids are another PID "
                "namespace's, e.g. the host's for a grader in a container: run it with "
                "--pid=host)"
            )
        return None

    def start(self) -> GpuWatchdog:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=15)

    def _worker_pids(self) -> set[int]:
        proc = self.sandbox.proc
        if proc is None or proc.poll() is not None:
            return set()
        return {proc.pid, *self.sandbox.processes(proc.pid, proc_table())}

    def check(self) -> bool:
        """One reading: True when it stopped the worker."""
        reading = self.read()
        pids = self._worker_pids()
        if not reading or not pids:
            return False
        used = sum(mib for pid, mib in reading.items() if pid in pids)
        self.peak_mb = max(self.peak_mb, used)
        if not over_budget(used, self.budget_mb, self.allowance_mb):
            return False
        self.tripped_mb = used
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        return True

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.check():
                return
            self._stop.wait(self.interval_s)

    def message(self, step: str) -> str | None:
        """The feedback when the watchdog stopped the worker during ``step``, else None."""
        if self.tripped_mb is None:
            return None
        return (
            gpu_memory.out_of_memory_message(self.budget_mb, step)
            + f" (it held {self.tripped_mb} MB, CUDA context included, when it was stopped)"
        )
