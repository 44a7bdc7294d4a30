"""The GPU memory budget of a project grading (``budgets.cuda.gpu_memory_mb``), enforced.

The budget is held by torch's caching allocator: ``torch.cuda.set_per_process_memory_fraction``
makes every allocation that would take the process past ``budget / total`` of the device
fail with ``torch.cuda.OutOfMemoryError``. The call must come before the student's code
allocates anything, so this file is copied into the sandbox's scratch folder and imported
there (as ``MODULE``) before the student's modules, and ``limit`` is called through the
data-only protocol. It therefore imports nothing of the course, and torch only when asked.

The limit is one the process itself keeps: code that calls
``set_per_process_memory_fraction`` again can lift it (the log says so). The CUDA context
(a few hundred MB, outside torch's allocator) is not counted. ``limit`` makes the context
before student code runs, so that the trusted side's watchdog (``gpu_watch.py``), which
holds the whole process to the budget where nvidia-smi can see it, finds the worker.
"""

from __future__ import annotations

MODULE = "_nnkit_gpu_memory"
OUT_OF_MEMORY = "OutOfMemoryError"  # torch.cuda.OutOfMemoryError's name, as the worker reports it


def memory_fraction(budget_bytes: int, total_bytes: int) -> float:
    """Share of a device of ``total_bytes`` that a budget of ``budget_bytes`` is (at most 1)."""
    if budget_bytes <= 0 or total_bytes <= 0:
        raise ValueError(
            f"budget and device memory must be positive, got {budget_bytes} and {total_bytes}"
        )
    return min(1.0, budget_bytes / total_bytes)


def limit(budget_mb: int, device: int = 0) -> dict:
    """Cap torch's allocations on CUDA device ``device`` at ``budget_mb`` (in the sandbox).

    Returns:
        {"budget_mb", "total_mb", "fraction", "device_name"}: what the log reports.
    """
    import torch

    properties = torch.cuda.get_device_properties(device)
    fraction = memory_fraction(int(budget_mb) * 2**20, int(properties.total_memory))
    torch.cuda.set_per_process_memory_fraction(fraction, device)
    torch.empty(1, device=f"cuda:{device}")  # the CUDA context, made now
    return {
        "budget_mb": int(budget_mb),
        "total_mb": int(properties.total_memory) // 2**20,
        "fraction": fraction,
        "device_name": str(properties.name),
    }


def describe(active: dict) -> str:
    """The log line of an active limit (``limit``'s answer)."""
    return (
        f"GPU memory: at most {active['budget_mb']} MB of the {active['total_mb']} MB of "
        f"{active['device_name']} (torch per-process memory fraction {active['fraction']:.4f}, "
        "set before student code runs; code that resets it can lift it)"
    )


def is_out_of_memory(type_name: str, message: str) -> bool:
    """Whether an exception of student code is torch's CUDA out-of-memory error."""
    return type_name == OUT_OF_MEMORY or "CUDA out of memory" in message


def out_of_memory_message(budget_mb: int, step: str) -> str:
    """Feedback for a model that needed more GPU memory than the project allows."""
    return (
        f"{step} used more than {budget_mb} MB of GPU memory (the project's budget): use a "
        "smaller model or smaller batches in predict (and in train.py)"
    )
