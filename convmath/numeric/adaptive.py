"""Adaptive average and max pooling, N-D, with PyTorch's windows.

The caller fixes the output size ``O`` instead of the kernel: along an axis of ``L``
samples, output ``j`` pools the window ``[floor(j L / O), ceil((j + 1) L / O))``
(:func:`convmath._sizes.adaptive_window`). Windows differ in length by at most one and
overlap (or, for ``O > L``, repeat samples); for ``L`` divisible by ``O`` this is ordinary
pooling with kernel and stride ``L / O``. Max pooling keeps torch's scan rule (first
maximum, or the last NaN, in row-major window order) and returns torch's flat indices.

Examples
--------
>>> import numpy as np
>>> x = np.array([[1.0, 2.0, 3.0, 4.0, 5.0]])
>>> # L=5, O=3: windows [0, 2), [1, 4), [3, 5)
>>> adaptive_avg_pool(x, (3,))
array([[1.5, 3. , 4.5]])
>>> adaptive_max_pool(x, (3,), return_indices=True)
(array([[2., 4., 5.]]), array([[1, 3, 4]]))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Literal, cast, overload

import numpy as np

from convmath._params import as_flag, spatial_tuple
from convmath._sizes import adaptive_window, prod
from convmath.errors import ShapeError
from convmath.numeric._indexing import Geometry, as_batched, check_sizes, result_dtype
from convmath.numeric._pool_windows import scan_max, spatial_ndim
from convmath.numeric._threads import split_planes
from convmath.numeric.pooling import _max_pool

__all__ = ["adaptive_avg_pool", "adaptive_max_pool"]


def adaptive_avg_pool(x: object, output_size: object, *, ndim: int | None = None) -> np.ndarray:
    """N-D adaptive average pooling, like ``torch.nn.functional.adaptive_avg_pool{d}d``.

    Parameters
    ----------
    x : array_like, shape ``(N, C, *S)`` or ``(C, *S)``
    output_size : int or tuple of (int or None)
        The spatial output shape ``O`` (entries >= 1; ``None`` keeps that input size). A
        tuple fixes the number of spatial axes ``d``; an int needs `ndim`.
    ndim : int, optional
        Number of spatial axes when `output_size` is an int.

    Returns
    -------
    numpy.ndarray, shape ``(N, C, *O)`` or ``(C, *O)``
        Each window's sum divided by its number of samples (float32 for float32 input).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(12.0).reshape(1, 3, 4)
    >>> # global average pooling: one window of all 3 x 4 samples, mean 5.5
    >>> adaptive_avg_pool(x, 1, ndim=2)
    array([[[5.5]]])
    >>> # None keeps the 3 rows; columns 4 -> 2 windows [0, 2), [2, 4)
    >>> adaptive_avg_pool(x, (None, 2))
    array([[[ 0.5,  2.5],
            [ 4.5,  6.5],
            [ 8.5, 10.5]]])
    """
    xb, unbatched, out = _prepare(x, output_size, ndim)
    values = xb.astype(result_dtype(x=xb), copy=False)
    total = _sums_by_matmul(values, out)
    if not np.isfinite(total).all():  # 0 * inf = NaN would leak into other windows
        total = _sums_by_gather(values, out)
    counts: np.ndarray = np.ones(())
    for size, o in zip(values.shape[2:], out):
        counts = np.multiply.outer(counts, _windows(size, o)[1])
    result = total / counts.astype(total.dtype)
    return result[0] if unbatched else result


def _sums_by_matmul(values: np.ndarray, out: tuple[int, ...]) -> np.ndarray:
    """Window sums, one axis at a time, as a product with a 0/1 window matrix (BLAS).

    Exact sums of the same samples (``x * 1`` and ``+ 0`` are exact), valid when the input
    is finite; the caller checks the result.
    """
    total = values
    for a, o in enumerate(out):
        axis = total.ndim - len(out) + a
        size = total.shape[axis]
        start, length = _windows(size, o)
        columns = np.arange(size)
        window = (columns >= start[:, None]) & (columns < (start + length)[:, None])
        before, after = prod(total.shape[:axis]), prod(total.shape[axis + 1 :])
        blocks = total.reshape(before, size, after)
        with np.errstate(invalid="ignore", over="ignore"):  # non-finite: the caller redoes it
            summed = window.astype(total.dtype) @ blocks  # (before, o, after)
        total = summed.reshape(total.shape[:axis] + (o,) + total.shape[axis + 1 :])
    return total


def _sums_by_gather(values: np.ndarray, out: tuple[int, ...]) -> np.ndarray:
    """Window sums, one axis at a time, adding the j-th sample of every window (any input)."""
    total = values
    for a, o in enumerate(out):
        axis = a - len(out)
        start, length = _windows(total.shape[axis], o)
        reduced = np.zeros(total.shape[:axis] + (o,) + total.shape[axis:][1:], total.dtype)
        for j in range(int(length.max())):  # the j-th sample of every window (where it has one)
            inside = _along(j < length, axis)
            taken = np.take(total, np.minimum(start + j, start + length - 1), axis=axis)
            reduced += np.where(inside, taken, 0)
        total = reduced
    return total


@overload
def adaptive_max_pool(
    x: object,
    output_size: object,
    *,
    ndim: int | None = ...,
    return_indices: Literal[False] = ...,
) -> np.ndarray: ...


@overload
def adaptive_max_pool(
    x: object, output_size: object, *, ndim: int | None = ..., return_indices: Literal[True]
) -> tuple[np.ndarray, np.ndarray]: ...


def adaptive_max_pool(
    x: object, output_size: object, *, ndim: int | None = None, return_indices: bool = False
) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """N-D adaptive max pooling, like ``torch.nn.functional.adaptive_max_pool{d}d``.

    Parameters
    ----------
    x, output_size, ndim
        As in :func:`adaptive_avg_pool`.
    return_indices : bool
        Also return the flat index of each winner within its ``(n, c)`` plane (torch's).

    Returns
    -------
    numpy.ndarray, shape ``(N, C, *O)`` or ``(C, *O)``
        (and the int64 indices of the same shape if `return_indices`).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[[3.0, 1.0, 3.0], [0.0, 5.0, 2.0]]])
    >>> # rows 2 -> 1 window [0, 2); columns 3 -> 2 windows [0, 2), [1, 3): both hold the 5
    >>> adaptive_max_pool(x, (1, 2), return_indices=True)
    (array([[[5., 5.]]]), array([[[4, 4]]]))
    """
    xb, unbatched, out = _prepare(x, output_size, ndim)
    geom = _uniform_geometry(xb.shape[2:], out)
    if geom is not None:  # windows of one length at one stride: ordinary max pooling
        values, code = _max_pool(xb, geom)
    else:
        values = np.empty(xb.shape[:2] + out, dtype=result_dtype(x=xb))
        code = np.empty(values.shape, dtype=np.int64)
        planes = xb.reshape((-1, 1) + xb.shape[2:])
        flat_values, flat_code = values.reshape((-1, 1) + out), code.reshape((-1, 1) + out)

        def run(part: slice) -> None:  # one thread's planes
            flat_values[part], flat_code[part] = _scan_windows(planes[part], out)

        split_planes(run, len(planes), prod(xb.shape[2:]))
    if unbatched:
        values, code = values[0], code[0]
    return (values, code) if as_flag(return_indices, "return_indices") else values


def _uniform_geometry(spatial: tuple[int, ...], out: tuple[int, ...]) -> Geometry | None:
    """The max-pooling geometry of the adaptive windows, if every axis has one window
    length and one step between starts (e.g. ``L`` divisible by ``O``; 64 -> 7 is kernel
    10, stride 9); else None."""
    kernel, stride = [], []
    for size, o in zip(spatial, out):
        start, length = _windows(size, o)
        steps = np.diff(start)
        step = int(steps[0]) if o > 1 else 1
        if step < 1 or (length != length[0]).any() or (steps != step).any():
            return None
        kernel.append(int(length[0]))
        stride.append(step)
    k, s = tuple(kernel), tuple(stride)
    pads = tuple((0, 0) for _ in k)
    return Geometry(tuple(spatial), k, s, (1,) * len(k), pads, tuple(out))


def _scan_windows(xb: np.ndarray, out: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Values and flat indices of the adaptive windows' winners, one axis at a time."""
    values = xb.astype(result_dtype(x=xb), copy=False)
    code: np.ndarray = np.zeros((), dtype=np.int64)
    inner = 1
    for a in reversed(range(len(out))):  # last axis first: torch's row-major scan
        axis = a - len(out)
        size = values.shape[axis]
        start, length = _windows(size, out[a])
        last = start + length - 1
        taps = int(length.max())
        # every window's samples at once, (..., O, taps, ...); a short window repeats its
        # last sample, which cannot move the winner to another position
        where = np.minimum(start[:, None] + np.arange(taps), last[:, None])
        windows = np.take(values, where, axis=axis)
        lead = (slice(None),) * (values.ndim - len(out) + a + 1)
        values, tap = scan_max(_tap_reader(windows, lead), taps)
        chosen = np.minimum(_along(start, axis) + tap, _along(last, axis))
        code = chosen * inner + (np.take_along_axis(code, chosen, axis=axis) if code.ndim else 0)
        inner *= size
    return values, code


def _prepare(x: object, output_size: object, ndim: object) -> tuple[np.ndarray, bool, tuple]:
    """Batched `x`, whether it was unbatched, and the output shape (``None`` resolved)."""
    d = spatial_ndim(output_size, ndim, "output_size")
    xb, unbatched = as_batched(x, d)
    spatial = xb.shape[2:]
    if 0 in spatial:
        raise ShapeError(
            f"x must have a non-empty spatial shape for adaptive pooling; got shape {xb.shape}",
            argument="x",
        )
    if isinstance(output_size, (list, tuple)) or getattr(output_size, "ndim", 0) == 1:
        entries = list(cast(Iterable[object], output_size))
        # None keeps that axis's input size (torch's convention)
        output_size = tuple(n if o is None else o for o, n in zip(entries, spatial))
    out = spatial_tuple(output_size, d, "output_size", minimum=1)
    n, c = xb.shape[:2]
    check_sizes((n * c * prod(out), "output"), argument="output_size")
    return xb, unbatched, out


def _windows(size: int, o: int) -> tuple[np.ndarray, np.ndarray]:
    """Starts and lengths of the `o` adaptive windows over `size` samples."""
    bounds = np.array([adaptive_window(j, size, o) for j in range(o)], dtype=np.int64)
    return bounds[:, 0], bounds[:, 1] - bounds[:, 0]


def _tap_reader(windows: np.ndarray, lead: tuple[slice, ...]) -> Callable[[int], np.ndarray]:
    """``read(j)``: the j-th sample of every window, a view of `windows` ``(..., O, taps, ...)``."""

    def read(j: int) -> np.ndarray:
        return windows[lead + (j,)]

    return read


def _along(values: np.ndarray, axis: int) -> np.ndarray:
    """A 1-D array shaped to broadcast along the negative `axis` of a spatial array."""
    return values.reshape((-1,) + (1,) * (-axis - 1))
