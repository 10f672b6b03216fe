"""Pooling checks: average pooling is a strided box convolution; max pooling is a selection.

* :func:`check_avg_pool` -- ``avg_pool(x) == conv(x, box, stride, padding, groups=C)`` with
  ``box = 1 / prod(K)``, and ``avg_pool_matrix == conv_matrix(box, groups=C)`` entry by entry
  (and ``A @ x == avg_pool(x)``); with ``count_include_pad=False`` the divisor is the box
  convolution of an all-ones input: ``avg_pool(x) == conv(x, ones) / conv(1, ones)``;
* :func:`check_max_pool_selection` -- the 0/1 matrix ``S`` has one 1 per row,
  ``S @ x == max_pool(x)``, and ``S^T g`` routes each output gradient to the winner that the
  independent scan :func:`convmath.numeric.max_pool_reference` finds, exactly.

Examples
--------
>>> import numpy as np
>>> check_avg_pool(np.random.default_rng(0), quick=True).result("avg-pool", "").passed
True
"""

from __future__ import annotations

import numpy as np

from convmath._sizes import prod
from convmath.numeric.correlation import conv
from convmath.numeric.matrix import conv_matrix
from convmath.numeric.pooling import (
    avg_pool,
    avg_pool_matrix,
    max_pool,
    max_pool_selection_matrix,
)
from convmath.numeric.reference import max_pool_reference
from convmath.verification.cases import pool_cases
from convmath.verification.results import Tally

__all__ = ["check_avg_pool", "check_max_pool_selection"]

#: Largest float64 round-off allowed between two routes to an average.
TOLERANCE = 1e-12


def check_avg_pool(rng: np.random.Generator, quick: bool) -> Tally:
    """Average pooling against the strided box convolution, values and matrices."""
    tally = Tally(TOLERANCE)
    for case in pool_cases(rng, 12 if quick else 100, dilation=False):
        x = rng.standard_normal(case.x_shape)
        include = bool(rng.integers(2))
        c = case.channels
        box = np.ones((c, 1, *case.kernel))
        params = case.kwargs(dilation=False)
        label = f"{case.label()} count_include_pad={include}"
        with tally.case(label):
            got = avg_pool(x, case.kernel, count_include_pad=include, **params)
            total = conv(x, box, groups=c, **params)
            if include:
                expected = total / prod(case.kernel)
            else:
                expected = total / conv(np.ones_like(x), box, groups=c, **params)
            tally.compare(got, expected, f"avg_pool vs box conv, {label}")
            matrix = avg_pool_matrix(
                (c, *case.size), case.kernel, count_include_pad=include, **params
            )
            if include:
                reference = conv_matrix(
                    box / prod(case.kernel), (c, *case.size), groups=c, **params
                )
                tally.compare(matrix.toarray(), reference.toarray(), f"avg_pool_matrix, {label}")
            planes = x if case.batch is not None else x[None]
            via_matrix = np.stack([matrix @ xi.ravel() for xi in planes]).reshape(
                (planes.shape[0], *expected.shape[-case.ndim - 1 :])
            )
            expected_b = expected if case.batch is not None else expected[None]
            tally.compare(via_matrix, expected_b, f"A @ x vs box conv, {label}")
    return tally


def check_max_pool_selection(rng: np.random.Generator, quick: bool) -> Tally:
    """``S @ x == max_pool(x)``; ``S^T g`` == gradient routed by an independent argmax scan."""
    tally = Tally(exact=True)
    for case in pool_cases(rng, 12 if quick else 100):
        if case.ties:  # small integers: many equal maxima, the first in scan order wins
            x = rng.integers(-2, 3, size=case.x_shape).astype(float)
        else:
            x = rng.standard_normal(case.x_shape)
        params = case.kwargs()
        label = case.label()
        with tally.case(label):
            values = max_pool(x, case.kernel, **params)
            ref_values, ref_index = max_pool_reference(x, case.kernel, **params)
            tally.exact(values, ref_values, f"max_pool vs scan, {label}")
            selection = max_pool_selection_matrix(x, case.kernel, **params)
            dense = selection.toarray()
            rows_ok = np.array_equal(np.count_nonzero(dense, axis=1), np.ones(dense.shape[0]))
            if not (rows_ok and set(np.unique(dense)) <= {0.0, 1.0}):
                tally.fail(f"S is not a 0/1 matrix with one 1 per row, {label}")
            tally.exact(selection @ x.ravel(), values.ravel(), f"S @ x, {label}")
            # integer gradients: sums over overlapping windows are exact in any order
            g = rng.integers(-9, 10, size=values.shape).astype(float)
            routed = _route(g, ref_index, x.shape, case.ndim)
            tally.exact(selection.T @ g.ravel(), routed.ravel(), f"S^T g, {label}")
    return tally


def _route(g: np.ndarray, index: np.ndarray, x_shape: tuple, ndim: int) -> np.ndarray:
    """Add each output gradient into the input sample its window selected (``np.add.at``)."""
    planes = prod(x_shape[: len(x_shape) - ndim])
    plane = prod(x_shape[-ndim:])
    flat = index.reshape(planes, -1) + (np.arange(planes) * plane)[:, None]
    out = np.zeros(prod(x_shape))
    np.add.at(out, flat.ravel(), g.reshape(planes, -1).ravel())
    return out.reshape(x_shape)
