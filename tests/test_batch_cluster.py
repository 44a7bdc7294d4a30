"""Batch grading on Dask: a real LocalCluster gives the same grades as the local pool, loses
nothing when a worker process is killed mid-batch, resumes without regrading what finished,
and records a grading that keeps killing its worker as failed; the Slurm and PBS job scripts
carry the queue, walltime, memory, cores and GPUs asked for."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from tests.runner_helpers import FIXTURE, REPO, TOY_REFERENCE, TOY_TESTS, overlay

pytest.importorskip("distributed")
psutil = pytest.importorskip("psutil")

pytestmark = pytest.mark.slow

# one overlay per kind of answer: every question right, each one wrong, nothing gradable
TOY_VARIANTS = {
    "right": TOY_REFERENCE.read_text(),
    "add": overlay("def add(a, b):\n    return a - b\n"),
    "scale": overlay("def scale(x, k):\n    return x\n"),
    "counter": overlay("class Counter:\n    def __init__(self, start=0):\n        pass\n"),
    "echo": overlay("def echo(s):\n    return s[::-1] + 'x'\n"),
    "syntax": "def add(a, b)\n    return a + b\n",
    "missing": None,
}


def _toy_export(path: Path, n: int = 14) -> Path:
    """A Gradescope export of ``n`` fx_toy submissions cycling through TOY_VARIANTS."""
    names = list(TOY_VARIANTS)
    meta = []
    with zipfile.ZipFile(path, "w") as z:
        for i in range(n):
            sid = f"submission_{2000 + i}"
            meta.append(f"{sid}:\n  :submitters:\n  - :name: Student {i}\n    :sid: '{i}'\n")
            source = TOY_VARIANTS[names[i % len(names)]]
            if source is None:
                z.writestr(f"export/{sid}/README.txt", "forgot the module")
            else:
                z.writestr(f"export/{sid}/toy.py", source)
        z.writestr("export/submission_metadata.yml", "".join(meta))
    return path


def _a1_folder(path: Path, n: int = 3) -> Path:
    """A folder of ``n`` a1_perceptron submissions: the reference, the stub and the samples."""
    from autograder.assignments import load
    from autograder.course import sample_sources

    samples = list(sample_sources(load("a1_perceptron")).items())
    for i in range(n):
        name, modules = samples[i % len(samples)]
        folder = path / f"student{i:02d}_{name}"
        folder.mkdir(parents=True)
        for module, source in modules.items():
            (folder / f"{module}.py").write_text(source)
    return path


def _cmd(export: Path, out: Path, *extra: str, assignment: str = "fx_toy") -> list[str]:
    cmd = [sys.executable, "-m", "autograder.batch", "--assignment", assignment, str(export)]
    cmd += ["-j", "2", "--out", str(out), *extra]
    if assignment == "fx_toy":
        cmd += ["--tests-dir", str(TOY_TESTS), "--reference-dir", str(FIXTURE / "solutions")]
    return cmd


ENV = dict(os.environ, PYTHONPATH=str(REPO))


def _batch(export: Path, out: Path, *extra: str, assignment: str = "fx_toy"):
    cmd = _cmd(export, out, *extra, assignment=assignment)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=ENV, cwd=REPO, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    return proc


def _start(export: Path, out: Path, *extra: str, **popen) -> subprocess.Popen:
    """A batch over the toy export, running, its output piped."""
    cmd = _cmd(export, out, *extra)
    return subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV, cwd=REPO, **popen
    )


def _kill_while_running(batch: subprocess.Popen, choose, once: bool):
    """While ``batch`` runs, SIGKILL the batch worker that ``choose()`` names (mid-grading:
    its grading is running), once or every time; returns the pids killed and the output."""
    kills: list[int] = []

    def watch() -> None:
        while batch.poll() is None and not (once and kills):
            worker = choose()
            if worker is not None and worker.ppid() == batch.pid and worker.pid not in kills:
                worker.send_signal(signal.SIGKILL)
                kills.append(worker.pid)
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    stdout, stderr = batch.communicate(timeout=600)
    watcher.join()
    return kills, stdout, stderr


def _rows(out: Path) -> list[dict]:
    return list(csv.DictReader((out / "grades.csv").open()))


def _first(rows: list[dict], n: int) -> list[dict]:
    """The max row and the rows of the export's first ``n`` submissions."""
    keep = {f"submission_{2000 + i}" for i in range(n)}
    return [r for r in rows if r["submission"] == "max" or r["submission"] in keep]


def _graded(out: Path) -> dict:
    try:
        return json.loads((out / "batch.json").read_text())["graded"]
    except (OSError, ValueError, KeyError):
        return {}


@pytest.fixture(scope="module")
def toy(run_once) -> tuple[Path, list[dict]]:
    """The toy export and its grades from the local pool (``--cluster none``)."""
    return run_once("toy-batch", _grade_toy)


def _grade_toy(tmp: Path) -> tuple[Path, list[dict]]:
    export = _toy_export(tmp / "export.zip")
    proc = _batch(export, tmp / "pool", "--cluster", "none")
    assert "14 to grade" in proc.stdout
    rows = _rows(tmp / "pool")
    # the export really is mixed: several different totals and statuses
    assert len({r["total"] for r in rows[1:]}) >= 5
    assert {r["status"] for r in rows[1:]} == {"graded", "nothing to grade"}
    return export, rows


def _worker_grading(batch_pid: int, sid: str = "") -> psutil.Process | None:
    """A Dask worker of this batch that is grading (submission ``sid`` if given) now.

    A grading is the process that writes the runner's log in the grading's folder
    (``grading-<sid>-...``, gradetask.grade), forked by the worker's warm grading process.
    """
    try:
        for worker in psutil.Process(batch_pid).children():
            for proc in worker.children(recursive=True):
                try:
                    files = proc.open_files()
                except psutil.Error:
                    continue
                if any(f"/grading-{sid}" in f.path for f in files):
                    return worker
    except psutil.Error:
        return None
    return None


def test_local_cluster_grades_as_the_pool(toy, tmp_path):
    export, pool_rows = toy
    proc = _batch(export, tmp_path / "dask", "--cluster", "local")
    assert "grading on: local (2 at once)" in proc.stdout
    assert _rows(tmp_path / "dask") == pool_rows
    assert "protections:" in (tmp_path / "dask" / "summary.txt").read_text()
    # the second assignment: a folder of a1_perceptron submissions, pool and Dask
    a1 = _a1_folder(tmp_path / "a1")
    _batch(a1, tmp_path / "a1-pool", "--cluster", "none", assignment="a1_perceptron")
    _batch(a1, tmp_path / "a1-dask", "--cluster", "local", assignment="a1_perceptron")
    a1_rows = _rows(tmp_path / "a1-dask")
    assert a1_rows == _rows(tmp_path / "a1-pool")
    assert len({r["total"] for r in a1_rows[1:]}) >= 2  # reference and stub differ


def test_a_cold_batch_grades_as_the_warm_one(toy, tmp_path):
    """--cold starts the runner afresh per submission: the grades are those of the warm
    pool, where each grading is forked from the worker's warm grading process."""
    export, pool_rows = _toy_export(tmp_path / "export.zip", n=7), _first(toy[1], 7)
    _batch(export, tmp_path / "cold", "--cluster", "none", "--cold")
    assert _rows(tmp_path / "cold") == pool_rows


def test_each_grading_is_a_fresh_child_of_the_warm_process(tmp_path):
    from autograder.gradetask import (
        Job,
        Server,
        close_server,
        grade,
        pack_bundle,
        pack_submission,
        unpack_bundle,
    )

    solutions = FIXTURE / "solutions" / "fx_toy"
    bundle = unpack_bundle(
        pack_bundle(TOY_TESTS, solutions, solutions / "assignment.yml"), str(tmp_path)
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    server = Server(bundle, env)
    warm = psutil.Process(server.proc.pid)
    assert "numpy" in " ".join(warm.cmdline())  # what the toy's test files import, preloaded
    job = Job("s1", pack_submission([TOY_REFERENCE]), "fx_toy")
    seen: dict[str, set[int]] = {}
    for round_ in ("first", "second"):
        done = threading.Event()
        pids: set[int] = set()

        watcher = threading.Thread(target=_children_until, args=(warm, done, pids))
        watcher.start()
        results = tmp_path / f"{round_}.json"
        status = server.run(_runner_args(job, bundle, results), tmp_path / f"{round_}.log")
        done.set()
        watcher.join()
        assert status == 0, (tmp_path / f"{round_}.log").read_text()[-2000:]
        assert json.loads(results.read_text())["score"] == 9
        assert len(pids) == 1, pids  # one grading process, a child of the warm one
        assert warm.is_running() and not warm.children()  # it ended; the warm one did not
        seen[round_] = pids
    assert seen["first"].isdisjoint(seen["second"])
    # a grading whose process is killed fails (the batch retries it) and leaves the warm
    # process serving; with the warm process gone, gradings start the runner afresh
    killer = threading.Thread(target=lambda: _kill_first_child(warm))
    killer.start()
    status = server.run(_runner_args(job, bundle, tmp_path / "k.json"), tmp_path / "k.log")
    killer.join()
    assert status == 128 + signal.SIGKILL and warm.is_running()
    server.close()
    warm.wait(30)
    assert not server.alive and server.run(["--help"], tmp_path / "h.log") is None
    try:
        outcome = grade(job, bundle, str(tmp_path))  # a new warm process for this bundle
    finally:
        close_server(bundle)
    assert json.loads(outcome.results)["score"] == 9


def _runner_args(job, bundle: Path, results: Path) -> list[str]:
    sub = bundle.parent / "submission" / "toy.py"
    sub.parent.mkdir(exist_ok=True)
    sub.write_text(TOY_REFERENCE.read_text())
    return [
        "--assignment",
        job.assignment,
        "--results",
        str(results),
        "--tests-dir",
        str(bundle / "tests"),
        "--reference-dir",
        str(bundle / "reference"),
        "--config",
        str(bundle / "assignment.yml"),
        "--submission",
        str(sub),
        "--quiet",
    ]


def _children_until(proc: psutil.Process, done: threading.Event, pids: set[int]) -> None:
    while not done.is_set():
        pids.update(p.pid for p in proc.children())
        time.sleep(0.005)


def _kill_first_child(proc: psutil.Process) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        children = proc.children()
        if children:
            children[0].kill()
            return
        time.sleep(0.005)


def test_a_worker_killed_mid_batch_loses_nothing(toy, tmp_path):
    export, pool_rows = _toy_export(tmp_path / "export.zip", n=8), _first(toy[1], 8)
    out = tmp_path / "out"
    batch = _start(export, out, "--cluster", "local")
    killed, stdout, stderr = _kill_while_running(
        batch, lambda: _worker_grading(batch.pid) if len(_graded(out)) >= 2 else None, once=True
    )
    assert killed, "no worker was grading while the batch ran"
    assert batch.returncode == 0, stdout[-2000:] + stderr[-3000:]
    assert _rows(out) == pool_rows
    assert len(_graded(out)) == 8


def test_resume_after_an_interrupted_run_regrades_nothing_finished(toy, tmp_path):
    export, pool_rows = _toy_export(tmp_path / "export.zip", n=8), _first(toy[1], 8)
    out = tmp_path / "out"
    # one grading at a time: after the third, five gradings (seconds each) are left in which
    # this process, however loaded the machine, sees the third and interrupts
    # Ctrl-C in a terminal: the batch starts with SIGINT's default action even where this
    # test process inherited it ignored (a child then ignores it too, and never stops)
    batch = _start(
        export,
        out,
        "--cluster",
        "local",
        "-j",
        "1",
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 300
    while len(_graded(out)) < 3 and batch.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    batch.send_signal(signal.SIGINT)  # the instructor presses Ctrl-C
    batch.communicate(timeout=120)
    finished = _graded(out)
    assert 3 <= len(finished) < 8, len(finished)
    stamps = {sid: (out / "results" / f"{sid}.json").stat().st_mtime_ns for sid in finished}
    again = _batch(export, out, "--cluster", "local")
    assert f"{len(finished)} already graded, {8 - len(finished)} to grade" in again.stdout
    assert {sid: (out / "results" / f"{sid}.json").stat().st_mtime_ns for sid in finished} == (
        stamps
    )
    assert _rows(out) == pool_rows


def test_a_grading_that_keeps_killing_its_worker_is_recorded_as_failed(tmp_path):
    export = _toy_export(tmp_path / "export.zip", n=3)
    out = tmp_path / "out"
    batch = _start(export, out, "--cluster", "local", "--retries", "1")
    kills, stdout, stderr = _kill_while_running(
        batch, lambda: _worker_grading(batch.pid, "submission_2001"), once=False
    )
    assert len(kills) == 2  # --retries 1: one retry, then the grading is given up
    assert batch.returncode == 1, stdout[-2000:] + stderr[-3000:]
    rows = {r["submission"]: r for r in _rows(out)}
    assert rows["submission_2001"]["status"].startswith("error: the grading killed its worker 2")
    assert rows["submission_2000"]["status"] == "graded" and rows["submission_2000"]["total"] == "9"
    assert rows["submission_2002"]["status"] == "graded"
    assert "FAILED submission_2001: the grading killed its worker" in stdout


def test_slurm_and_pbs_job_scripts_carry_the_cluster_section(tmp_path):
    pytest.importorskip("dask_jobqueue")
    from autograder.cluster import jobqueue_cluster, load_spec

    config = tmp_path / "cluster.yml"
    config.write_text(
        "cluster:\n  queue: gpu\n  walltime: '02:30:00'\n  memory: 16GB\n  cores: 4\n"
        "  gpus: 2\n  gpus_per_grading: 1\n  account: nn101\n"
        "  prologue: ['module load python/3.11', 'source ~/nnkit/.venv/bin/activate']\n"
    )
    slurm = jobqueue_cluster(load_spec(config, engine="slurm"))
    try:
        script = slurm.job_script()
    finally:
        slurm.close()
    for line in (
        "#SBATCH -p gpu",
        "#SBATCH -t 02:30:00",
        "#SBATCH --mem=15G",
        "#SBATCH --cpus-per-task=4",
        "#SBATCH -A nn101",
        "#SBATCH --gres=gpu:2",
        "module load python/3.11",
        f'export PYTHONPATH="{REPO}',  # the workers import the course's code
    ):
        assert line in script, (line, script)
    # two worker processes with one GPU each: no two gradings share a GPU
    assert "--nworkers 2" in script and "--resources GPU=1" in script
    # flags win over the file
    spec = load_spec(config, engine="pbs", queue="short", gpus=0, gpus_per_grading=0, cores=8)
    pbs = jobqueue_cluster(spec)
    try:
        script = pbs.job_script()
    finally:
        pbs.close()
    # dask-jobqueue states 16GB (10**9 bytes) as 15GB of 2**30, as for Slurm above
    for line in ("#PBS -q short", "#PBS -l walltime=02:30:00", "ncpus=8:mem=15GB"):
        assert line in script, (line, script)
    # one worker process per core, one thread each
    assert "--nworkers 8" in script and "--nthreads 1 " in script and "GPU=" not in script


def test_a_bad_cluster_section_gets_one_clear_line(tmp_path):
    config = tmp_path / "cluster.yml"
    config.write_text("cluster:\n  queu: short\n")
    export = _toy_export(tmp_path / "export.zip", n=2)
    cmd = _cmd(export, tmp_path / "out", "--cluster-config", str(config))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=ENV, cwd=REPO, timeout=120)
    assert proc.returncode == 2
    assert "unknown key 'queu' in the cluster section" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_running_scheduler_grades_the_batch(tmp_path):
    from distributed import LocalCluster

    export = _toy_export(tmp_path / "export.zip", n=2)
    with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None) as cluster:
        proc = _batch(export, tmp_path / "out", "--scheduler", cluster.scheduler_address)
    assert f"grading on: {cluster.scheduler_address}" in proc.stdout
    totals = {r["submission"]: r["total"] for r in _rows(tmp_path / "out")}
    assert totals == {"max": "9", "submission_2000": "9", "submission_2001": "6"}


def test_a_submission_travels_without_its_links(tmp_path):
    from autograder.gradetask import pack_submission, unpack

    folder = tmp_path / "submission_1"
    (folder / "sub").mkdir(parents=True)
    (folder / "toy.py").write_text("x = 1\n")
    (folder / "sub" / "notes.txt").write_text("notes\n")
    secret = tmp_path / "secret.txt"
    secret.write_text("another student's answers\n")
    (folder / "answers.txt").symlink_to(secret)
    (folder / "linked").symlink_to(tmp_path)
    single = tmp_path / "extra.py"
    single.write_text("y = 2\n")
    paths = unpack(pack_submission([folder, single]), tmp_path / "unpacked")
    assert [p.relative_to(tmp_path / "unpacked").as_posix() for p in paths] == [
        "p0/submission_1",
        "p1/extra.py",
    ]
    files = sorted(p.relative_to(paths[0]).as_posix() for p in paths[0].rglob("*") if p.is_file())
    assert files == ["sub/notes.txt", "toy.py"]
    assert paths[1].read_text() == "y = 2\n"


def test_sge_lsf_and_htcondor_jobs_take_the_same_section():
    pytest.importorskip("dask_jobqueue")
    from autograder.cluster import ClusterError, ClusterSpec, jobqueue_cluster

    expected = {
        "sge": ["#$ -q short", "#$ -P nn101", "#$ -l h_rt=02:00:00"],
        "lsf": ["#BSUB -q short", '#BSUB -P "nn101"', "#BSUB -W 02:00"],
        "htcondor": ["request_gpus = 1", "MY.DaskWorkerCores = 4"],
    }
    for engine, lines in expected.items():
        queue = None if engine == "htcondor" else "short"
        account = None if engine == "htcondor" else "nn101"
        spec = ClusterSpec(engine=engine, queue=queue, account=account, walltime="02:00:00")
        spec.gpus_per_grading = 1 if engine == "htcondor" else 0
        cluster = jobqueue_cluster(spec)
        try:
            script = cluster.job_script()
        finally:
            cluster.close()
        for line in lines:
            assert line in script, (engine, line, script)
    with pytest.raises(ClusterError, match="htcondor jobs take no 'queue'"):
        jobqueue_cluster(ClusterSpec(engine="htcondor", queue="short"))


def test_without_dask_the_default_grades_with_the_pool(tmp_path):
    export = _toy_export(tmp_path / "export.zip", n=1)
    args = _cmd(export, tmp_path / "out")[3:]  # after "python -m autograder.batch"
    code = (
        "import sys; sys.modules['distributed'] = None\n"  # as if Dask were not installed
        "from autograder.batch import main\n"
        f"sys.exit(main({args!r}))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=ENV, cwd=REPO, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Dask is not installed" in proc.stdout and "grading on: none" in proc.stdout
    assert _rows(tmp_path / "out")[1]["total"] == "9"
