"""Several GPUs shared out among a project batch's gradings, on the CPU: which GPUs are
visible, a pool that never gives one GPU to two gradings at once (real threads), and a
grading pinned to its GPU (the variable its sandbox worker receives, the log line)."""

from __future__ import annotations

import os
import threading
import time

from autograder.project import batch, gpus
from autograder.runner.sandbox import Layers, Limits, Sandbox

# what ``nvidia-smi -L`` prints on a machine with two GPUs, one split into MIG devices
NVIDIA_SMI_L = """GPU 0: NVIDIA H200 (UUID: GPU-1b2c3d4e-0000-1111-2222-333344445555)
GPU 1: NVIDIA H200 (UUID: GPU-5e6f7a8b-0000-1111-2222-333344445555)
  MIG 3g.71gb     Device  0: (UUID: MIG-0a1b2c3d-4444-5555-6666-777788889999)
"""


def test_visible_gpus_from_the_variable_or_nvidia_smi():
    assert gpus.from_nvidia_smi(NVIDIA_SMI_L) == ["0", "1"]
    assert gpus.from_nvidia_smi("") == []
    assert gpus.from_visible_devices("2,3") == ["2", "3"]
    assert gpus.from_visible_devices(" 1 , GPU-5e6f") == ["1", "GPU-5e6f"]
    assert gpus.from_visible_devices("0,-1,2") == ["0"]  # CUDA stops at an invalid entry
    assert gpus.from_visible_devices("") == gpus.from_visible_devices("-1") == []
    assert gpus.visible_gpus({"CUDA_VISIBLE_DEVICES": "4,5"}) == ["4", "5"]


def test_pool_never_gives_one_gpu_to_two_gradings_at_once():
    """Six gradings on three threads share two GPUs: each GPU's holds never overlap, and
    both GPUs are used."""
    pool = gpus.GpuPool(["0", "1"])
    holds: list[tuple[str, float, float]] = []
    lock = threading.Lock()

    def grading() -> None:
        with pool.hold() as gpu:
            began = time.monotonic()
            time.sleep(0.05)
            with lock:
                holds.append((gpu, began, time.monotonic()))

    threads = [threading.Thread(target=grading) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(holds) == 6
    assert {gpu for gpu, _, _ in holds} == {"0", "1"}
    for gpu in ("0", "1"):
        spans = sorted((b, e) for g, b, e in holds if g == gpu)
        assert all(end <= later for (_, end), (later, _) in zip(spans, spans[1:])), spans
    assert sorted(pool.free.get_nowait() for _ in range(2)) == ["0", "1"], "all given back"


def test_a_grading_is_pinned_to_its_gpu(tmp_path, monkeypatch):
    """The batch's grading of a submission holds a GPU of the pool, says which in its log,
    and its sandbox worker's environment names that GPU only; afterwards the GPU and the
    process's variable are as they were."""
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "0,1")
    monkeypatch.setattr(batch, "_GPU_POOL", gpus.GpuPool(["1"]))
    (tmp_path / "empty").mkdir()
    row = batch.grade_submission(
        [str(tmp_path / "empty")],
        str(tmp_path / "r.json"),
        batch.Options("p1_mnist1d", "cuda", public_checks=False),
    )
    assert "GPU: CUDA_VISIBLE_DEVICES=1 (one grading per GPU)" in row.log.splitlines(), row.log
    assert os.environ["CUDA_VISIBLE_DEVICES"] == "0,1"
    assert batch._GPU_POOL.free.get_nowait() == "1", "the GPU is given back"
    sandbox = Sandbox(
        {}, tmp_path / "sandbox", Limits(), hide=[], layers_wanted=Layers(gpu=True), prepared=False
    )
    try:
        with gpus.pinned("1"):
            assert sandbox._env(str(tmp_path))["CUDA_VISIBLE_DEVICES"] == "1"
    finally:
        sandbox.close()
