"""Numeric checks of the linear maps: four routes to ``conv``, three to ``conv_transpose``,
dot tests, and translation equivariance under circular padding.

* :func:`check_conv` -- ``conv(x, w) == C @ x == scipy.signal.correlate`` (per channel pair,
  "valid" mode on the padded input, dilated kernel, strided by slicing) ``==`` the direct
  gather loop :func:`convmath.numeric.conv_reference`;
* :func:`check_conv_transpose` -- ``conv_transpose(y, w) == C^T @ y ==`` the scatter loop
  :func:`convmath.numeric.conv_transpose_reference`;
* :func:`check_dot_tests` -- ``<conv x, y> == <x, conv_transpose y>`` and
  ``<C x, y> == <x, C^T y>`` (every padding mode), by :func:`convmath.numeric.dot_test`
  (error ``|<A u, v> - <u, A^T v>| / max(1, |<A u, v>|, |<u, A^T v>|)``);
* :func:`check_circular_equivariance` -- with circular padding, rolling the input by
  ``s m`` rolls the output by ``m`` (``conv`` and ``C @ x``): ``C`` is block-circulant.

Each check takes a seeded generator and ``quick`` and returns a :class:`Tally`.

Examples
--------
>>> import numpy as np
>>> tally = check_conv(np.random.default_rng(0), quick=True)
>>> tally.result("conv", "four routes").passed
True
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

import numpy as np

from convmath._params import spatial_tuple
from convmath._sizes import effective_kernel_size
from convmath.numeric.adjoint import DotTestError, dot_test
from convmath.numeric.correlation import conv, conv_transpose
from convmath.numeric.matrix import conv_matrix
from convmath.numeric.reference import conv_reference, conv_transpose_reference
from convmath.numeric.shapes import output_shape, resolve_padding
from convmath.verification.cases import (
    ConvCase,
    circular_cases,
    conv_cases,
    transposed_cases,
)
from convmath.verification.results import Tally

__all__ = [
    "TOLERANCE",
    "check_conv",
    "check_conv_transpose",
    "check_dot_tests",
    "check_circular_equivariance",
]

#: Largest error a float64 route may show against another (sums of a few dozen products
#: of standard-normal numbers agree to ~1e-15; a wrong index gives errors of order 1).
TOLERANCE = 1e-10

_MODES = ("zeros", "zeros", "circular", "reflect", "replicate")
_NUMPY_MODES = {"zeros": "constant", "circular": "wrap", "reflect": "reflect", "replicate": "edge"}


def _unbatched(a: np.ndarray, batched: bool) -> list[np.ndarray]:
    return list(a) if batched else [a]


def _times(matrix: object, u: np.ndarray) -> object:
    """``matrix @ u.ravel()`` (a sparse matrix applied to a flattened array)."""
    return matrix @ u.ravel()


def _with_kernel(
    op: Callable[..., np.ndarray], w: np.ndarray, kwargs: dict[str, Any]
) -> Callable[[np.ndarray], object]:
    """``u -> op(u, w, **kwargs)``."""
    return lambda u: op(u, w, **kwargs)


def check_conv(rng: np.random.Generator, quick: bool) -> Tally:
    """``conv == C @ x == scipy.signal.correlate == conv_reference`` on random N-D cases."""
    tally = Tally(TOLERANCE)
    for case in conv_cases(rng, 12 if quick else 100, modes=_MODES):
        x = rng.standard_normal(case.x_shape)
        w = rng.standard_normal(case.w_shape)
        label = case.label()
        with tally.case(label):
            got = conv(x, w, **case.kwargs())
            reference = conv_reference(x, w, **case.kwargs())
            tally.compare(got, reference, f"conv vs direct loop, {label}")
            matrix = conv_matrix(w, (case.c_in, *case.size), **case.kwargs())
            batched = case.batch is not None
            planes = [
                (matrix @ xi.ravel()).reshape(case.c_out, *case.out_size)
                for xi in _unbatched(x, batched)
            ]
            via_matrix = np.stack(planes) if batched else planes[0]
            tally.compare(via_matrix, reference, f"C @ x vs direct loop, {label}")
            via_scipy = _scipy_correlate(x, w, case)
            tally.compare(via_scipy, reference, f"scipy.signal.correlate, {label}")
    return tally


def _scipy_correlate(x: np.ndarray, w: np.ndarray, case: ConvCase) -> np.ndarray:
    """The convolution from ``scipy.signal.correlate(..., "valid")``, one channel pair at a
    time: NumPy-padded input, kernel dilated by inserting zeros, stride by slicing."""
    from scipy import signal

    dilation = spatial_tuple(case.dilation, case.ndim, "dilation", minimum=1)
    stride = spatial_tuple(case.stride, case.ndim, "stride", minimum=1)
    pads = resolve_padding(case.padding, case.kernel, stride=stride, dilation=dilation)
    xb = x if case.batch is not None else x[None]
    xp = np.pad(xb, ((0, 0), (0, 0), *pads), mode=_NUMPY_MODES[case.padding_mode])  # type: ignore[call-overload]
    extent = tuple(effective_kernel_size(k, d) for k, d in zip(case.kernel, dilation))
    dilated = np.zeros((*w.shape[:2], *extent))
    dilated[(Ellipsis,) + tuple(slice(None, None, d) for d in dilation)] = w
    keep = tuple(slice(None, None, s) for s in stride)
    out = np.zeros((xb.shape[0], case.c_out, *case.out_size))
    for b, f in itertools.product(range(xb.shape[0]), range(case.c_out)):
        group = f // case.per_group
        for c in range(case.c_group):
            plane = xp[b, group * case.c_group + c]
            full = signal.correlate(plane, dilated[f, c], mode="valid", method="direct")
            out[b, f] += full[keep]
    return out if case.batch is not None else out[0]


def check_conv_transpose(rng: np.random.Generator, quick: bool) -> Tally:
    """``conv_transpose == C^T @ y == conv_transpose_reference`` on random N-D cases.

    ``C = conv_matrix(w, (C_out, *S))`` for the size ``S`` that `output_padding` selects;
    when ``output_padding >= stride`` its convolution has more outputs than ``y`` has
    samples, and ``y`` is padded with zeros on the high side (the contract's rule).
    """
    tally = Tally(TOLERANCE)
    for case in transposed_cases(rng, 12 if quick else 100):
        y = rng.standard_normal(case.y_shape)
        w = rng.standard_normal(case.w_shape)
        label = case.label()
        with tally.case(label):
            got = conv_transpose(y, w, **case.kwargs())
            reference = conv_transpose_reference(y, w, **case.kwargs())
            tally.compare(got, reference, f"conv_transpose vs scatter loop, {label}")
            size = case.out_size
            params: dict[str, Any] = dict(
                stride=case.stride, padding=case.padding, dilation=case.dilation
            )
            full = output_shape(size, case.kernel, **params)
            matrix = conv_matrix(w, (case.c_out, *size), groups=case.groups, **params)
            batched = case.batch is not None
            columns = []
            for yi in _unbatched(y, batched):
                padded = np.zeros((case.c_in, *full))
                padded[(slice(None),) + tuple(slice(0, n) for n in case.size)] = yi
                columns.append((matrix.T @ padded.ravel()).reshape(case.c_out, *size))
            via_matrix = np.stack(columns) if batched else columns[0]
            tally.compare(via_matrix, reference, f"C^T @ y vs scatter loop, {label}")
    return tally


def check_dot_tests(rng: np.random.Generator, quick: bool) -> Tally:
    """``<A u, v> == <u, A^T v>`` for ``(conv, conv_transpose)`` and ``(C, C^T)``.

    The pair ``conv`` / ``conv_transpose`` is tested with zero padding given as numbers (the
    transposed convolution has no padding modes and no "same"); the pair ``C`` / ``C.T``
    with every padding mode. The error recorded is the difference of the two inner products
    divided by ``max(1, |either|)`` (absolute when they are small: no blow-up near 0).
    """
    tally = Tally(TOLERANCE)
    for case in conv_cases(rng, 16 if quick else 100, modes=_MODES):
        case = replace(case, batch=None)
        w = rng.standard_normal(case.w_shape)
        in_shape, out_shape = (case.c_in, *case.size), (case.c_out, *case.out_size)
        label = case.label()
        seed = int(rng.integers(2**31))
        with tally.case(label):
            matrix = conv_matrix(w, in_shape, **case.kwargs())
            pairs: list[tuple[str, Callable[[np.ndarray], object], Callable[[np.ndarray], object]]]
            pairs = [("C, C^T", partial(_times, matrix), partial(_times, matrix.T))]
            if case.padding_mode == "zeros" and not isinstance(case.padding, str):
                conv_kwargs = case.kwargs()
                del conv_kwargs["padding_mode"]
                pairs.append(
                    (
                        "conv, conv_transpose",
                        _with_kernel(conv, w, conv_kwargs),
                        _with_kernel(conv_transpose, w, case.transpose_kwargs()),
                    )
                )
            for what, op, adjoint in pairs:
                try:
                    result = dot_test(op, adjoint, in_shape, out_shape, rng=seed)
                    forward, backward, where = result.forward, result.adjoint, ""
                except DotTestError as error:
                    forward, backward, where = error.forward, error.adjoint, f": {error}"
                # the suite's error measure: absolute below 1, relative above
                scale = max(1.0, abs(forward), abs(backward))
                tally.record(abs(forward - backward) / scale, f"{what}, {label}{where}")
    return tally


def check_circular_equivariance(rng: np.random.Generator, quick: bool) -> Tally:
    """Circular padding: ``conv(roll(x, s m)) == roll(conv(x), m)``, also for ``C @ x``.

    Cases keep the grid (``S = s O``, padding ``d (k - 1) / 2`` or "same"), so the
    convolution commutes with shifts: its matrix is block-circulant. Round-off only.
    """
    tally = Tally(TOLERANCE)
    for case in circular_cases(rng, 12 if quick else 60):
        case = replace(case, batch=None)
        x = rng.standard_normal(case.x_shape)
        w = rng.standard_normal(case.w_shape)
        shift = tuple(int(rng.integers(-o, o + 1)) for o in case.out_size)
        axes = tuple(range(1, case.ndim + 1))
        label = f"{case.label()} shift={shift}"
        stride = spatial_tuple(case.stride, case.ndim, "stride", minimum=1)
        with tally.case(label):
            moved = np.roll(x, tuple(s * m for s, m in zip(stride, shift)), axis=axes)
            expected = np.roll(conv(x, w, **case.kwargs()), shift, axis=axes)
            tally.compare(conv(moved, w, **case.kwargs()), expected, f"conv, {label}")
            matrix = conv_matrix(w, x.shape, **case.kwargs())
            via_matrix = (matrix @ moved.ravel()).reshape(expected.shape)
            rolled = np.roll((matrix @ x.ravel()).reshape(expected.shape), shift, axis=axes)
            tally.compare(via_matrix, rolled, f"C @ x, {label}")
    return tally
