"""Where a batch's gradings run: a local thread pool, or Dask (locally or on a cluster).

``--cluster none``
    threads of the coordinating process, each running one runner subprocess (needs nothing
    beyond the course's requirements).
``--cluster local`` (the default)
    a ``dask.distributed.LocalCluster`` of ``-j`` worker processes with one thread each.
``--cluster slurm|pbs|sge|lsf|htcondor``
    ``dask-jobqueue`` submits jobs to the batch scheduler; each job runs Dask workers that
    grade. Queue, walltime, memory, cores and GPUs per job come from the ``cluster:`` section
    of ``--cluster-config`` and/or the flags.
``--scheduler ADDRESS``
    a Dask cluster someone already runs (``tcp://host:8786``).

Every engine runs :func:`autograder.gradetask.grade` once per submission. A grading that
fails is retried (``retries`` times); a Dask worker that dies mid-grading hands its grading to
another worker, and a grading that kills ``retries + 1`` workers is recorded as failed with the
reason. With ``gpus_per_grading`` each grading asks for the Dask resource ``{"GPU": n}``, so
two gradings never share one GPU.
"""

from __future__ import annotations

import inspect
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, fields
from pathlib import Path

import yaml

from autograder.gradetask import CODE_ROOT, Job, Outcome, close_server, grade, unpack_bundle

ENGINES = ("none", "local", "slurm", "pbs", "sge", "lsf", "htcondor")
JOBQUEUE = {
    "slurm": "SLURMCluster",
    "pbs": "PBSCluster",
    "sge": "SGECluster",
    "lsf": "LSFCluster",
    "htcondor": "HTCondorCluster",
}
INSTALL = "pip install '.[cluster]' (dask[distributed] and dask-jobqueue)"


class ClusterError(Exception):
    """The engine cannot be set up as asked (missing package, bad cluster section)."""


@dataclass
class ClusterSpec:
    """How to get workers. Fields match the ``cluster:`` section of ``--cluster-config``."""

    engine: str = "local"
    scheduler: str | None = None  # address of a running Dask scheduler
    workers: int = 2  # local: worker processes; jobqueue: jobs to start
    queue: str | None = None
    walltime: str = "01:00:00"
    memory: str = "8GB"  # per job
    cores: int = 4  # per job; one grading per core
    gpus: int = 0  # per job (Slurm: --gres=gpu:N; other schedulers: job_extra)
    gpus_per_grading: int = 0
    account: str | None = None
    python: str | None = None  # the Python of the course's environment on the nodes
    job_extra: list[str] = field(default_factory=list)  # extra #SBATCH/#PBS/... lines
    prologue: list[str] = field(default_factory=list)  # shell lines before the worker starts
    retries: int = 2


def load_spec(path: Path | None, **overrides: object) -> ClusterSpec:
    """Read the ``cluster:`` section of a YAML file; flags given (not None) win over it."""
    values: dict = {}
    if path is not None:
        try:
            data = yaml.safe_load(Path(path).read_text()) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ClusterError(f"cannot read the cluster config {path} ({exc})") from None
        values = dict(data.get("cluster", data) or {})
        known = {f.name for f in fields(ClusterSpec)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ClusterError(
                f"unknown key {unknown[0]!r} in the cluster section of {path} "
                f"(known: {', '.join(sorted(known))})"
            )
    values.update({k: v for k, v in overrides.items() if v is not None})
    spec = ClusterSpec(**values)
    if spec.engine not in ENGINES:
        raise ClusterError(f"unknown cluster {spec.engine!r} (one of {', '.join(ENGINES)})")
    return spec


def _dask():
    try:
        import dask
        import distributed
    except ImportError:
        raise ClusterError(f"Dask is not installed: {INSTALL}, or use --cluster none") from None
    return dask, distributed


def jobqueue_cluster(spec: ClusterSpec):
    """The dask-jobqueue cluster object for ``spec`` (its ``job_script()`` shows the job)."""
    try:
        import dask_jobqueue
    except ImportError:
        raise ClusterError(f"dask-jobqueue is not installed: {INSTALL}") from None
    cls = getattr(dask_jobqueue, JOBQUEUE[spec.engine])
    gpus = spec.gpus or spec.gpus_per_grading
    # one worker process per core (so one thread each: a grading is one subprocess), or
    # one per GPU, whose resource GPU=1 then lets it grade one GPU grading at a time
    processes = max(1, gpus // max(1, spec.gpus_per_grading) if gpus else spec.cores)
    extra = list(spec.job_extra)
    if gpus and spec.engine == "slurm":
        extra.append(f"--gres=gpu:{gpus}")
    kwargs: dict = {
        "cores": spec.cores,
        "processes": processes,
        "memory": spec.memory,
        "walltime": spec.walltime,
        "job_extra_directives": extra,
        # the workers import the course's code from the same checkout (code only: the
        # submissions and the grading bundle travel as data)
        "job_script_prologue": [
            *spec.prologue,
            f'export PYTHONPATH="{CODE_ROOT}${{PYTHONPATH:+:$PYTHONPATH}}"',
        ],
        "worker_extra_args": [],
    }
    if spec.engine == "htcondor":  # submit-file lines are "key = value"
        kwargs.pop("walltime")
        kwargs["disk"] = "4GB"
        lines = dict(line.split("=", 1) for line in extra if "=" in line)
        if gpus:
            lines.setdefault("request_gpus", str(gpus))
        kwargs["job_extra_directives"] = {k.strip(): v.strip() for k, v in lines.items()}
    accepted = set(inspect.signature(cls.job_cls.__init__).parameters)
    account = "account" if "account" in accepted else "project"  # SGE and LSF: project
    for name, value in (("queue", spec.queue), (account, spec.account)):
        if value and name not in accepted:
            raise ClusterError(
                f"{spec.engine} jobs take no {name!r}: put the line in job_extra instead"
            )
        if value:
            kwargs[name] = value
    if spec.python:
        kwargs["python"] = spec.python
    if gpus:
        per_worker = max(1, gpus // processes)
        kwargs["worker_extra_args"] += ["--resources", f"GPU={per_worker}"]
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as exc:
        raise ClusterError(f"cannot describe the {spec.engine} jobs: {exc}") from None


class Engine:
    """Runs jobs; ``results()`` yields (job, Outcome or the exception that ended it)."""

    name = "none"

    def __init__(self, spec: ClusterSpec, bundle: bytes) -> None:
        self.spec = spec
        self.bundle = bundle

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def results(self, jobs: list[Job]) -> Iterator[tuple[Job, Outcome | BaseException]]:
        raise NotImplementedError


class PoolEngine(Engine):
    """Threads of this process, each grading one submission at a time (gradetask.grade)."""

    def __enter__(self) -> PoolEngine:
        self.folder = unpack_bundle(self.bundle)
        return self

    def __exit__(self, *exc: object) -> None:
        close_server(self.folder)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _grade(self, job: Job) -> Outcome:
        for attempt in range(self.spec.retries + 1):
            try:
                return grade(job, self.folder)
            except Exception:
                if attempt == self.spec.retries:
                    raise
        raise AssertionError("unreachable")

    def results(self, jobs: list[Job]) -> Iterator[tuple[Job, Outcome | BaseException]]:
        with ThreadPoolExecutor(max_workers=max(1, self.spec.workers)) as pool:
            futures = {pool.submit(self._grade, job): job for job in jobs}
            for future in as_completed(futures):
                error = future.exception()
                yield futures[future], error if error is not None else future.result()


def _bundle_plugin(bundle: bytes, key: str):
    """A worker plugin that unpacks the bundle once per worker process (also a restarted one)."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class BundlePlugin(WorkerPlugin):
        name = f"nnkit-bundle-{key}"

        def __init__(self) -> None:
            self.data = bundle
            self.folder: Path | None = None

        def setup(self, worker) -> None:
            self.folder = unpack_bundle(self.data, worker.local_directory)

        def teardown(self, worker) -> None:
            if self.folder is not None:
                close_server(self.folder)
                shutil.rmtree(self.folder, ignore_errors=True)

    return BundlePlugin()


def _grade_on_worker(job: Job, plugin_name: str) -> Outcome:
    from distributed import get_worker

    worker = get_worker()
    folder = worker.plugins[plugin_name].folder
    return grade(job, folder, worker.local_directory)


class DaskEngine(Engine):
    """A Dask client on a LocalCluster, a dask-jobqueue cluster or a running scheduler."""

    def __init__(self, spec: ClusterSpec, bundle: bytes, key: str) -> None:
        super().__init__(spec, bundle)
        self.key = key
        self.cluster = None
        self.client = None
        self.name = "scheduler " + spec.scheduler if spec.scheduler else spec.engine

    def __enter__(self) -> DaskEngine:
        dask, distributed = _dask()
        # a worker that dies while grading hands the grading on; retries+1 deaths end it
        # and no worker holds gradings it has not started (they would share its fate)
        dask.config.set(
            {
                "distributed.scheduler.allowed-failures": self.spec.retries,
                "distributed.scheduler.worker-saturation": 1.0,
            }
        )
        try:
            if self.spec.scheduler:
                self.client = distributed.Client(self.spec.scheduler, timeout="60s")
            elif self.spec.engine == "local":
                resources = {"GPU": self.spec.gpus} if self.spec.gpus else None
                self.cluster = distributed.LocalCluster(
                    n_workers=max(1, self.spec.workers),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    resources=resources,
                )
                self.client = distributed.Client(self.cluster)
            else:
                self.cluster = jobqueue_cluster(self.spec)
                self.cluster.scale(jobs=max(1, self.spec.workers))
                self.client = distributed.Client(self.cluster)
            self.plugin = _bundle_plugin(self.bundle, self.key)
            self.client.register_plugin(self.plugin)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def results(self, jobs: list[Job]) -> Iterator[tuple[Job, Outcome | BaseException]]:
        from distributed import as_completed as dask_completed

        resources = {"GPU": self.spec.gpus_per_grading} if self.spec.gpus_per_grading else None
        futures = {}
        for job in jobs:
            future = self.client.submit(
                _grade_on_worker,
                job,
                self.plugin.name,
                key=f"grade-{job.sid}-{self.key[:12]}",
                retries=self.spec.retries,
                resources=resources,
                pure=False,
            )
            futures[future] = job
        for future in dask_completed(futures):
            try:
                outcome: Outcome | BaseException = future.result()
            except Exception as exc:  # the grading's own error, or KilledWorker
                outcome = exc
            future.release()
            yield futures[future], outcome


def engine(spec: ClusterSpec, bundle: bytes, key: str) -> Engine:
    """The engine ``spec`` asks for; use it as a context manager."""
    if spec.engine == "none" and not spec.scheduler:
        return PoolEngine(spec, bundle)
    return DaskEngine(spec, bundle, key)
