"""Grading integrity: hostile submissions against every layer of the sandbox, in every mode
this machine can produce.

A mode turns layers off to force the fallbacks of other hosts: a container that refuses
namespaces (Gradescope), a kernel without Landlock, no seccomp, no control group, and the
grader's own user instead of a sandbox uid (an ordinary user on a cluster node). In each
mode every attack must get no undeserved point, leak no hidden input, reference or other
student's data, leave nothing behind, and end in a results.json.

CI runs the modes in ``MODES``; ``NNKIT_FULL_MATRIX=1`` runs every mode of ``ALL_MODES``
and prints the attack x mode table.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from autograder.runner.sandbox import WORLD_WRITABLE, remove_tree
from tests.runner_helpers import (
    ADVERSARIAL,
    FIXTURE,
    REPO,
    TOY_POINTS,
    TOY_REFERENCE,
    load,
    overlay,
    per_question,
    run_runner,
    sandbox_processes,
)

pytestmark = pytest.mark.slow

ALL_MODES: dict[str, list[str]] = {
    "root": [],
    "no-namespaces": ["--no-namespaces"],
    "no-landlock": ["--no-landlock"],
    "no-seccomp": ["--no-seccomp"],
    "no-cgroup": ["--no-cgroup"],
    "own-user": ["--no-uid"],
    "own-user, no Landlock": ["--no-uid", "--no-landlock"],
    "own-user, no namespaces": ["--no-uid", "--no-namespaces"],
}
CI_MODES = (
    "root",
    "no-namespaces",
    "no-landlock",
    "own-user, no Landlock",
    "own-user, no namespaces",
)
MODES = list(ALL_MODES) if os.environ.get("NNKIT_FULL_MATRIX") else list(CI_MODES)

FULL = dict(TOY_POINTS)
NOTHING = {q: 0.0 for q in TOY_POINTS}
# attack -> (points it deserves per question, strings no part of its results may contain)
ATTACKS: dict[str, tuple[dict[str, float], list[str]]] = {
    "steal_reference": (
        NOTHING,
        ["SECRET_HIDDEN", "hidden=True", "def add(a: float", "nnkit.grading import reference"],
    ),
    "tcp_exfiltrate": (FULL, []),
    "persist_hidden": (FULL, ["1234.5"]),
    "import_name_leak": ({"q1": 1.0, "q2": 3.0, "q3": 2.0, "q4": 1.0}, ["Leak", "1234"]),
    "kill_runner": (FULL, []),
    "poison_nnkit": (FULL, ["PWNED"]),
    "read_runner_memory": (FULL, ["MEM_OPENED", "PTRACE_OK", "MEMLEAK"]),
    "setuid_linger": (FULL, []),
    # q4 is lost when a watchdog stops the writing, kept when the writes are refused
    "fill_scratch": ({**FULL, "q4": None}, []),
    # q1's work needs 6 s on both cores: its 3 s timeout must not stretch for its own helpers
    "escaped_helpers": ({**FULL, "q1": 0.0}, []),
}
LINGERING = ("/usr/bin/chfn", "/usr/bin/passwd", "/usr/bin/newgrp")


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for item in sorted(folder.rglob("*")):
        if item.is_file() and "__pycache__" not in item.parts:
            h.update(str(item.relative_to(folder)).encode() + item.read_bytes())
    return h.hexdigest()


class Listener:
    """TCP (IPv4 and IPv6) and UDP on one loopback port; records whatever arrives."""

    def __init__(self) -> None:
        self.received: list[bytes] = []
        self.tcp = socket.create_server(("127.0.0.1", 0))
        self.port = self.tcp.getsockname()[1]
        self.socks = [self.tcp]
        try:
            self.socks.append(socket.create_server(("::1", self.port), family=socket.AF_INET6))
        except OSError:
            pass
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.bind(("127.0.0.1", self.port))
        self.socks.append(udp)
        for sock in self.socks:
            sock.settimeout(0.2)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            for sock in self.socks:
                try:
                    if sock.type == socket.SOCK_DGRAM:
                        self.received.append(sock.recv(65536))
                    else:
                        conn, _ = sock.accept()
                        conn.settimeout(1)
                        with conn:
                            self.received.append(conn.recv(65536) or b"(connected)")
                except OSError:
                    continue

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        for sock in self.socks:
            sock.close()


def _source(attack: str, port: int) -> str:
    text = (ADVERSARIAL / f"{attack}.py").read_text()
    text = text.replace("__PORT__", str(port)).replace("__REPO__", str(REPO))
    return text if text.startswith('"""WHOLE MODULE') else overlay(text)


def _leftovers() -> list[str]:
    found = []
    for top in WORLD_WRITABLE:
        try:
            found += [os.path.join(top, n) for n in os.listdir(top) if n.startswith("nnkit-leak")]
        except OSError:
            continue
    return found


def _lingering() -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.readlink(f"/proc/{entry}/exe") in LINGERING:
                    pids.append(int(entry))
            except OSError:
                continue
    return pids


@pytest.fixture(scope="module")
def matrix(run_once):
    return run_once("integrity-matrix", _grade_matrix)


def _grade_matrix(tmp: Path) -> dict:
    """Every attack graded in every mode, two at a time, and what they left behind."""
    os.chmod(tmp, 0o755)
    nnkit_before = _digest(REPO / "nnkit")
    listener = Listener()
    jobs = []
    for mode in MODES:
        for attack in ATTACKS:
            jobs.append((attack, mode))

    def grade(job):
        attack, mode = job
        folder = tmp / f"{attack}-{mode.replace(' ', '').replace(',', '_')}"
        folder.mkdir()
        runs = []
        # persist_hidden is graded twice: the second grading looks for the first's leak
        for attempt in range(2 if attack == "persist_hidden" else 1):
            sub = folder / f"sub{attempt}"
            sub.mkdir()
            (sub / "toy.py").write_text(_source(attack, listener.port))
            results = folder / f"results{attempt}.json"
            start = time.monotonic()
            proc = run_runner(sub, results, extra=ALL_MODES[mode], timeout=300)
            runs.append((proc, results, time.monotonic() - start))
        return job, runs

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcome = dict(pool.map(grade, jobs))
    time.sleep(0.5)
    listener.close()
    state = {
        "outcome": outcome,
        "received": list(listener.received),
        "nnkit_changed": _digest(REPO / "nnkit") != nnkit_before,
        "leftovers": _leftovers(),
        "lingering": _lingering(),
        "sandbox_processes": sandbox_processes(),
    }
    if os.environ.get("NNKIT_FULL_MATRIX"):
        _print_table(outcome)
    return state


def _verdict(attack: str, runs) -> str:
    deserved, forbidden = ATTACKS[attack]
    for proc, results, _ in runs:
        if proc.returncode != 0 or not results.exists():
            return "no results.json"
        report = load(results)
        text = json.dumps(report, ensure_ascii=False)
        if any(s in text for s in forbidden):
            return "LEAK"
        if not _scores_match(per_question(report), deserved):
            return f"wrong score {per_question(report)}"
        if attack == "fill_scratch" and not _fill_contained(report):
            return "wrote too much"
    return "contained"


def _scores_match(got: dict[str, float], deserved: dict[str, float | None]) -> bool:
    return all(deserved[q] is None or got.get(q) == deserved[q] for q in deserved)


def _fill_contained(report: dict) -> bool:
    """At most the scratch cap (64 MB) and a small tmpfs were written, or a watchdog
    stopped the writing."""
    text = json.dumps(report)
    if "wrote more than 64 MB of files" in text:
        return True
    written = [int(w) for w in re.findall(r"WROTE (\d+) MB", text)]
    return bool(written) and max(written) <= 80


def _print_table(outcome) -> None:
    width = max(len(a) for a in ATTACKS) + 2
    print("\n" + "attack".ljust(width) + " | ".join(MODES))
    for attack in ATTACKS:
        cells = [_verdict(attack, outcome[(attack, mode)]) for mode in MODES]
        print(attack.ljust(width) + " | ".join(cells))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("attack", list(ATTACKS))
def test_attack_is_contained(matrix, attack, mode):
    runs = matrix["outcome"][(attack, mode)]
    deserved, forbidden = ATTACKS[attack]
    for proc, results, _ in runs:
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert results.exists(), f"{attack} ({mode}): no results.json\n{proc.stderr[-3000:]}"
        report = load(results)
        text = json.dumps(report, ensure_ascii=False)
        assert _scores_match(per_question(report), deserved), f"{attack} ({mode}): {text[:3000]}"
        if attack == "fill_scratch":
            assert _fill_contained(report), f"{attack} ({mode}): {text[:3000]}"
        for needle in forbidden:
            assert needle not in text, f"{attack} ({mode}) leaked {needle!r}: {text[:3000]}"
        assert report["score"] == sum(t["score"] for t in report["tests"])


def test_nothing_left_behind_and_nothing_reached_out(matrix):
    assert matrix["received"] == [], "the listener on 127.0.0.1 received data"
    assert not matrix["nnkit_changed"], "a submission changed the course library"
    assert not list((REPO / "nnkit").glob("_pwned*"))
    assert matrix["leftovers"] == [], "files outlived their grading"
    assert matrix["lingering"] == [], "set-uid programs outlived their grading"
    assert matrix["sandbox_processes"] == []
    site = Path(sys.executable).parents[1]
    assert not list(site.rglob("nnkit_pwned.pth"))


def test_a_stub_cannot_run_the_reference_from_the_gradescope_layout(tmp_path):
    """The source folder of Gradescope's layout holds the reference and hidden tests."""
    root = tmp_path / "autograder"
    source = root / "source"
    (source / "tests").mkdir(parents=True)
    (source / "_reference" / "fx_toy").mkdir(parents=True)
    for path in (FIXTURE / "autograder" / "fx_toy" / "tests").glob("q*.py"):
        (source / "tests" / path.name).write_text(path.read_text())
    (source / "_reference" / "fx_toy" / "toy.py").write_text(TOY_REFERENCE.read_text())
    (source / "assignment.yml").write_text(
        (FIXTURE / "solutions" / "fx_toy" / "assignment.yml").read_text()
    )
    (root / "submission").mkdir()
    attack = _source("steal_reference", 9).replace(str(REPO), str(source))
    (root / "submission" / "toy.py").write_text(attack)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run(
        [sys.executable, "-m", "autograder.runner", "--gradescope", "--root", str(root)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = load(root / "results" / "results.json")
    assert per_question(report) == NOTHING
    assert "SECRET_HIDDEN" not in json.dumps(report)


def test_a_grading_stops_at_its_time_budget(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "toy.py").write_text(_source("under_every_limit", 9))
    results = tmp_path / "results.json"
    start = time.monotonic()
    proc = run_runner(sub, results, extra=["--budget", "6"])
    wall = time.monotonic() - start
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = load(results)
    texts = [t["output"] for t in report["tests"]]
    assert any("time budget used up" in t for t in texts), texts
    assert any(t.startswith("✅") for t in texts), "cases within the budget are graded"
    # the budget covers the grading; process start-up and imports of this CLI come on top
    assert wall < 6 + 3 + 15, f"grading took {wall:.0f} s with a 6 s budget"


def _malformed(tmp: Path) -> dict[str, Path]:
    source = TOY_REFERENCE.read_bytes()
    out = {}
    crc = tmp / "bad_crc.zip"
    with zipfile.ZipFile(crc, "w", zipfile.ZIP_STORED) as z:
        z.writestr("toy.py", source)
    raw = bytearray(crc.read_bytes())
    start = raw.find(b"def add")
    raw[start] ^= 0x20  # stored data no longer matches its CRC
    crc.write_bytes(bytes(raw))
    out["bad CRC"] = crc
    for label, flag_offset, value in (("deflate64", 8, 9), ("encrypted", 6, 1)):
        path = tmp / f"{label}.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
            z.writestr("toy.py", source)
        data = bytearray(path.read_bytes())
        central = data.rfind(b"PK\x01\x02")
        for header, shift in ((0, 0), (central, 2)):  # local header, central directory
            pos = header + flag_offset + shift
            data[pos : pos + 2] = value.to_bytes(2, "little")
        path.write_bytes(bytes(data))
        out[label] = path
    deep = tmp / "deep"
    deep.mkdir()
    fd = os.open(deep, os.O_RDONLY)
    for _ in range(1200):  # deeper than Python's recursion limit
        os.mkdir("d", dir_fd=fd)
        inner = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = inner
    with open(os.open("toy.py", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "wb") as f:
        f.write(source)
    os.close(fd)
    out["deeply nested folder"] = deep
    names = tmp / "names"
    names.mkdir()
    os.makedirs(os.path.join(os.fsencode(names), b"\xff\xfe-folder"))
    with open(os.path.join(os.fsencode(names), b"\xff\xfe-folder", b"toy\xff.py"), "wb") as f:
        f.write(source)
    out["file names not UTF-8"] = names
    return out


def test_malformed_submissions_end_in_results_with_a_reason(tmp_path):
    cases = _malformed(tmp_path)
    try:
        _grade_malformed(tmp_path, cases)
    finally:
        remove_tree(cases["deeply nested folder"])  # pytest's clean-up recurses


def _grade_malformed(tmp_path: Path, cases: dict[str, Path]) -> None:
    for label, path in cases.items():
        results = tmp_path / f"{label.replace(' ', '_')}.json"
        proc = run_runner(path, results)
        assert proc.returncode == 0, f"{label}: {proc.stderr[-3000:]}"
        report = load(results)
        assert report["score"] == 0, label
        assert "toy.py" in report["output"], f"{label}: {report['output']}"
        assert report["output"].strip(), label


def test_another_students_work_is_out_of_reach_in_a_batch(tmp_path):
    subs = tmp_path / "subs"
    (subs / "a_honest").mkdir(parents=True)
    (subs / "a_honest" / "toy.py").write_text(TOY_REFERENCE.read_text() + "\n# HONEST_STUDENT_7F\n")
    out = tmp_path / "out"
    snoop = (ADVERSARIAL / "batch_snoop.py").read_text()
    snoop = snoop.replace("__OUT__", str(out)).replace("__SUBMISSIONS__", str(subs))
    (subs / "z_snoop").mkdir()
    (subs / "z_snoop" / "toy.py").write_text(overlay(snoop))
    cmd = [sys.executable, "-m", "autograder.batch", "--assignment", "fx_toy", "-j", "1"]
    cmd += ["--tests-dir", str(FIXTURE / "autograder" / "fx_toy" / "tests")]
    cmd += ["--reference-dir", str(FIXTURE / "solutions"), "--out", str(out), str(subs)]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    for written in (out / "results" / "z_snoop.json", out / "feedback" / "z_snoop.txt"):
        text = written.read_text()
        assert "SNOOP:" in text, "the snooping public test ran and printed"
        assert "HONEST_STUDENT_7F" not in text and "a_honest" not in text, text[:2000]


def test_honest_submissions_keep_their_points_beside_a_cpu_hog(tmp_path):
    reference = (REPO / "solutions" / "a1_perceptron" / "perceptron.py").read_text()
    subs = tmp_path / "subs"
    for name in ("a_hog", "b_honest", "c_honest"):
        (subs / name).mkdir(parents=True)
        text = reference
        if name == "a_hog":
            text += "\n\n" + (ADVERSARIAL / "cpu_hog.py").read_text()
        (subs / name / "perceptron.py").write_text(text)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "autograder.batch", "--assignment", "a1_perceptron"]
    cmd += ["-j", "2", "--out", str(out), str(subs)]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    for name in ("b_honest", "c_honest"):
        report = load(out / "results" / f"{name}.json")
        full = sum(t["max_score"] for t in report["tests"])
        assert report["score"] == full, json.dumps(report)[:3000]


def test_a_sleeping_call_gets_its_timeout_and_no_more(tmp_path):
    """Extra time goes only to a worker that waited for a CPU: one that sleeps (or blocks)
    is stopped at its question's timeout (3 s), not at the starved limit (4 x 3 s)."""
    sub = tmp_path / "toy.py"
    sub.write_text(overlay("import time as _t\n_add = add\n\ndef add(a, b):\n    _t.sleep(60)\n"))
    results = tmp_path / "results.json"
    start = time.monotonic()
    proc = run_runner(sub, results)
    wall = time.monotonic() - start
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = load(results)
    assert per_question(report)["q1"] == 0.0
    q1 = [t["output"] for t in report["tests"] if t["name"].startswith("q1")]
    assert q1 and all("Timed out after 3 s" in text for text in q1), q1
    # q1's two cases time out: 2 x 3 s, the rest takes seconds; starved, it would be 2 x 12 s
    assert wall < 20, f"grading took {wall:.0f} s"


def test_without_a_control_group_a_starved_test_is_not_timed_out(tmp_path):
    """Other processes take the CPU: the per-test clock stops while the worker waits for one.
    Each hog has a session of its own, as a grading beside this one would: where the kernel
    shares the CPU between sessions first (autogroup), hogs of one session would take no
    more than the worker's own session gets. The hogs, the runner and its worker share one
    CPU (the worker gets a fifth of it), so that tests running beside this one keep the
    other CPUs."""
    hog = [sys.executable, "-c", "while True: pass"]
    cpus = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cpus)})  # inherited by the hogs and the runner
    hogs = [subprocess.Popen(hog, start_new_session=True) for _ in range(4)]
    try:
        sub = tmp_path / "toy.py"
        sub.write_text(
            overlay(
                "import numpy as _np\n_add = add\n\n"
                "def add(a, b):\n"
                "    x = _np.random.default_rng(0).normal(size=(300, 300))\n"
                "    for _ in range(300):\n"
                "        x = _np.tanh(x @ x.T / 300)\n"
                "    return _add(a, b)\n"
            )
        )
        results = tmp_path / "results.json"
        proc = run_runner(sub, results, extra=["--no-cgroup"])
    finally:
        os.sched_setaffinity(0, cpus)
        for hog in hogs:
            hog.kill()
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert per_question(load(results)) == FULL, json.dumps(load(results))[:3000]


def _grade_in_linked_checkout(tmp_path: Path, submission: str, *extra: str) -> dict:
    """Grade ``submission`` with a copy of the course whose .venv is a symbolic link to this
    run's virtual environment (two checkouts sharing one, as with git worktrees): the runner
    comes from the copy, the worker's nnkit from wherever the environment installed it."""
    import shutil

    checkout = tmp_path / "course"
    for part in ("autograder", "nnkit"):
        shutil.copytree(REPO / part, checkout / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(FIXTURE, checkout / "toy")
    (checkout / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    sub = tmp_path / "toy.py"
    sub.write_text(submission)
    results = tmp_path / "results.json"
    cmd = [str(checkout / ".venv" / "bin" / "python"), "-m", "autograder.runner"]
    cmd += ["--assignment", "fx_toy", "--results", str(results), "--submission", str(sub)]
    cmd += ["--tests-dir", str(checkout / "toy" / "autograder" / "fx_toy" / "tests")]
    cmd += ["--reference-dir", str(checkout / "toy" / "solutions"), *extra]
    env = dict(os.environ, PYTHONPATH=str(checkout))
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=checkout, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return load(results)


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="needs a virtual environment")
def test_a_virtual_environment_linked_from_elsewhere_is_put_back(tmp_path):
    """The worker's private view empties the checkout, and Python (which names its
    site-packages by the link) must still import from it after the sandbox is closed.
    Before the link was put back, an honest submission lost every point that needed a
    lazily imported module (numpy.ma)."""
    honest = overlay("_add = add\n\ndef add(a, b):\n    import numpy.ma\n    return _add(a, b)\n")
    report = _grade_in_linked_checkout(tmp_path, honest)
    assert per_question(report) == FULL, json.dumps(report)[:3000]


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="needs a virtual environment")
def test_the_checkout_of_a_shared_environments_library_is_hidden_without_landlock(tmp_path):
    """Where the shared environment (and its editable nnkit) lives in another checkout, that
    checkout (with its reference and tests) is emptied from the worker's view too. Before,
    with --no-landlock, steal_reference read this checkout's toy reference by way of
    nnkit's folder and by way of the environment's (walking up from each), and took
    every point (where the checkout lies outside /tmp; below /tmp the
    worker's fresh /tmp hides it anyway, and the next test checks the rule itself)."""
    source = _source("steal_reference", 9).replace(str(REPO), str(tmp_path / "course"))
    report = _grade_in_linked_checkout(tmp_path, source, "--no-landlock")
    text = json.dumps(report, ensure_ascii=False)
    assert per_question(report) == NOTHING, text[:3000]
    for needle in ATTACKS["steal_reference"][1]:
        assert needle not in text, text[:3000]


def test_the_checkouts_around_what_the_worker_reads_are_emptied():
    """The worker's view without Landlock: an editable nnkit from another checkout, or a
    virtual environment inside a third one, leaves the rest of those checkouts (their
    solutions) unseen, while nnkit and the whole environment stay readable. The folders
    live in the home folder: below /tmp every folder is hidden anyway (the worker gets a
    fresh /tmp), which would prove nothing here."""
    import shutil
    import tempfile

    from autograder.runner.sandbox import WORLD_WRITABLE, closed_dirs

    home = Path.home().resolve()
    if any(str(home).startswith(w + "/") for w in WORLD_WRITABLE) or not os.access(home, os.W_OK):
        pytest.skip("needs a writable home folder outside the world-writable ones")
    base = Path(tempfile.mkdtemp(prefix=".nnkit-closed-dirs-", dir=home))
    try:
        other, third = base / "other-checkout", base / "third-checkout"
        venv = third / ".venv"
        site = venv / "lib" / "python3.11" / "site-packages"
        for folder in (other / "nnkit", other / "solutions", third / "solutions", site / "numpy"):
            folder.mkdir(parents=True)
        closed = closed_dirs([], [str(venv), str(other / "nnkit")])

        def seen(path: Path) -> bool:
            text = str(path)
            under = [c for c in closed if text == c or text.startswith(c + "/")]
            bound = [p for c in under for p in closed[c]]
            return not under or any(text == p or text.startswith(p + "/") for p in bound)

        assert not seen(other / "solutions") and not seen(third / "solutions"), closed
        assert seen(other / "nnkit") and seen(site / "numpy") and seen(venv), closed
    finally:
        shutil.rmtree(base)


def _script_report(script: str, *args: str) -> dict:
    """Run ``script`` in a process of its own (with the course importable) and return the
    JSON object its last line of output prints."""
    proc = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


_PREPARED_SCRIPT = r"""
import json, os, signal, sys
from pathlib import Path
from autograder.runner.proxies import Session, import_modules
from autograder.runner.layers import become_subreaper
from autograder.runner.sandbox import Forked, Limits, Sandbox

assert become_subreaper()
work = Path(sys.argv[1])
module = b"import os\nimport numpy as np\n" + (
    b"def state():\n    global CALLS\n    CALLS = globals().get('CALLS', 0) + 1\n"
    b"    return [os.getpid(), os.getppid(), CALLS, float(np.random.random()), os.getuid()]\n"
)
sandbox = Sandbox({"probe": module}, work, Limits(), hide=[])
seen = []
try:
    for attempt in range(3):
        sandbox.start(cpu_s=30)
        forked = isinstance(sandbox.proc, Forked)
        parent = int(open(f"/proc/{sandbox.proc.pid}/stat").read().rsplit(")", 1)[1].split()[1])
        session = Session(sandbox, 30, 512)
        got = import_modules(session, ["probe"])["probe"].state()
        seen.append(
            {"forked": forked, "pid": sandbox.proc.pid, "parent_is_runner": parent == os.getpid(),
             "state": got}
        )
        if attempt == 1:  # the prepared process dies: the next worker starts afresh
            os.kill(sandbox.prepared.proc.pid, signal.SIGKILL)
    print(json.dumps({"seen": seen, "prepared_left": sandbox.prepared is not None}))
finally:
    sandbox.close()
"""


def test_workers_come_forked_from_a_prepared_process_and_start_afresh_without_it(tmp_path):
    """Where the grader is a child subreaper (the runner's CLI), each worker is forked by
    the grading's prepared process and comes back to the grader to be waited for; each is
    a new process whose module state starts empty and whose numpy generator is seeded
    afresh, in the sandbox uid as before. When the prepared process is gone (a submission
    killed it where nothing stops that), the next worker is started from scratch."""
    work = tmp_path / "work"
    work.mkdir(mode=0o711)
    report = _script_report(_PREPARED_SCRIPT, str(work))  # a subreaper of its own
    seen = report["seen"]
    assert [s["forked"] for s in seen] == [True, True, False], seen
    assert all(s["parent_is_runner"] for s in seen), seen
    assert len({s["pid"] for s in seen}) == 3, seen
    assert [s["state"][2] for s in seen] == [1, 1, 1], "a worker saw an earlier worker's state"
    assert len({s["state"][3] for s in seen}) == 3, "forked workers share numpy's generator"
    if os.geteuid() == 0:
        assert all(s["state"][4] != 0 for s in seen), "student code ran as root"
    assert report["prepared_left"] is False


_EXITED_MAIN_THREAD_SCRIPT = r"""
import json, os, sys, time
from autograder.runner.sandbox import SANDBOX_UID_BASE, SANDBOX_UID_COUNT, kill_uid

uid = SANDBOX_UID_BASE + SANDBOX_UID_COUNT - 1
attack = {"echo": lambda s: s}
exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), attack)
pid = os.fork()
if pid == 0:
    os.setsid()
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    attack["_linger"]()
    os._exit(0)

def state():
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
        leader = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
        running = [t for t in tasks
                   if open(f"/proc/{pid}/task/{t}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"]
    except OSError:
        return "gone", 0
    return leader, len(running)

deadline = time.monotonic() + 10
while state() != ("Z", 1) and time.monotonic() < deadline:
    time.sleep(0.05)
before = state()
kill_uid(uid)
time.sleep(0.2)
print(json.dumps({"before": before, "after": state()}))
"""


@pytest.mark.skipif(os.geteuid() != 0, reason="a sandbox uid needs root")
def test_a_process_whose_main_thread_exited_is_still_killed(tmp_path):
    """tests/adversarial/exited_main_thread.py: a process of the sandbox uid whose main
    thread exited while another thread runs reads as exited ("Z") in /proc/PID/stat. The
    end of a worker must kill it all the same (it ran beside the next question's worker
    where no control group or PID namespace kills it)."""
    report = _script_report(_EXITED_MAIN_THREAD_SCRIPT, str(ADVERSARIAL / "exited_main_thread.py"))
    assert report["before"] == ["Z", 1], f"the attack did not take hold: {report}"
    assert report["after"][1] == 0, f"a thread of the sandbox uid still runs: {report}"
