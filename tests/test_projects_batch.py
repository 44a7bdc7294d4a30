"""Hidden grading of a project as a batch over a Gradescope export, on the CPU.

The export is built here in Gradescope's layout (``submission_metadata.yml`` and one
``submission_<id>`` folder each) from the project's bundled samples: the reference, one
without its weights, one whose model.py does not compile, one that sleeps past a small
evaluation budget, and a student whose folder is missing. Every one gets a row; only the
reference is scored, with the accuracy the single-submission grading gives it.
"""

from __future__ import annotations

import csv
import json
import os
import zipfile
from pathlib import Path

import pytest
import torch
import yaml

from autograder.project import batch
from autograder.project.config import load_project
from autograder.project.samples import samples
from autograder.project.sources import read_source

PROJECT = "p1_mnist1d"
ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="the mount namespace needs root")


def _export(tmp_path: Path, submissions: dict[str, dict[str, bytes]], missing=()) -> Path:
    """A Gradescope export zip: metadata naming each student, a folder per submission."""
    metadata = {}
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for number, (student, files) in enumerate([*submissions.items(), *missing], 1):
            folder = f"submission_{number}"
            metadata[folder] = {
                ":submitters": [
                    {":name": student.title(), ":sid": f"s{number}", ":email": f"{student}@uni"}
                ]
            }
            for name, data in (files or {}).items():
                z.writestr(f"assignment_export/{folder}/{name}", data)
        z.writestr("assignment_export/submission_metadata.yml", yaml.safe_dump(metadata))
    return archive


def _rows(out: Path) -> dict[str, dict]:
    with (out / "grades.csv").open() as f:
        return {row["name"]: row for row in csv.DictReader(f)}


@ROOT_ONLY
def test_batch_grades_every_submission_and_never_stops(tmp_path):
    bundled = samples(load_project(PROJECT))
    reference = bundled["reference"].files
    no_weights = {k: v for k, v in reference.items() if k != "weights.pt"}
    syntax = {**reference, "model.py": reference["model.py"] + b"\ndef broken(:\n"}
    export = _export(
        tmp_path,
        {
            "ada": reference,
            "bob": no_weights,
            "cy": syntax,
            "dee": bundled["sleeps"].files,
        },
        missing=[("eve", None)],
    )
    out = tmp_path / "out"
    code = batch.main(
        [
            "--project",
            PROJECT,
            "--export",
            str(export),
            "--out",
            str(out),
            "--device",
            "cpu",
            "-j",
            "2",
            "--no-public-checks",
            "--eval-budget",
            "4",
        ]
    )
    assert code == 0, "every submission was graded (none failed to grade)"
    rows = _rows(out)
    assert sorted(rows) == ["Ada", "Bob", "Cy", "Dee", "Eve"]
    points = load_project(PROJECT).points
    # the reference: the same accuracy and score as its own results.json says
    ada = rows["Ada"]
    results = json.loads((out / "results" / f"{ada['submission']}.json").read_text())
    (entry,) = results["leaderboard"]
    assert float(ada["accuracy"]) == pytest.approx(entry["value"], abs=1e-4)
    assert float(ada["score"]) == results["score"] > 0 and float(ada["max"]) == points
    assert ada["message"] == "" and ada["student_id"] == "s1" and ada["email"] == "ada@uni"
    expected = {
        "Bob": "weights.pt was not found",
        "Cy": "SyntaxError",
        "Dee": "took longer than its budget of 4 s",
        "Eve": "model.py",
    }
    for name, text in expected.items():
        row = rows[name]
        assert row["score"] == "0" and row["accuracy"] == "", row
        assert text in row["message"], row
        feedback = (out / "feedback" / f"{row['submission']}.txt").read_text()
        assert text in feedback, feedback
    seed = str(read_source(load_project(PROJECT)).seed)
    for path in out.rglob("*"):
        if path.is_file():
            assert seed not in path.read_text(errors="replace"), f"the seed is in {path}"
    assert "protections:" in (out / "logs" / f"{ada['submission']}.log").read_text()
    assert not list((out / "work").iterdir()), "the unpacked export is removed"


def test_batch_in_process_rows_for_submissions_without_a_model_to_run(tmp_path, capsys):
    """-j 1 grades in this process; submissions that never reach the sandbox still get
    rows and feedback; a rerun regrades only what changed (a submission's files, the
    options); an output folder of another project is refused."""
    reference = samples(load_project(PROJECT)).get("reference").files
    export = _export(
        tmp_path, {"bob": {"model.py": reference["model.py"]}}, missing=[("eve", None)]
    )
    out = tmp_path / "out"
    args = ["--project", PROJECT, "--export", str(export), "--out", str(out), "--device", "cpu"]
    assert batch.main([*args, "--no-public-checks"]) == 0
    rows = _rows(out)
    assert "weights.pt was not found" in rows["Bob"]["message"]
    assert "model.py" in rows["Eve"]["message"] and rows["Eve"]["score"] == "0"
    assert "2 submissions of p1_mnist1d, 0 already graded, 2 to grade" in capsys.readouterr().out
    results = {name: out / "results" / f"{row['submission']}.json" for name, row in rows.items()}
    written = {name: path.stat().st_mtime_ns for name, path in results.items()}
    # the same export again: nothing regraded, the same rows
    assert batch.main([*args, "--no-public-checks"]) == 0
    assert "2 already graded, 0 to grade" in capsys.readouterr().out
    assert _rows(out) == rows
    assert {name: path.stat().st_mtime_ns for name, path in results.items()} == written
    # Bob changes his model.py: his submission alone is regraded
    _export(
        tmp_path,
        {"bob": {"model.py": reference["model.py"] + b"\n# changed\n"}},
        missing=[("eve", None)],
    )
    assert batch.main([*args, "--no-public-checks"]) == 0
    assert "1 already graded, 1 to grade" in capsys.readouterr().out
    assert results["Bob"].stat().st_mtime_ns != written["Bob"]
    assert results["Eve"].stat().st_mtime_ns == written["Eve"]
    # another option (the evaluation budget): everything is regraded
    assert batch.main([*args, "--no-public-checks", "--eval-budget", "5"]) == 0
    text = capsys.readouterr().out
    assert "the options changed" in text and "0 already graded, 2 to grade" in text, text
    (out / batch.MANIFEST).write_text(json.dumps({"project": "p2_captioning"}))
    assert batch.main([*args, "--no-public-checks"]) == 2
    assert "holds grades of 'p2_captioning'" in capsys.readouterr().err


def test_batch_refuses_what_the_machine_or_the_secret_cannot_do(tmp_path, capsys):
    export = _export(tmp_path, {})
    args = ["--project", PROJECT, "--export", str(export), "--out", str(tmp_path / "out")]
    if not torch.cuda.is_available():
        assert batch.main([*args, "--device", "cuda"]) == 2
        assert "no CUDA device" in capsys.readouterr().err
    assert batch.gradings_at_once("cpu", 3) == 3 and "at once" not in capsys.readouterr().err
    # on cuda: one grading per GPU, one at a time where the GPUs cannot be counted
    assert batch.gradings_at_once("cuda", 3, ["0", "1"]) == 2
    assert "-j 3 on cuda with 2 visible GPUs: grading 2" in capsys.readouterr().err
    assert batch.gradings_at_once("cuda", 2, ["0", "1", "2"]) == 2
    assert batch.gradings_at_once("cuda", 3) == 1
    assert "no GPU count" in capsys.readouterr().err
    secret = tmp_path / "hidden.yml"
    secret.write_text("seed: 1\n")  # no size: the hidden data cannot be made
    assert batch.main([*args, "--device", "cpu", "--hidden", str(secret)]) == 2
    assert "needs seed and n" in capsys.readouterr().err
    assert not (tmp_path / "out").exists(), "nothing is graded or written"


def test_a_grading_that_fails_becomes_a_row_saying_why(tmp_path, monkeypatch):
    """The grader's own failure on one submission (here a RuntimeError from inside
    grade_project) costs that row, with the reason; a wrong secret still stops the batch."""

    def broken(config):
        raise RuntimeError("the grader broke")

    monkeypatch.setattr(batch, "grade_project", broken)
    row = batch.grade_submission([str(tmp_path)], str(tmp_path / "r.json"), batch.Options(PROJECT))
    assert row.score is None and row.message == "grading failed: RuntimeError: the grader broke"
    sub = batch.Submission("submission_1", [tmp_path], [batch.Person("Ann", "s1", "ann@uni")])
    batch.write_grades([sub], {"submission_1": row}, ["accuracy"], tmp_path)
    (line,) = _rows(tmp_path).values()
    assert line["score"] == line["max"] == line["accuracy"] == "" and "broke" in line["message"]

    def wrong_secret(config):
        raise batch.DataSourceError("hidden data file x.npz does not exist")

    monkeypatch.setattr(batch, "grade_project", wrong_secret)
    with pytest.raises(batch.DataSourceError):
        batch.grade_submission([str(tmp_path)], str(tmp_path / "r.json"), batch.Options(PROJECT))
