"""Deliberately naive reference implementations, for tests and ``convmath verify`` only.

Plain Python loops straight from the definitions, sharing no index code with the fast
routes (they do not use :mod:`convmath.numeric._indexing` or :mod:`.padding`):

* :func:`conv_reference` -- the *gather* ("many-to-one") loop: for each output sample, sum
  ``w[f, c, t] * x[c, o s + t d - p]`` over channels and taps;
* :func:`conv_transpose_reference` -- the *scatter* ("one-to-many") loop: for each input
  sample, add ``y[c, i] * w[c, f, t]`` into output ``i s + t d - p``;
* :func:`max_pool_reference` -- scan each window in order, keep the first maximum
  (a NaN wins, the last one if several), skipping padding.

They refuse more than :data:`MAX_OPERATIONS` multiply-adds (small sizes only).

Examples
--------
>>> X = [[[0, 1, 2], [3, 4, 5], [6, 7, 8]]]
>>> # output 2 x 2 = (3 - 2 + 1) x (3 - 2 + 1)
>>> conv_reference(X, [[[[1, 2], [3, 4]]]])
array([[[27., 37.],
        [57., 67.]]])
>>> conv_transpose_reference([[[27, 37], [57, 67]]], [[[[1, 2], [3, 4]]]])
array([[[ 27.,  91.,  74.],
        [138., 400., 282.],
        [171., 429., 268.]]])
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from convmath._params import spatial_tuple
from convmath.errors import ConvmathError, ShapeError
from convmath.numeric.shapes import resolve_padding

__all__ = [
    "MAX_OPERATIONS",
    "conv_reference",
    "conv_transpose_reference",
    "max_pool_reference",
]

#: Largest number of inner-loop steps a reference function agrees to run.
MAX_OPERATIONS = 2_000_000


def _source(j: int, n: int, mode: str) -> int | None:
    """Input index that padded-relative position ``j`` reads under `mode` (None: a zero)."""
    if 0 <= j < n:
        return j
    if mode == "zeros":
        return None
    if mode == "circular":
        return j % n
    if mode == "replicate":
        return 0 if j < 0 else n - 1
    if mode == "reflect":
        while not 0 <= j < n:  # mirror about the first / last sample, edge not repeated
            j = -j if j < 0 else 2 * (n - 1) - j
        return j
    raise ConvmathError(
        f"padding_mode must be zeros, circular, reflect or replicate; got {mode!r}",
        argument="padding_mode",
    )


def _budget(steps: int) -> None:
    if steps > MAX_OPERATIONS:
        raise ShapeError(
            f"reference loop would take {steps} steps; it refuses more than {MAX_OPERATIONS}",
            argument="x",
        )


def _batched(a: object, d: int, name: str) -> tuple[np.ndarray, bool]:
    a = np.asarray(a, dtype=np.float64)
    if a.ndim == d + 1:
        return a[None], True
    if a.ndim != d + 2:
        raise ShapeError(
            f"{name} must have {d + 1} or {d + 2} dimensions; got {a.ndim}", argument=name
        )
    return a, False


def _window_count(n: int, k: int, s: int, low: int, high: int, d: int) -> int:
    """Windows that fit the padded input, counted one by one (not by the size formula)."""
    count = 0
    while count * s + d * (k - 1) <= n + low + high - 1:
        count += 1
    if count == 0:
        raise ShapeError("kernel larger than the padded input", argument="w")
    return count


def _scatter_length(n: int, k: int, s: int, p: int, d: int, a: int) -> int:
    """Output length of a scatter: the furthest position reached, plus ``a``, minus ``2 p``."""
    reached = max(i * s + t * d for i in range(n) for t in range(k))
    return reached + 1 + a - 2 * p


def _taps(kernel: tuple[int, ...]) -> list[tuple[int, ...]]:
    return list(itertools.product(*map(range, kernel)))


def conv_reference(
    x: object,
    w: object,
    *,
    stride: object = 1,
    padding: object = 0,
    dilation: object = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> np.ndarray:
    """Cross-correlation by the gather loop (torch ``conv{d}d`` semantics), float64.

    Parameters and result as :func:`convmath.numeric.conv`.

    Examples
    --------
    >>> # output 3 = floor((5 + 2*1 - 3) / 2) + 1; replicate pads with the edge values
    >>> conv_reference([[1, 2, 3, 4, 5]], [[[1, 1, 1]]], stride=2, padding=1, padding_mode="replicate")
    array([[ 4.,  9., 14.]])
    """
    w = np.asarray(w, dtype=np.float64)
    d = w.ndim - 2
    x, unbatched = _batched(x, d, "x")
    n_batch, c_in = x.shape[:2]
    c_out, c_group = w.shape[:2]
    if c_in % groups or c_out % groups or c_group * groups != c_in:
        raise ShapeError(
            f"channels {c_in} -> {c_out} do not fit w {w.shape}, groups={groups}", argument="w"
        )
    size, kernel = x.shape[2:], w.shape[2:]
    s = spatial_tuple(stride, d, "stride", minimum=1)
    dil = spatial_tuple(dilation, d, "dilation", minimum=1)
    pads = resolve_padding(padding, kernel, stride=s, dilation=dil)
    out = tuple(
        _window_count(n_, k, st, lo, hi, dd)
        for n_, k, st, dd, (lo, hi) in zip(size, kernel, s, dil, pads)
    )
    _budget(n_batch * c_out * math.prod(out) * c_group * math.prod(kernel))
    y = np.zeros((n_batch, c_out, *out))
    per_group = c_out // groups
    for b, f in itertools.product(range(n_batch), range(c_out)):
        g = f // per_group
        for o in itertools.product(*(range(m) for m in out)):
            total = 0.0
            for c, t in itertools.product(range(c_group), _taps(kernel)):
                src = [
                    _source(oa * st + ta * dd - lo, n_, padding_mode)
                    for oa, ta, st, dd, (lo, _), n_ in zip(o, t, s, dil, pads, size)
                ]
                if all(q is not None for q in src):
                    total += w[(f, c) + t] * x[(b, g * c_group + c) + tuple(src)]
            y[(b, f) + o] = total
    return y[0] if unbatched else y


def conv_transpose_reference(
    y: object,
    w: object,
    *,
    stride: object = 1,
    padding: object = 0,
    output_padding: object = 0,
    dilation: object = 1,
    groups: int = 1,
) -> np.ndarray:
    """Transposed convolution by the scatter loop (torch ``conv_transpose{d}d``), float64.

    Parameters and result as :func:`convmath.numeric.conv_transpose`.

    Examples
    --------
    >>> # output 5 = (2 - 1) * 2 + (3 - 1) + 1: the two copies of w overlap at index 2
    >>> conv_transpose_reference([[1, 10]], [[[1, 2, 3]]], stride=2)
    array([[ 1.,  2., 13., 20., 30.]])
    """
    w = np.asarray(w, dtype=np.float64)
    d = w.ndim - 2
    y, unbatched = _batched(y, d, "y")
    n_batch, c_in = y.shape[:2]
    c_group = c_in // groups
    per_group = w.shape[1]
    if c_in != w.shape[0] or c_in % groups:
        raise ShapeError(f"y has {c_in} channels; w {w.shape}, groups={groups}", argument="w")
    size, kernel = y.shape[2:], w.shape[2:]
    s = spatial_tuple(stride, d, "stride", minimum=1)
    p = spatial_tuple(padding, d, "padding", minimum=0)
    dil = spatial_tuple(dilation, d, "dilation", minimum=1)
    a = spatial_tuple(output_padding, d, "output_padding", minimum=0)
    out = [
        _scatter_length(i, k, st, pp, dd, aa)
        for i, k, st, pp, dd, aa in zip(size, kernel, s, p, dil, a)
    ]
    _budget(n_batch * c_in * math.prod(size) * per_group * math.prod(kernel))
    x = np.zeros((n_batch, groups * per_group, *out))
    for b, c in itertools.product(range(n_batch), range(c_in)):
        g = c // c_group
        for i in itertools.product(*(range(m) for m in size)):
            for f, t in itertools.product(range(per_group), _taps(kernel)):
                target = tuple(
                    ia * st + ta * dd - pp for ia, ta, st, dd, pp in zip(i, t, s, dil, p)
                )
                if all(0 <= q < m for q, m in zip(target, out)):
                    x[(b, g * per_group + f) + target] += y[(b, c) + i] * w[(c, f) + t]
    return x[0] if unbatched else x


def max_pool_reference(
    x: object,
    kernel_size: tuple[int, ...],
    *,
    stride: object = None,
    padding: object = 0,
    dilation: object = 1,
) -> tuple[np.ndarray, np.ndarray]:
    """Max pooling by scanning each window (torch semantics): values and flat indices.

    `kernel_size` is a tuple (its length is the number of spatial axes).

    Examples
    --------
    >>> # output 2 = (4 - 2) // 2 + 1; the tie 5, 5 keeps the first
    >>> max_pool_reference([[5, 5, 1, 2]], (2,))
    (array([[5., 2.]]), array([[0, 3]]))
    """
    d = len(kernel_size)
    x, unbatched = _batched(x, d, "x")
    size = x.shape[2:]
    s = tuple(kernel_size) if stride is None else spatial_tuple(stride, d, "stride", minimum=1)
    p = spatial_tuple(padding, d, "padding", minimum=0)
    dil = spatial_tuple(dilation, d, "dilation", minimum=1)
    out = tuple(
        _window_count(n_, k, st, pp, pp, dd)
        for n_, k, st, pp, dd in zip(size, kernel_size, s, p, dil)
    )
    _budget(x.shape[0] * x.shape[1] * math.prod(out) * math.prod(kernel_size))
    values = np.zeros((*x.shape[:2], *out))
    indices = np.zeros((*x.shape[:2], *out), dtype=np.int64)
    for b, c in itertools.product(range(x.shape[0]), range(x.shape[1])):
        for o in itertools.product(*(range(m) for m in out)):
            best, where = -math.inf, None
            for t in _taps(tuple(kernel_size)):
                src = tuple(oa * st + ta * dd - pp for oa, ta, st, dd, pp in zip(o, t, s, dil, p))
                if not all(0 <= q < m for q, m in zip(src, size)):
                    continue  # padding never competes
                value = x[(b, c) + src]
                if where is None or value > best or math.isnan(value):
                    best, where = value, src
            if where is None:
                raise ShapeError("a max-pooling window covers only padding", argument="padding")
            values[(b, c) + o] = best
            indices[(b, c) + o] = np.ravel_multi_index(where, size)
    if unbatched:
        return values[0], indices[0]
    return values, indices
