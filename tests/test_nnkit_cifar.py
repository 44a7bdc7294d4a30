"""nnkit.cifar: CIFAR-10 python batches, on small files written in the real format."""

from __future__ import annotations

import hashlib
import pickle

import numpy as np
import pytest

from nnkit.cifar import load_cifar10_batches, read_cifar_batch


def _batch(path, n: int, seed: int, labels_key: bytes = b"labels"):
    rng = np.random.default_rng(seed)
    data = rng.integers(0, 256, size=(n, 3072), dtype=np.uint8)
    labels = rng.integers(0, 10, size=n).tolist()
    batch = {b"batch_label": b"b", b"data": data, labels_key: labels, b"filenames": [b"x"] * n}
    path.write_bytes(pickle.dumps(batch, protocol=2))
    return data, labels, hashlib.sha256(path.read_bytes()).hexdigest()


def test_batches_concatenate_in_order_with_cifars_channel_layout(tmp_path):
    first, first_labels, sha1 = _batch(tmp_path / "data_batch_1", 4, seed=0)
    second, second_labels, sha2 = _batch(tmp_path / "data_batch_2", 3, seed=1)
    paths = [tmp_path / "data_batch_1", tmp_path / "data_batch_2"]
    X, y = load_cifar10_batches(paths, [sha1, sha2], normalize=False)
    assert X.shape == (7, 3, 32, 32) and X.dtype == np.uint8
    assert y.tolist() == first_labels + second_labels and y.dtype == np.int64
    # pixel (row 1, column 2) of the green plane of the second batch's first image
    assert X[4, 1, 1, 2] == second[0, 1024 + 32 + 2]
    scaled, _ = load_cifar10_batches(paths)
    assert scaled.dtype == np.float32 and np.allclose(scaled * 255, X)
    _batch(tmp_path / "cifar100", 2, seed=2, labels_key=b"fine_labels")
    assert read_cifar_batch(tmp_path / "cifar100")["data"].shape == (2, 3072)
    assert load_cifar10_batches([tmp_path / "cifar100"], labels_key="fine_labels")[1].shape == (2,)


def test_checksum_and_format_are_checked_and_no_code_runs(tmp_path):
    _, _, sha = _batch(tmp_path / "test_batch", 2, seed=0)
    with pytest.raises(ValueError, match="test_batch: SHA-256 checksum mismatch"):
        load_cifar10_batches([tmp_path / "test_batch"], ["0" * 64])
    with pytest.raises(ValueError, match="no 'fine_labels'"):
        load_cifar10_batches([tmp_path / "test_batch"], [sha], labels_key="fine_labels")
    marker = tmp_path / "code-ran"

    class Exploit:
        def __reduce__(self):
            return (marker.touch, ())

    (tmp_path / "evil").write_bytes(pickle.dumps({b"data": Exploit()}, protocol=2))
    with pytest.raises(ValueError, match="not a CIFAR python batch"):
        load_cifar10_batches([tmp_path / "evil"])
    assert not marker.exists()
    short = {b"data": np.zeros((2, 100), np.uint8), b"labels": [0, 1]}
    (tmp_path / "short").write_bytes(pickle.dumps(short, protocol=2))
    with pytest.raises(ValueError, match=r"expected uint8 \(N, 3072\)"):
        load_cifar10_batches([tmp_path / "short"])
