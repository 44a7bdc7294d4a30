"""nnkit.grading.reference: the folder the runner names comes first, and a module is
cached by the file it came from, so two gradings' references never stand in for each other."""

from __future__ import annotations

import pytest

from nnkit import grading


@pytest.fixture
def folders(tmp_path):
    made = []
    for value in (1, 2):
        module = tmp_path / f"copy{value}" / "fx_any" / "m.py"
        module.parent.mkdir(parents=True)
        module.write_text(f"VALUE = {value}\n")
        made.append(tmp_path / f"copy{value}")
    yield made
    grading.use_references(None)


def test_the_named_folder_is_used_and_each_file_imported_once(folders):
    grading.use_references(folders[0])
    first = grading.reference("fx_any", "m")
    assert first.VALUE == 1 and grading.reference("fx_any", "m") is first
    grading.use_references(folders[1])  # another grading's copy of the same names
    assert grading.reference("fx_any", "m").VALUE == 2
    grading.use_references(None)
    with pytest.raises(FileNotFoundError, match="not found"):
        grading.reference("fx_any", "m")
