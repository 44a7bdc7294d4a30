"""The course's main job (``make``): build every assignment and grade the samples.

For each assignment: write the student release, the student handout
(``dist/student/<assignment>.zip``), the Gradescope autograder zip and the executed
instructor notebook under ``dist/``; build the student wheel of the course library into
``dist/student/``; export the bundled sample submissions
(reference, stub, and the samples named in assignment.yml) the way a student's notebook
exports them; grade each through the hardened runner; print one score table.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from autograder.assignments import DIST, Assignment, discover
from autograder.build import (
    build_autograder_zip,
    build_handout,
    build_student_wheel,
    export_submission,
    make_stub,
    write_release,
)
from autograder.inprocess import apply_overlay, reference_sources
from autograder.notebooks import run_instructor_notebook
from autograder.runner.results import question_scores


def sample_sources(assignment: Assignment) -> dict[str, dict[str, str]]:
    """The bundled samples: name -> {module: source}."""
    reference = reference_sources(assignment)
    samples = {
        "reference": reference,
        "stub": {m: make_stub(src) for m, src in reference.items()},
    }
    for name in assignment.samples:
        overlay = (assignment.source_dir / "samples" / f"{name}.py").read_text(encoding="utf-8")
        samples[name] = apply_overlay(assignment, overlay)
    return samples


def grade_zip(assignment: Assignment, submission: Path, results: Path) -> dict:
    """Grade one submission zip with the hardened runner; return the parsed results.json."""
    from autograder.runner.grade import GradeConfig, grade

    config = GradeConfig(assignment=assignment.name, submission=[submission], results=results)
    config.log = lambda *args, **kwargs: None
    grade(config)
    return json.loads(results.read_text(encoding="utf-8"))


def build_and_grade_project(assignment: Assignment, notebooks: bool = True) -> list[tuple]:
    """Release, zip and instructor notebook of a final project, then its reference, starter
    and one bad sample graded on the hidden test set (CPU, evaluation mode)."""
    from autograder.project.config import load_project
    from autograder.project.grade import ProjectGradeConfig, grade_project
    from autograder.project.samples import samples, write_sample

    start = time.perf_counter()
    write_release(assignment)
    build_autograder_zip(assignment, DIST)
    print(f"{assignment.name}: release and autograder zip written", flush=True)
    if notebooks:
        path = run_instructor_notebook(assignment)
        print(
            f"{assignment.name}: instructor notebook executed "
            f"({time.perf_counter() - start:.0f} s): {path}",
            flush=True,
        )
    rows = []
    project = load_project(assignment.name)
    bundled = samples(project)
    for name in ("reference", "starter", project.table_sample):
        if name not in bundled:
            continue
        out = DIST / "samples" / assignment.name
        folder = write_sample(bundled[name], out / name)
        began = time.perf_counter()
        config = ProjectGradeConfig(
            project=assignment.name,
            submission=[folder],
            results=out / f"{name}.results.json",
            log=lambda *args, **kwargs: None,
        )
        report = grade_project(config)
        scores = question_scores(report.to_json())
        rows.append((assignment.name, name, scores, time.perf_counter() - began))
    return rows


def format_table(rows: list[tuple[str, str, dict[str, tuple[float, float]], float]]) -> str:
    """Rows of (assignment, sample, {question: (score, max)}, seconds) as a text table.

    Assignments grade different questions (a4 has no q4, a project's last column is its
    hidden evaluation), so a header naming the columns opens every run of rows whose
    questions differ from the rows above."""
    width = max([9] + [len(q) + 1 for _, _, scores, _ in rows for q in scores])
    most = max([0] + [len(scores) for _, _, scores, _ in rows])

    def line(name: str, sample: str, cells: list[str], total: str, seconds: str) -> str:
        cells = cells + [""] * (most - len(cells))
        row = f"{name:<20} {sample:<18}" + "".join(f" {c:>{width}}" for c in cells)
        return row + f" {total:>11} {seconds:>6}"

    lines: list[str] = []
    shown = None
    for name, sample, scores, seconds in rows:
        if list(scores) != shown:
            header = line("assignment", "submission", list(scores), "total", "time")
            lines += ([""] if lines else []) + [header, "-" * len(header)]
            shown = list(scores)
        cells = [f"{s:g}/{m:g}" for s, m in scores.values()]
        total = sum(s for s, _ in scores.values()), sum(m for _, m in scores.values())
        lines.append(line(name, sample, cells, f"{total[0]:g}/{total[1]:g}", f"{seconds:5.1f}s"))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.course", description=__doc__)
    parser.add_argument("--only", nargs="*", help="assignment names (default: all)")
    parser.add_argument(
        "--no-notebooks", action="store_true", help="skip executing the instructor notebooks"
    )
    args = parser.parse_args(argv)
    assignments = [a for a in discover() if not args.only or a.name in args.only]
    rows = []
    print(f"student wheel: {build_student_wheel(DIST / 'student')}", flush=True)
    for assignment in assignments:
        start = time.perf_counter()
        write_release(assignment)
        build_handout(assignment, DIST / "student")
        build_autograder_zip(assignment, DIST)
        print(f"{assignment.name}: release, handout and autograder zip written", flush=True)
        if not args.no_notebooks:
            path = run_instructor_notebook(assignment)
            print(
                f"{assignment.name}: instructor notebook executed "
                f"({time.perf_counter() - start:.0f} s): {path}",
                flush=True,
            )
        for sample, modules in sample_sources(assignment).items():
            out = DIST / "samples" / assignment.name
            zip_path = export_submission(assignment, modules, out / f"{sample}.zip")
            began = time.perf_counter()
            results = grade_zip(assignment, zip_path, out / f"{sample}.results.json")
            scores = question_scores(results)
            rows.append(
                (
                    assignment.name,
                    sample,
                    {q: scores.get(q, (0.0, 0.0)) for q in assignment.questions},
                    time.perf_counter() - began,
                )
            )
    for assignment in discover(projects=True):
        if not assignment.is_project or (args.only and assignment.name not in args.only):
            continue
        rows.extend(build_and_grade_project(assignment, notebooks=not args.no_notebooks))
    print()
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
