"""Grade a whole class: ``python -m autograder.batch --assignment A SUBMISSIONS -j 2 --out DIR``.

SUBMISSIONS is a Gradescope "export submissions" zip (or its unpacked folder), whose
``submission_metadata.yml`` names the students of each ``submission_<id>`` folder, or any
folder with one entry (folder, zip or .py file) per student. Every submission is graded by
the hardened runner in its own process, ``-j`` at a time, with a progress bar. Writes
``DIR/results/<id>.json`` (Gradescope format), ``DIR/feedback/<id>.txt`` and
``DIR/grades.csv`` (one row per student, a column per question, total). Already graded
submissions are skipped unless ``--regrade``, so an interrupted run resumes.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml
from tqdm import tqdm

from autograder.runner.results import question_scores

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Submission:
    """One student's (or group's) submission and who they are."""

    sid: str
    paths: list[Path]
    names: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)


def _safe_extract(archive: Path, target: Path) -> None:
    with zipfile.ZipFile(archive) as z:
        for info in z.infolist():
            name = PurePosixPath(info.filename)
            if name.is_absolute() or ".." in name.parts:
                continue
            z.extract(info, target)


def _key(mapping: dict, name: str):
    """Gradescope writes Ruby-symbol keys (':name'); accept both spellings."""
    return mapping.get(f":{name}", mapping.get(name))


def find_submissions(source: Path, workdir: Path) -> list[Submission]:
    """List the submissions in a Gradescope export (zip or folder) or a plain folder."""
    if source.is_file() and zipfile.is_zipfile(source):
        target = workdir / "export"
        if not target.exists():
            _safe_extract(source, target)
        source = target
    metadata = sorted(source.glob("submission_metadata.yml")) or sorted(
        source.glob("*/submission_metadata.yml")
    )
    if metadata:
        root = metadata[0].parent
        meta = yaml.safe_load(metadata[0].read_text()) or {}
        subs = []
        for folder, info in sorted(meta.items()):
            path = root / folder
            if not path.exists():
                continue
            people = _key(info or {}, "submitters") or []
            subs.append(
                Submission(
                    sid=str(folder),
                    paths=[path],
                    names=[str(_key(p, "name") or "") for p in people],
                    emails=[str(_key(p, "email") or "") for p in people],
                )
            )
        return subs
    return [
        Submission(sid=entry.stem if entry.is_file() else entry.name, paths=[entry])
        for entry in sorted(source.iterdir())
        if not entry.name.startswith(".") and (entry.is_dir() or entry.suffix in (".zip", ".py"))
    ]


def grade_one(sub: Submission, args: argparse.Namespace, root: Path) -> Path:
    results = args.out / "results" / f"{sub.sid}.json"
    cmd = [
        sys.executable,
        "-m",
        "autograder.runner",
        "--assignment",
        args.assignment,
        "--results",
        str(results),
        "--memory-mb",
        str(args.memory_mb),
        "--quiet",
        "--hide",
        str(root),  # no student may read another's submission
        "--hide",
        str(args.out),  # nor anyone's feedback, results or grades
    ]
    for path in sub.paths:
        cmd += ["--submission", str(path)]
    for flag in ("tests_dir", "reference_dir", "config"):
        if getattr(args, flag):
            cmd += [f"--{flag.replace('_', '-')}", str(getattr(args, flag))]
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO)
    if proc.returncode != 0 or not results.exists():
        raise RuntimeError(f"grading {sub.sid} failed:\n{proc.stderr[-2000:]}")
    write_feedback(sub, json.loads(results.read_text()), args.out / "feedback" / f"{sub.sid}.txt")
    return results


def write_feedback(sub: Submission, results: dict, path: Path) -> None:
    lines = [f"Submission {sub.sid}: {', '.join(sub.names) or sub.sid}", ""]
    lines.append(results.get("output", ""))
    for test in results["tests"]:
        lines += ["", f"{test['name']}: {test['score']:g} / {test['max_score']:g}", test["output"]]
    path.write_text("\n".join(lines) + "\n")


def write_csv(subs: list[Submission], out: Path) -> Path:
    rows, questions = [], []
    for sub in subs:
        path = out / "results" / f"{sub.sid}.json"
        results = json.loads(path.read_text()) if path.exists() else None
        scores = {q: s for q, (s, _) in question_scores(results).items()} if results else {}
        questions += [q for q in scores if q not in questions]
        rows.append((sub, scores, results))
    target = out / "grades.csv"
    with target.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["submission", "name", "email", *questions, "total", "status"])
        for sub, scores, results in rows:
            writer.writerow(
                [
                    sub.sid,
                    "; ".join(sub.names),
                    "; ".join(sub.emails),
                    *[f"{scores.get(q, 0):g}" for q in questions],
                    f"{results['score']:g}" if results else "",
                    "graded" if results else "error",
                ]
            )
    return target


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m autograder.batch", description=__doc__)
    p.add_argument("--assignment", required=True)
    p.add_argument("submissions", type=Path)
    p.add_argument("-j", "--jobs", type=int, default=2)
    p.add_argument("--out", type=Path, default=Path("grades"))
    p.add_argument("--regrade", action="store_true", help="grade again what was graded")
    p.add_argument("--memory-mb", type=int, default=768)
    p.add_argument("--tests-dir", type=Path)
    p.add_argument("--reference-dir", type=Path)
    p.add_argument("--config", type=Path)
    args = p.parse_args(argv)
    args.out = args.out.resolve()
    for sub_dir in ("results", "feedback", "work"):
        (args.out / sub_dir).mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        os.chmod(args.out, 0o700)  # the sandbox uids may not even look in
    subs = find_submissions(args.submissions.resolve(), args.out / "work")
    root = args.submissions.resolve()
    if (args.out / "work" / "export").exists():
        root = args.out / "work" / "export"
    todo = [
        s for s in subs if args.regrade or not (args.out / "results" / f"{s.sid}.json").exists()
    ]
    print(f"{len(subs)} submissions, {len(subs) - len(todo)} already graded, {len(todo)} to grade")
    errors = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(grade_one, s, args, root): s for s in todo}
        for future in tqdm(as_completed(futures), total=len(futures), unit="submission"):
            try:
                future.result()
            except Exception as exc:  # one broken grading must not stop the class
                errors.append(str(exc))
    csv_path = write_csv(subs, args.out)
    print(f"wrote {csv_path} and {len(subs)} feedback files in {args.out / 'feedback'}")
    for error in errors:
        print(error, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
