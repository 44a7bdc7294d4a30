"""The instructor's own hidden test split: npz files and CIFAR-10 python batches.

The tests write real files in each format (``np.savez``, a pickled CIFAR-style batch
dict with bytes keys), name them with their SHA-256 in a secret configuration of their
own, and grade or load through the project's code: the checksums are checked, errors
name the file, the arrays take the task's shape, and neither the files' location nor
their checksums reach the feedback.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml

from autograder.project.config import load_project
from autograder.project.grade import ProjectGradeConfig, grade_project
from autograder.project.samples import samples, write_sample
from autograder.project.sources import DataSourceError, hidden_data, read_source
from autograder.project.tasks import TASKS
from nnkit import mnist1d, scenes

ROOT = Path(__file__).resolve().parents[1]
ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="the mount namespace needs root")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _solutions(tmp_path: Path, project: str, **data) -> Path:
    """A solutions folder whose project.yml takes ``data`` into its data section."""
    folder = tmp_path / "solutions" / project
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "solutions" / project / "assignment.yml", folder)
    spec = yaml.safe_load((ROOT / "solutions" / project / "project.yml").read_text())
    spec["data"].update(data)
    (folder / "project.yml").write_text(yaml.safe_dump(spec))
    return folder.parent


def _secret(folder: Path, files: list[Path], **keys) -> Path:
    """A secret configuration naming ``files`` (paths relative to it) with their checksums."""
    entries = [{"path": os.path.relpath(f, folder), "sha256": _sha256(f)} for f in files]
    path = folder / "hidden.yml"
    path.write_text(yaml.safe_dump({"files": entries, **keys}))
    return path


def _cifar_batch(path: Path, images: np.ndarray, **targets: np.ndarray) -> Path:
    """A CIFAR-10 python batch as the data set ships it: a protocol-2 pickle of a dict with
    bytes keys, uint8 rows of 3072 (the red, green, blue planes)."""
    pixels = np.round(images * 255).astype(np.uint8).reshape(len(images), -1)
    batch = {
        b"batch_label": b"testing batch 1 of 1",
        b"data": pixels,
        b"filenames": [f"{i}.png".encode() for i in range(len(images))],
        **{k.encode(): list(map(list, v)) if v.ndim > 1 else list(v) for k, v in targets.items()},
    }
    path.write_bytes(pickle.dumps(batch, protocol=2))
    return path


def _reference_accuracy(x: np.ndarray, y: np.ndarray) -> float:
    """The reference model's accuracy on (x, y), computed here in the test process."""
    source = ROOT / "solutions" / "p1_mnist1d"
    spec = importlib.util.spec_from_file_location("p1_reference_model", source / "model.py")
    model = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(model)
    net = model.load(str(source / "weights" / "reference.pt"), "cpu")
    return float(np.mean(model.predict(net, x) == y))


# appended to the reference's model.py: predict answers with the file's own labels when
# the sandbox lets it read the file (accuracy 1), else as the reference does
READS_THE_FILE = """

_reference_predict = predict


def predict(net, x):
    try:
        with np.load(PATH) as arrays:
            return arrays["digits"].astype(np.int64)
    except Exception:  # not there, empty, or not to be read: as the reference does
        return _reference_predict(net, x)
"""


@ROOT_ONLY
def test_npz_hidden_split_is_graded_and_its_secrets_stay_out(tmp_path):
    """The reference is scored on the instructor's npz (named arrays), not on generated
    data: a third of its labels are shifted, and the graded accuracy is the one the
    reference gets on exactly these arrays. Its predict also tries to read the file's
    labels, which the sandbox does not let it."""
    x, y = mnist1d.make(300, seed=77)
    y = np.where(np.arange(300) % 3 == 0, (y + 1) % 10, y)
    secret = tmp_path / "secret"
    secret.mkdir()
    np.savez(secret / "p1_test.npz", signals=x.astype(np.float64), digits=y.astype(np.int32))
    config = _secret(secret, [secret / "p1_test.npz"], inputs="signals", targets="digits")
    solutions = _solutions(tmp_path, "p1_mnist1d", hidden_source="files", hidden_format="npz")
    folder = write_sample(samples(load_project("p1_mnist1d"))["reference"], tmp_path / "sub")
    cheat = READS_THE_FILE.replace("PATH", repr(str(secret / "p1_test.npz")))
    (folder / "model.py").write_text((folder / "model.py").read_text() + cheat)
    results = tmp_path / "results.json"
    report = grade_project(
        ProjectGradeConfig(
            "p1_mnist1d",
            [folder],
            results,
            public_checks=False,
            solutions=solutions,
            hidden_path=config,
            log=lambda *a, **k: None,
        )
    )
    expected = _reference_accuracy(x, y)
    assert 0.4 < expected < 0.75, "a third of the labels shifted"
    case = report.cases[-1]
    assert f"accuracy: {expected:.4f}" in case.output, case.output
    text = results.read_text()
    for secret_text in (_sha256(secret / "p1_test.npz"), "p1_test", str(secret), "hidden.yml"):
        assert secret_text not in text, f"{secret_text} is in the feedback"
    assert json.loads(text)["leaderboard"][0]["value"] == round(expected, 4)


def test_cifar_batches_give_the_captioning_tasks_images_and_captions(tmp_path):
    """Two real batch files, concatenated; images in CIFAR's channel planes come back as
    (N, 3, 32, 32) in [0, 1], captions under their own key as token ids."""
    images, captions = scenes.make_scenes(30, seed=5)
    files = [
        _cifar_batch(tmp_path / "test_batch_1", images[:20], captions=captions[:20]),
        _cifar_batch(tmp_path / "test_batch_2", images[20:], captions=captions[20:]),
    ]
    config = _secret(tmp_path, files, targets="captions")
    solutions = _solutions(
        tmp_path, "p2_captioning", hidden_source="files", hidden_format="cifar10"
    )
    project = load_project("p2_captioning", solutions)
    x, y = hidden_data(project, config)
    assert x.shape == (30, 3, 32, 32) and x.dtype == np.float32
    np.testing.assert_array_equal(x, np.round(images * 255).astype(np.uint8) / np.float32(255))
    # CIFAR's layout: the first 1024 bytes of a row are the red plane, row by row
    red = pickle.loads(files[0].read_bytes(), encoding="bytes")[b"data"][3, :1024]
    np.testing.assert_array_equal(x[3, 0], red.reshape(32, 32) / np.float32(255))
    np.testing.assert_array_equal(y, captions)
    assert TASKS["captioning"].metrics(y, captions)["exact_match"] == 1.0


def test_files_that_do_not_fit_the_task_are_refused_naming_them(tmp_path):
    images, _ = scenes.make_scenes(10, seed=1)
    labels = np.arange(10) % 10
    batch = _cifar_batch(tmp_path / "data_batch_1", images, labels=labels)
    config = _secret(tmp_path, [batch])
    solutions = _solutions(tmp_path, "p1_mnist1d", hidden_source="files", hidden_format="cifar10")
    with pytest.raises(DataSourceError, match="data_batch_1.*does not fit mnist1d"):
        hidden_data(load_project("p1_mnist1d", solutions), config)


def test_checksum_mismatch_or_missing_file_stops_grading_naming_the_file(tmp_path):
    x, y = mnist1d.make(20, seed=3)
    np.savez(tmp_path / "test.npz", x=x, y=y)
    config = _secret(tmp_path, [tmp_path / "test.npz"])
    solutions = _solutions(tmp_path, "p1_mnist1d", hidden_source="files", hidden_format="npz")
    project = load_project("p1_mnist1d", solutions)
    loaded_x, loaded_y = hidden_data(project, config)  # x and y: the default names
    np.testing.assert_array_equal(loaded_x, x)
    np.testing.assert_array_equal(loaded_y, y)
    np.savez(tmp_path / "test.npz", x=x, y=(y + 1) % 10)  # changed after the checksum
    with pytest.raises(DataSourceError, match=r"test\.npz: SHA-256 checksum mismatch"):
        hidden_data(project, config)
    # the grading stops before anything is written for the student
    folder = write_sample(samples(load_project("p1_mnist1d"))["reference"], tmp_path / "sub")
    cfg = ProjectGradeConfig(
        "p1_mnist1d",
        [folder],
        tmp_path / "results.json",
        public_checks=False,
        solutions=solutions,
        hidden_path=config,
        log=lambda *a, **k: None,
    )
    with pytest.raises(DataSourceError, match="test.npz"):
        grade_project(cfg)
    assert not (tmp_path / "results.json").exists()
    (tmp_path / "test.npz").unlink()
    with pytest.raises(DataSourceError, match=r"test\.npz does not exist"):
        hidden_data(project, config)
    np.savez(tmp_path / "test.npz", inputs=x, y=y)
    _secret(tmp_path, [tmp_path / "test.npz"])
    with pytest.raises(DataSourceError, match=r"test\.npz: no array 'x'"):
        hidden_data(project, config)


def test_secrets_in_project_yml_are_refused_and_generator_stays_the_default(tmp_path):
    solutions = _solutions(tmp_path, "p1_mnist1d", files=[{"path": "t.npz", "sha256": "0"}])
    with pytest.raises(ValueError, match="belongs in the secret grading configuration"):
        load_project("p1_mnist1d", solutions)
    project = load_project("p1_mnist1d")
    assert project.hidden_source == "generator"
    source = read_source(project)
    x, _ = hidden_data(project)
    assert len(x) == source.n
    files = _solutions(tmp_path / "b", "p1_mnist1d", hidden_source="files", hidden_format="npz")
    with pytest.raises(DataSourceError, match="no files: list"):
        read_source(load_project("p1_mnist1d", files))  # the real hidden.yml holds a seed
