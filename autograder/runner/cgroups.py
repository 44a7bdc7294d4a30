"""One control group per grading: memory (tmpfs included), process count, CPU share.

Used where the grader may create control groups (root on a VM; a delegated subtree
elsewhere): cgroup v2 when its memory and pids controllers can be enabled, otherwise the
v1 hierarchies. Every worker of a grading joins the grading's group before it runs student
code, so the limits cover everything it starts, set-uid programs included, and killing the
group kills all of it. Sibling groups get equal CPU weight, so a submission that burns
CPU in background threads slows only its own grading.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from .layers import kill_until_gone

V1_ROOT = Path("/sys/fs/cgroup")


def _write(path: Path, value: str) -> None:
    with open(path, "w") as f:
        f.write(value)


def _v2_mount() -> Path | None:
    try:
        with open("/proc/self/mounts") as f:
            for line in f:
                parts = line.split()
                if len(parts) > 2 and parts[2] == "cgroup2":
                    mount = Path(parts[1])
                    controllers = (mount / "cgroup.controllers").read_text().split()
                    if {"memory", "pids"} <= set(controllers):
                        return mount
    except OSError:
        return None
    return None


def _parent_weight(path: Path, unit: int, most: int) -> None:
    """All gradings together weigh as two busy processes per CPU against the rest of the
    machine; each grading inside weighs the same as every other."""
    try:
        _write(path, str(min(most, unit * 2 * (os.cpu_count() or 1))))
    except OSError:
        pass


class CGroup:
    """A grading's control group; ``create`` returns None (with a reason) when unavailable."""

    def __init__(self, version: int, dirs: list[Path]) -> None:
        self.version = version
        self.dirs = dirs

    @staticmethod
    def create(name: str, memory_mb: int, pids: int) -> tuple[CGroup | None, str]:
        errors = []
        mount = _v2_mount()
        if mount is not None:
            try:
                return CGroup._create_v2(mount, name, memory_mb, pids), ""
            except OSError as exc:
                errors.append(f"cgroup v2: {exc.strerror or exc}")
        if (V1_ROOT / "memory").is_dir() and (V1_ROOT / "pids").is_dir():
            try:
                return CGroup._create_v1(name, memory_mb, pids), ""
            except OSError as exc:
                errors.append(f"cgroup v1: {exc.strerror or exc}")
        return None, "; ".join(errors) or "no cgroup hierarchy with memory and pids controllers"

    @staticmethod
    def _create_v2(mount: Path, name: str, memory_mb: int, pids: int) -> CGroup:
        parent = mount / "nnkit"
        parent.mkdir(exist_ok=True)
        _write(mount / "cgroup.subtree_control", "+memory +pids +cpu")
        _write(parent / "cgroup.subtree_control", "+memory +pids +cpu")
        _parent_weight(parent / "cpu.weight", 100, 10000)
        group = parent / name
        group.mkdir()
        cg = CGroup(2, [group])
        try:
            _write(group / "memory.max", str(memory_mb * 2**20))
            if (group / "memory.swap.max").exists():
                _write(group / "memory.swap.max", "0")
            _write(group / "pids.max", str(pids))
        except OSError:
            cg.remove()
            raise
        return cg

    @staticmethod
    def _create_v1(name: str, memory_mb: int, pids: int) -> CGroup:
        dirs = []
        try:
            for controller in ("memory", "pids", "cpu"):
                if not (V1_ROOT / controller).is_dir():
                    continue
                group = V1_ROOT / controller / "nnkit" / name
                group.mkdir(parents=True)
                dirs.append(group)
            _parent_weight(V1_ROOT / "cpu" / "nnkit" / "cpu.shares", 1024, 262144)
            cg = CGroup(1, dirs)
            memory = V1_ROOT / "memory" / "nnkit" / name
            _write(memory / "memory.limit_in_bytes", str(memory_mb * 2**20))
            if (memory / "memory.memsw.limit_in_bytes").exists():
                _write(memory / "memory.memsw.limit_in_bytes", str(memory_mb * 2**20))
            _write(V1_ROOT / "pids" / "nnkit" / name / "pids.max", str(pids))
        except OSError:
            CGroup(1, dirs).remove()
            raise
        return cg

    def describe(self) -> str:
        return f"cgroup v{self.version} {self.dirs[0].name}"

    def add(self, pid: int) -> None:
        for group in self.dirs:
            _write(group / "cgroup.procs", str(pid))

    def procs(self) -> set[int]:
        pids: set[int] = set()
        for group in self.dirs:
            try:
                pids |= {int(p) for p in (group / "cgroup.procs").read_text().split()}
            except OSError:
                continue
        return pids

    def kill(self) -> None:
        """Kill every process in the group, however many it keeps starting."""
        if self.version == 2 and (self.dirs[0] / "cgroup.kill").exists():
            try:
                _write(self.dirs[0] / "cgroup.kill", "1")
            except OSError:
                pass
        kill_until_gone(self.procs, rounds=200, pause_s=0.01)

    def oom_kills(self) -> int:
        """How many processes of the group the kernel has killed for memory so far."""
        group = self.dirs[0]
        name = "memory.events" if self.version == 2 else "memory.oom_control"
        try:
            fields = (group / name).read_text().split()
            return int(fields[fields.index("oom_kill") + 1])
        except (OSError, ValueError, IndexError):
            return 0

    def remove(self) -> None:
        self.kill()
        for group in self.dirs:
            for _ in range(50):
                try:
                    group.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)
