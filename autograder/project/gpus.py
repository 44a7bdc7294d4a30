"""Sharing a machine's GPUs out among concurrent project gradings: one grading per GPU.

A grading on cuda holds its GPU and its memory budget, so two gradings never share one.
The batch grades as many submissions at once as there are visible GPUs, each pinned to
its own: ``CUDA_VISIBLE_DEVICES`` set to that GPU in the grading process, which the
runner's sandbox hands to the worker (``Sandbox._env``), so the student's code sees that
GPU only, as device 0. The GPUs are the entries of ``CUDA_VISIBLE_DEVICES`` when it is set
(indices or UUIDs, as CUDA reads them), otherwise the GPUs ``nvidia-smi -L`` lists.
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

VARIABLE = "CUDA_VISIBLE_DEVICES"
_GPU_LINE = re.compile(r"^GPU (\d+):")


def from_visible_devices(value: str) -> list[str]:
    """The GPUs ``CUDA_VISIBLE_DEVICES=value`` makes visible: its entries up to the first
    invalid one (CUDA ignores the rest: "-1" hides every GPU)."""
    gpus: list[str] = []
    for entry in (e.strip() for e in value.split(",")):
        if not entry or entry.startswith("-"):
            break
        gpus.append(entry)
    return gpus


def from_nvidia_smi(text: str) -> list[str]:
    """GPU indices from ``nvidia-smi -L`` ("GPU 0: NVIDIA H200 (UUID: GPU-...)"; the
    indented MIG lines below a GPU are not GPUs of their own here)."""
    return [m.group(1) for m in map(_GPU_LINE.match, text.splitlines()) if m]


def visible_gpus(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The GPUs gradings can be pinned to (none on a machine without nvidia-smi)."""
    if VARIABLE in environ:
        return from_visible_devices(environ[VARIABLE])
    try:
        done = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return from_nvidia_smi(done.stdout) if done.returncode == 0 else []


class GpuPool:
    """GPUs handed to gradings one at a time: ``hold`` waits for a free GPU and gives it
    back when the grading ends, so two gradings never hold the same GPU.

    ``free`` is any queue with ``get`` and ``put`` (``queue.Queue`` for threads; a
    ``multiprocessing`` queue, made before the grading processes are forked, for them).
    """

    def __init__(self, gpus: list[str], free=None) -> None:
        if not gpus:
            raise ValueError("a GPU pool needs at least one GPU")
        self.gpus = list(gpus)
        self.free = free if free is not None else queue.Queue()
        for gpu in self.gpus:
            self.free.put(gpu)

    @contextmanager
    def hold(self) -> Iterator[str]:
        gpu = self.free.get()
        try:
            yield gpu
        finally:
            self.free.put(gpu)


@contextmanager
def pinned(gpu: str) -> Iterator[None]:
    """This process's ``CUDA_VISIBLE_DEVICES`` is ``gpu`` meanwhile (the sandbox workers it
    starts see that GPU only); for a grading process that runs one grading at a time."""
    before = os.environ.get(VARIABLE)
    os.environ[VARIABLE] = gpu
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(VARIABLE, None)
        else:
            os.environ[VARIABLE] = before
