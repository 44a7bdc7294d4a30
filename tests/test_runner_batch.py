"""Batch grading of a Gradescope export: CSV, feedback files, resuming, --regrade, and
every run grading exactly the export it is given."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import zipfile

import pytest

from tests.runner_helpers import FIXTURE, REPO, TOY_REFERENCE, TOY_TESTS, overlay

pytestmark = pytest.mark.slow

METADATA = """submission_1001:
  :submitters:
  - :name: Ada Lovelace
    :sid: '1'
    :email: ada@example.edu
  :created_at: 2024-01-01
submission_1002:
  :submitters:
  - :name: Bob Wrong
    :email: bob@example.edu
submission_1003:
  :submitters:
  - :name: Cy Missing
    :email: cy@example.edu
  - :name: Di Partner
    :sid: '4'
    :email: di@example.edu
"""


def _batch(export, out, *extra):
    cmd = [
        sys.executable,
        "-m",
        "autograder.batch",
        "--assignment",
        "fx_toy",
        str(export),
        "-j",
        "2",
        "--out",
        str(out),
        "--tests-dir",
        str(TOY_TESTS),
        "--reference-dir",
        str(FIXTURE / "solutions"),
        *extra,
    ]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO, timeout=300)


def _export(path, files: dict[str, str], metadata: str = METADATA):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("assignment_1_export/submission_metadata.yml", metadata)
        for name, text in files.items():
            z.writestr(f"assignment_1_export/{name}", text)
    return path


HONEST = {
    "submission_1001/toy.py": TOY_REFERENCE.read_text(),
    "submission_1002/toy.py": overlay("def add(a, b):\n    return a - b\n"),
    "submission_1003/notes.txt": "forgot the module",
}


def _rows(out):
    return list(csv.DictReader((out / "grades.csv").open()))


def test_batch_gradescope_export(tmp_path):
    export = _export(tmp_path / "export.zip", HONEST)
    out = tmp_path / "out"
    first = _batch(export, out)
    assert first.returncode == 0, first.stderr[-3000:]
    rows = _rows(out)
    assert rows[0]["submission"] == "max" and rows[0]["total"] == "9" and rows[0]["q1"] == "3"
    by_name = {r["name"]: r for r in rows[1:]}
    assert by_name["Ada Lovelace"]["total"] == "9" and by_name["Ada Lovelace"]["q1"] == "3"
    assert by_name["Ada Lovelace"]["student_id"] == "1"
    assert by_name["Ada Lovelace"]["status"] == "graded"
    assert by_name["Bob Wrong"]["q1"] == "0" and by_name["Bob Wrong"]["total"] == "6"
    # a group: one row per member, same grade; nothing to grade is not an error
    assert by_name["Cy Missing"]["total"] == "0" == by_name["Di Partner"]["total"]
    assert by_name["Di Partner"]["student_id"] == "4"
    assert by_name["Cy Missing"]["status"] == "nothing to grade"
    assert by_name["Ada Lovelace"]["email"] == "ada@example.edu"
    feedback = (out / "feedback" / "submission_1003.txt").read_text()
    assert "toy.py was not found" in feedback
    # the student's view hides why a hidden case failed; the instructor's view says it
    student = (out / "feedback" / "submission_1002.txt").read_text()
    staff = (out / "instructor" / "submission_1002.txt").read_text()
    assert "Hidden test failed." in student and "add(a, b)" not in student
    assert "(hidden): 0 / 2" in staff and "add(a, b)" in staff
    assert "3 to grade" in first.stdout
    summary = (out / "summary.txt").read_text()
    assert "3 submissions: 2 graded, 1 nothing to grade" in summary
    assert "mean 7.50" in summary and "q1: 1.50 / 3" in summary
    assert summary.strip() in first.stdout
    assert "protections:" in (out / "batch.log").read_text()
    second = _batch(export, out)
    assert "3 already graded, 0 to grade" in second.stdout
    third = _batch(export, out, "--regrade")
    assert "0 already graded, 3 to grade" in third.stdout
    one = _batch(export, out, "--only", "submission_1002")
    assert "2 already graded, 1 to grade" in one.stdout
    assert _rows(out) == rows


def test_an_updated_export_is_graded_as_it_is(tmp_path):
    out = tmp_path / "out"
    first = _batch(_export(tmp_path / "v1.zip", HONEST), out)
    assert first.returncode == 0, first.stderr[-3000:]
    # Bob fixes his module, a new student arrives, Cy's submission is gone
    files = dict(HONEST)
    files["submission_1002/toy.py"] = TOY_REFERENCE.read_text()
    del files["submission_1003/notes.txt"]
    files["submission_1004/toy.py"] = TOY_REFERENCE.read_text()
    metadata = METADATA.replace("submission_1003:", "submission_1004:")
    second = _batch(_export(tmp_path / "v2.zip", files, metadata), out)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "1 already graded, 2 to grade" in second.stdout
    totals = {r["submission"]: r["total"] for r in _rows(out)[1:]}
    assert totals == {"submission_1001": "9", "submission_1002": "9", "submission_1004": "9"}


def test_an_output_folder_of_another_assignment_is_refused(tmp_path):
    out = tmp_path / "out"
    assert _batch(_export(tmp_path / "e.zip", HONEST), out).returncode == 0
    before = (out / "grades.csv").read_bytes()
    cmd = [sys.executable, "-m", "autograder.batch", "--assignment", "a1_perceptron"]
    cmd += [str(tmp_path / "e.zip"), "--out", str(out)]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO, timeout=300)
    assert proc.returncode == 2
    assert "holds grades for 'fx_toy', not 'a1_perceptron'" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert (out / "grades.csv").read_bytes() == before


def test_the_export_of_another_assignment_stops_before_grading(tmp_path):
    files = {f"submission_100{i}/perceptron.py": "def sign(z):\n    pass\n" for i in (1, 2, 3)}
    out = tmp_path / "out"
    proc = _batch(_export(tmp_path / "wrong.zip", files), out)
    assert proc.returncode == 2
    assert "only 0 of 3 submissions contain toy.py" in proc.stderr
    assert not (out / "grades.csv").exists()


def test_bad_input_gets_one_clear_line(tmp_path):
    good = _export(tmp_path / "good.zip", HONEST)
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    corrupt = tmp_path / "corrupt.zip"
    with zipfile.ZipFile(corrupt, "w", zipfile.ZIP_STORED) as z:
        z.writestr("assignment_1_export/submission_metadata.yml", METADATA)
        z.writestr("assignment_1_export/submission_1001/toy.py", TOY_REFERENCE.read_text())
    data = bytearray(corrupt.read_bytes())
    data[data.find(b"def add")] ^= 0x20
    corrupt.write_bytes(bytes(data))
    cases = {
        "missing": (tmp_path / "nowhere.zip", "does not exist"),
        "truncated": (truncated, "cannot be unpacked"),
        "corrupt member": (corrupt, "is damaged"),
    }
    for label, (export, needle) in cases.items():
        proc = _batch(export, tmp_path / f"out-{label}")
        assert proc.returncode == 2, label
        assert needle in proc.stderr and "Traceback" not in proc.stderr, (label, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1, (label, proc.stderr)
    cmd = [sys.executable, "-m", "autograder.batch", "--assignment", "a9_nothing", str(good)]
    cmd += ["--out", str(tmp_path / "o")]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO, timeout=300)
    assert proc.returncode == 2 and "unknown assignment 'a9_nothing'" in proc.stderr
    assert "Traceback" not in proc.stderr
