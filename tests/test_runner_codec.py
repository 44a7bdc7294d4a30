"""The data-only codec: what crosses from the sandbox is data, never code, and bounded."""

from __future__ import annotations

import json
import os
import struct

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder.runner import codec


def _roundtrip(value, to_handle=None, from_handle=None):
    enc = codec.Encoder(to_handle=to_handle)
    tree = enc.encode(value)
    frame = codec.pack({"ok": tree}, enc.buffers)
    r, w = os.pipe()
    try:
        codec.write_frame(w, frame)
        header, buffers = codec.FrameReader(r).read()
    finally:
        os.close(r)
        os.close(w)
    return codec.Decoder(buffers, from_handle=from_handle).decode(header["ok"])


DATA = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(DATA)
def test_plain_data_roundtrips(value):
    assert _roundtrip(value) == value


@given(
    hnp.arrays(
        dtype=st.sampled_from(["f8", "f4", "i8", "u1", "?", "c16"]),
        shape=hnp.array_shapes(min_dims=0, max_dims=3, max_side=4),
    )
)
def test_arrays_roundtrip_exactly(arr):
    out = _roundtrip(arr)
    assert type(out) is np.ndarray and out.dtype == arr.dtype and out.shape == arr.shape
    np.testing.assert_array_equal(out, arr)


def test_numpy_scalars_nan_complex_tuples_and_int_keys():
    out = _roundtrip((np.float32(1.5), float("nan"), 2 + 3j, {1: "a"}, np.int64(7)))
    assert type(out) is tuple and out[0] == np.float32(1.5) and out[0].dtype == np.float32
    assert np.isnan(out[1]) and out[2] == 2 + 3j and out[3] == {1: "a"} and out[4] == 7


def test_trusted_side_refuses_to_send_callables_and_objects():
    for value in (lambda: 1, print, object(), np.array([object()], dtype=object)[0]):
        with pytest.raises(codec.EncodeError):
            codec.Encoder().encode(value)


def test_object_arrays_become_lists_and_other_objects_become_handles():
    enc = codec.Encoder(to_handle=lambda obj: {"$h": 7, "kind": "object", "type": "X"})
    tree = enc.encode(np.array([1, "a"], dtype=object))
    assert tree == [1, "a"]
    assert enc.encode(object())["$h"] == 7


def test_decoder_rejects_object_and_structured_dtypes():
    raw = b"\0" * 8
    for dtype in ("|O", "O", "<U2", "[('a','O')]", "<M8[s]", "|V8"):
        with pytest.raises(codec.ProtocolError):
            codec.Decoder([raw]).decode({"$a": 0, "dtype": dtype, "shape": [1]})


def test_decoder_rejects_shape_mismatch_unknown_tags_and_bad_handles():
    bad = [
        {"$a": 0, "dtype": "<f8", "shape": [2]},
        {"$a": 3, "dtype": "<f8", "shape": [1]},
        {"__reduce__": "os.system"},
        {"$h": "1", "kind": "object"},
        {"$h": 1, "kind": "callable"},
        {"a": 1},
    ]
    for node in bad:
        with pytest.raises(codec.ProtocolError):
            codec.Decoder([b"\0" * 8]).decode(node)


def test_size_caps():
    with pytest.raises(codec.EncodeError, match="over the grader's limit"):
        codec.Encoder(data_cap=2**20).encode(np.zeros(2**18))
    r, w = os.pipe()
    header = json.dumps({"buffers": [2**40]}).encode()
    os.write(w, codec.MAGIC + struct.pack("<Q", len(header)) + header)
    with pytest.raises(codec.ProtocolError, match="over the grader's limit"):
        codec.FrameReader(r).read()
    os.write(w, b"XXXX" + struct.pack("<Q", 5))
    with pytest.raises(codec.ProtocolError):
        codec.FrameReader(r).read()
    os.close(r)
    os.close(w)


def test_read_deadline_and_eof():
    r, w = os.pipe()
    with pytest.raises(TimeoutError):
        codec.FrameReader(r).read(deadline=0)
    os.close(w)
    with pytest.raises(EOFError):
        codec.FrameReader(r).read()
    os.close(r)


def test_output_printed_before_an_answer_is_read_before_it_is_shown():
    """The worker prints, then answers; the thread reading its output may lag behind the
    answer. What the student's code printed must still be in the feedback (it once went
    missing in one grading of hundreds)."""
    import time

    from autograder.runner.sandbox import OutputDrain

    class LaggingDrain(OutputDrain):
        def _run(self) -> None:
            time.sleep(0.3)
            super()._run()

    r, w = os.pipe()
    drain = LaggingDrain(r, 4096)
    os.write(w, b"printed by the student\n")
    drain.settle()
    assert drain.since(0) == "printed by the student\n"
    os.close(w)
    drain.thread.join(timeout=5)
    drain.settle()  # a closed pipe: returns at once
