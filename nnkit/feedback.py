"""Assertion helpers whose messages a student can act on.

Every check names the quantity, says what is wrong with it (missing, wrong type, wrong
shape, NaN, wrong values) and, for values, where the worst entry is, what was expected
and what was received, and the relative error. Tolerances come from
:mod:`nnkit.tolerances`, never from the test.

Values returned by student code are untrusted data: ``as_array`` and ``as_float`` turn
them into plain numpy values (or fail with a message) before anything is compared.
"""

from __future__ import annotations

import contextlib
import numbers
import warnings
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from nnkit.tolerances import tolerance


def _fmt_index(index: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(int(i)) for i in index) + "]"


def _fmt(value: Any, digits: int = 6) -> str:
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.{digits}g}"
    return str(value)


def _digits_for(rel: float) -> int:
    """Significant digits that make two numbers ``rel`` apart print differently."""
    if not rel > 0 or rel >= 1e-5:
        return 6
    return min(17, int(np.ceil(-np.log10(rel))) + 2)


def _hinted(message: str, hint: str | None) -> str:
    return f"{message}: {hint}" if hint else message


def assert_that(condition: bool, message: str) -> None:
    """Fail with ``message`` unless ``condition`` holds."""
    if not bool(condition):
        raise AssertionError(message)


def expect_value_error(call: Any, what: str) -> None:
    """Fail unless ``call()`` raises ValueError, the documented answer to invalid
    arguments (``what`` says which, e.g. "a negative count")."""
    try:
        call()
    except ValueError:
        return
    raise AssertionError(f"{what} should raise ValueError")


def as_array(name: str, value: Any, dtype: Any = None) -> np.ndarray:
    """Turn a returned value into a plain numeric ndarray, or fail saying why.

    Args:
        name: what the value is, as the student knows it (e.g. "predict(X)").
        value: what the student code returned: an array, a number, a nested list.
        dtype: optional dtype to convert to.

    Returns:
        a base-class ``np.ndarray`` (never a subclass) with a numeric or boolean dtype.
    """
    if value is None:
        raise AssertionError(f"{name} is None: does the function end with a return statement?")
    if isinstance(value, (str, bytes)):
        raise AssertionError(f"{name} is a string ({value[:40]!r}), expected numbers")
    try:
        arr = np.array(value, dtype=dtype, copy=True)
    except (TypeError, ValueError) as exc:
        raise AssertionError(
            f"{name} could not be read as an array of numbers ({type(value).__name__}): {exc}"
        ) from None
    if arr.dtype.kind not in "biufc":
        raise AssertionError(
            f"{name} has dtype {arr.dtype} ({type(value).__name__}), expected numbers"
        )
    return np.asarray(arr).view(np.ndarray)


def as_float(name: str, value: Any) -> float:
    """Turn a returned scalar (a number or a size-1 array) into a float, or fail saying why."""
    arr = as_array(name, value)
    if arr.size != 1:
        raise AssertionError(f"{name} should be a single number, got shape {arr.shape}")
    return float(arr.reshape(()).real)


def assert_shape(name: str, received: Any, expected_shape: Sequence[int]) -> np.ndarray:
    """Check the shape of a returned array; returns it as a plain ndarray."""
    arr = as_array(name, received)
    expected_shape = tuple(int(s) for s in expected_shape)
    if arr.shape != expected_shape:
        raise AssertionError(f"{name} has shape {arr.shape}, expected {expected_shape}")
    return arr


def assert_dtype(name: str, received: Any, expected_dtype: Any) -> np.ndarray:
    """Check that a returned array has exactly ``expected_dtype`` (e.g. float32 in, float32 out)."""
    arr = as_array(name, received)
    if arr.dtype != np.dtype(expected_dtype):
        raise AssertionError(
            f"{name} has dtype {arr.dtype}, expected {np.dtype(expected_dtype)} "
            "(keep the dtype of the inputs)"
        )
    return arr


def _check_shape_and_finite(name: str, rec: np.ndarray, exp: np.ndarray) -> None:
    if rec.shape != exp.shape:
        raise AssertionError(f"{name} has shape {rec.shape}, expected {exp.shape}")
    if exp.dtype.kind in "fc" and rec.dtype.kind in "fc":
        bad = ~np.isfinite(rec) & np.isfinite(exp)
        if bad.any():
            index = tuple(np.argwhere(bad)[0])
            what = "NaN" if np.isnan(rec[index]) else "inf"
            at = _fmt_index(index) if rec.ndim else ""
            raise AssertionError(
                f"{name} contains {what}{' at ' + at if at else ''} "
                f"({int(bad.sum())} of {rec.size} entries): look for overflow or a division by 0"
            )


def assert_close(
    name: str,
    received: Any,
    expected: Any,
    *,
    kind: str = "forward",
    hint: str | None = None,
) -> None:
    """Check received values against expected ones within the policy's tolerance.

    Args:
        name: the quantity, as the student knows it (e.g. "dW" or "train(...) weights").
        received: what the student code returned (any array-like).
        expected: the correct values (array-like), computed by the reference or PyTorch.
        kind: the kind of check, which selects the tolerance (see :mod:`nnkit.tolerances`).
        hint: where to look when the values are wrong.

    Raises:
        AssertionError naming the problem: type, shape, NaN/inf, or the worst entry with
        expected and received values and the relative error.
    """
    rec = as_array(name, received)
    exp = np.asarray(expected)
    if exp.dtype.kind not in "biufc":
        raise TypeError(f"expected value for {name} is not numeric: {exp.dtype}")
    _check_shape_and_finite(name, rec, exp)
    if exp.dtype.kind in "fc" and rec.dtype.kind in "fc":
        coarser = rec.dtype if rec.dtype.itemsize < exp.dtype.itemsize else exp.dtype
    elif exp.dtype.kind in "fc":
        coarser = exp.dtype
    else:
        coarser = rec.dtype if rec.dtype.kind in "fc" else exp.dtype
    tol = tolerance(coarser, kind)
    rec64 = rec.astype(np.complex128 if rec.dtype.kind == "c" else np.float64)
    exp64 = exp.astype(np.complex128 if exp.dtype.kind == "c" else np.float64)
    both_nan = np.isnan(rec64) & np.isnan(exp64)
    err = np.where(both_nan, 0.0, np.abs(rec64 - exp64))
    allowed = tol.atol + tol.rtol * np.abs(exp64)
    bad = err > allowed
    if not bad.any():
        return
    ratio = np.where(bad, err / np.maximum(allowed, np.finfo(float).tiny), 0.0)
    index = np.unravel_index(int(np.argmax(ratio)), ratio.shape) if ratio.ndim else ()
    e_val, r_val = exp64[index], rec64[index]
    rel = float(err[index] / max(abs(e_val), abs(r_val), 1e-300))
    where = f" at {_fmt_index(index)}" if rec.ndim else ""
    count = f"; {int(bad.sum())} of {bad.size} entries differ" if bad.size > 1 else ""
    digits = _digits_for(rel)
    message = (
        f"{name}: max relative error {rel:.1e}{where} "
        f"(expected {_fmt(e_val.real if exp.dtype.kind != 'c' else e_val, digits)}, "
        f"received {_fmt(r_val.real if rec.dtype.kind != 'c' else r_val, digits)}){count}"
    )
    raise AssertionError(_hinted(message, hint))


def assert_equal(name: str, received: Any, expected: Any, hint: str | None = None) -> None:
    """Check exact equality of numbers, arrays (shape and every entry) or strings."""
    if isinstance(expected, str):
        if not isinstance(received, str) or received != expected:
            raise AssertionError(_hinted(f"{name} is {received!r}, expected {expected!r}", hint))
        return
    if isinstance(expected, numbers.Number) and not isinstance(expected, bool):
        got = as_array(name, received)
        if got.size != 1 or got.reshape(()).item() != expected:
            shown = got.reshape(()).item() if got.size == 1 else f"shape {got.shape}"
            raise AssertionError(_hinted(f"{name} is {shown}, expected {expected}", hint))
        return
    rec = as_array(name, received)
    exp = np.asarray(expected)
    _check_shape_and_finite(name, rec, exp)
    diff = rec != exp
    if diff.any():
        index = tuple(np.argwhere(diff)[0])
        where = f" at {_fmt_index(index)}" if rec.ndim else ""
        count = f"; {int(diff.sum())} of {diff.size} entries differ" if diff.size > 1 else ""
        e_val, r_val = exp[index], rec[index]
        gap = abs(float(e_val) - float(r_val)) / max(abs(float(e_val)), abs(float(r_val)), 1e-300)
        digits = _digits_for(gap) if exp.dtype.kind in "fc" or rec.dtype.kind in "fc" else 6
        message = (
            f"{name} differs{where} (expected {_fmt(e_val, digits)}, received "
            f"{_fmt(r_val, digits)}){count}"
        )
        raise AssertionError(_hinted(message, hint))


@contextlib.contextmanager
def strict_numerics(module: Any) -> Iterator[None]:
    """Make numpy overflow, divide-by-zero and invalid operations raise where ``module``'s
    code runs, for checks of numerical stability.

    In the same process (``grader.check``, ``otter run``) ``np.errstate`` and a warnings
    filter apply directly. Under the hardened runner the student's code runs in another
    process, so numpy's error state is also set through the module's own ``np`` attribute
    (a handle into that process) and restored afterwards; a module without one is still
    checked on its values. Underflow stays ignored: e^{-1000} == 0 is the right answer.
    """
    student_np = getattr(module, "np", None)
    try:
        old = dict(student_np.seterr(over="raise", divide="raise", invalid="raise"))
    except Exception:  # no numpy handle in the module: values are still checked
        old = None
    try:
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            with warnings.catch_warnings():
                warnings.simplefilter("error", RuntimeWarning)
                yield
    finally:
        if old is not None:
            student_np.seterr(**old)


def _arrays_in(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, np.ndarray]]:
    """Every ndarray inside ``value`` (through tuples, lists and dicts), with its path."""
    if isinstance(value, np.ndarray):
        yield path, value
    elif type(value) in (tuple, list):
        for i, item in enumerate(value):
            yield from _arrays_in(item, path + (i,))
    elif type(value) is dict:
        for key, item in value.items():
            yield from _arrays_in(item, path + (key,))


def _argument_label(path: tuple) -> str:
    where, key, *inner = path
    label = f"its argument {key + 1}" if where == 0 else f"its argument {key}="
    return label + "".join(f"[{i!r}]" for i in inner)


def assert_inputs_unchanged(what: str, before: Any, after: Any) -> None:
    """Fail when an array inside ``after`` (the arguments as a call left them) differs from
    the same array in ``before`` (copies taken before the call): the call wrote into its
    inputs, or into a view of them, which breaks every caller that still needs them."""
    left = dict(_arrays_in(after))
    for path, old in _arrays_in(before):
        new = left.get(path)
        label = _argument_label(path)
        if new is None or new.shape != old.shape or new.dtype != old.dtype:
            raise AssertionError(
                f"{what} replaced {label} (an array of shape {old.shape}) by something else: "
                "leave the caller's arrays as they are"
            )
        same = (new == old) | (np.isnan(new) & np.isnan(old) if old.dtype.kind in "fc" else False)
        if not np.all(same):
            index = tuple(np.argwhere(~same)[0]) if old.ndim else ()
            at = f" at {_fmt_index(index)}" if old.ndim else ""
            raise AssertionError(
                f"{what} changed {label} in place ({int((~same).sum())} of {old.size} "
                f"entries; {_fmt(old[index])} became {_fmt(new[index])}{at}): compute into a "
                "new array (x.copy(), np.zeros_like(x), x + ...) instead of writing into an "
                "input or a view of it (out = x; out += ... writes into x)"
            )


def call_checking_inputs(
    what: str, fn: Any, *args: Any, only_args: Sequence[int | str] | None = None, **kwargs: Any
) -> Any:
    """Call ``fn(*args, **kwargs)``, fail if the call changed an array among its arguments
    (also inside tuples, lists and dicts such as a cache), and return what it returned.

    ``only_args`` limits the check to some arguments (positions and keyword names), for
    functions documented to update others in place (an optimizer's w and state).

    Works wherever the test runs: with the student's real module (``grader.check``,
    ``otter run``), the arrays are compared with copies taken before the call; under the
    hardened runner the student's code gets copies, so the worker sends back the
    arguments as the call left them (``_nnkit_call_reporting_arguments`` of its proxies).
    """
    before = tuple(
        _copied(v) for v in (args, kwargs)
    )  # copies: the originals are what the call receives in-process
    reporting = getattr(type(fn), "_nnkit_call_reporting_arguments", None)
    if reporting is not None:
        result, args_after, kwargs_after = reporting(fn, *args, **kwargs)
    else:
        result = fn(*args, **kwargs)
        args_after, kwargs_after = args, kwargs
    if only_args is not None:
        keep = set(only_args)
        before = (
            tuple(v if i in keep else None for i, v in enumerate(before[0])),
            {k: v for k, v in before[1].items() if k in keep},
        )
    assert_inputs_unchanged(what, before, (args_after, kwargs_after))
    return result


def _copied(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.copy()
    if type(value) in (tuple, list):
        return type(value)(_copied(v) for v in value)
    if type(value) is dict:
        return {k: _copied(v) for k, v in value.items()}
    return value


def _as_list(name: str, value: Any) -> list[np.ndarray]:
    if isinstance(value, (tuple, list)):
        return [as_array(f"{name}[{i}]", v) for i, v in enumerate(value)]
    return [as_array(name, value)]


def check_forward_backward(
    layer: str,
    forward: Any,
    backward: Any,
    inputs: Sequence[Any],
    *,
    forward_kwargs: dict | None = None,
    dout_seed: int = 0,
    grad_names: Sequence[str] | None = None,
) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    """Run a layer the way a network runs it and check the contract every layer keeps.

    The calls: ``out, cache = forward(*inputs)``; ``forward`` on other inputs (the
    arrays flipped); ``backward(dout, cache)`` with the student's own cache, twice; and
    ``forward(*inputs)`` again. Checked on the way:

    - no call writes into its arguments (the inputs, dout, the cache), see
      :func:`call_checking_inputs`;
    - backward uses the cache it is given (a later forward call changes nothing), and a
      second backward on the same cache, or a second forward on the same inputs, gives
      the same result: no state kept between calls (module globals, mutable defaults);
    - every returned array has the dtype of ``inputs[0]`` (float32 in, float32 out).

    Args:
        layer: the layer's name for messages, e.g. "max_pool".
        forward, backward: the student's functions.
        inputs: the forward's positional arguments, ``inputs[0]`` the layer input x.
        forward_kwargs: keyword arguments of every forward call (hyper-parameters).
        dout_seed: seed of the upstream gradient, drawn as standard normal of out's shape.
        grad_names: names of backward's outputs (default dx or dx, d1, d2...).

    Returns:
        ``out``, the list of gradients of the first backward call and ``dout``, for the
        test to compare with an oracle.
    """
    kwargs = dict(forward_kwargs or {})
    dtype = np.asarray(inputs[0]).dtype
    fwd, bwd = f"{layer}_forward", f"{layer}_backward"
    result = call_checking_inputs(fwd, forward, *inputs, **kwargs)
    assert_that(
        isinstance(result, (tuple, list)) and len(result) == 2,
        f"{fwd} should return a pair (out, cache)",
    )
    out = assert_dtype(f"{fwd} out", result[0], dtype)
    cache = result[1]
    flipped = [np.flip(a).copy() if isinstance(a, np.ndarray) else a for a in inputs]
    forward(*flipped, **kwargs)  # a call in between, as a network's next layer makes
    dout = np.random.default_rng(dout_seed).standard_normal(out.shape).astype(dtype)
    grads = _as_list(bwd, call_checking_inputs(bwd, backward, dout, cache))
    names = list(
        grad_names or (["dx"] if len(grads) == 1 else [f"d{i}" for i in range(len(grads))])
    )
    for gname, g in zip(names, grads):
        assert_dtype(f"{bwd} {gname}", g, dtype)
    again = _as_list(bwd, backward(dout, cache))
    for gname, g, g2 in zip(names, grads, again):
        assert_close(
            f"{gname} of a second {bwd}(dout, cache) on the same cache",
            g2,
            g,
            hint="backward must depend only on dout and the cache it is given: keep no "
            "state between calls and do not consume or change the cache",
        )
    out2 = call_checking_inputs(fwd, forward, *inputs, **kwargs)
    assert_close(
        f"out of a second {fwd} on the same input",
        out2[0] if isinstance(out2, (tuple, list)) else out2,
        out,
        hint="the same input must give the same output: keep no state between calls "
        "(a module-level variable, a mutable default argument)",
    )
    return out, grads, dout
