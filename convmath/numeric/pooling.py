"""Max and average pooling with PyTorch semantics, N-D, and their matrices.

Average pooling is linear: a strided box sum divided by a per-window count, so it has a
fixed matrix (:func:`avg_pool_matrix`). Max pooling is linear only once the winners are
known: for a given input it equals ``S x`` with a 0/1 *selection matrix* ``S`` (one 1 per
row, at the maximum of that window, :func:`max_pool_selection_matrix`), and ``S^T g``
routes an output gradient ``g`` back to the winning inputs -- which is what autograd does,
and what :func:`~convmath.numeric.unpool.max_unpool` does with the indices.

Conventions (as ``torch.nn.functional.{max,avg}_pool{d}d``):

* ``stride`` defaults to ``kernel_size``; ``padding <= kernel_size // 2`` on every axis;
* ``ceil_mode`` rounds the output size up, keeping a last window only if it starts inside
  the input or the left padding (:func:`convmath._sizes.pool_output_size`); the part of a
  window past the padded input is ignored;
* max pooling never selects a padded position (torch scans only real samples), and among
  equal maxima keeps the first in window scan order (C order over the taps); a NaN wins, the
  last NaN of a window when there are several (torch's ``val > max || isnan(val)``);
* average pooling divides by `divisor_override` if given, else by the window clipped to the
  padded input (``count_include_pad=True``, the default: ``prod(K)`` except for ceil_mode's
  last windows) or by the number of real samples in it (``count_include_pad=False``).

The number of spatial axes ``d`` comes from a tuple `kernel_size`; an int needs ``ndim=``.

Examples
--------
>>> import numpy as np
>>> x = np.array([[[1.0, 3.0, 2.0, 5.0], [4.0, 0.0, 1.0, 1.0]]])
>>> # output 1 x 2 = (2 // 2) x (4 // 2)
>>> max_pool(x, (2, 2))
array([[[4., 5.]]])
>>> avg_pool(x, (2, 2))
array([[[2.  , 2.25]]])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, overload

import numpy as np

from convmath._params import as_flag, as_int, shape_tuple
from convmath._sizes import avg_pool_divisors, prod
from convmath.errors import ConvmathError, ShapeError
from convmath.numeric._indexing import Geometry, check_sizes, result_dtype
from convmath.numeric._pool_windows import (
    check_window_has_input,
    padded_blocks,
    pool_geometry,
    pool_params,
    prepare,
    scan_max,
    tap_dtype,
    tap_reader,
)
from convmath.numeric._threads import split_planes

if TYPE_CHECKING:
    from scipy import sparse

__all__ = ["max_pool", "avg_pool", "avg_pool_matrix", "max_pool_selection_matrix"]


@overload
def max_pool(
    x: object,
    kernel_size: object,
    *,
    stride: object = ...,
    padding: object = ...,
    dilation: object = ...,
    ceil_mode: bool = ...,
    ndim: int | None = ...,
    return_indices: Literal[False] = ...,
) -> np.ndarray: ...


@overload
def max_pool(
    x: object,
    kernel_size: object,
    *,
    stride: object = ...,
    padding: object = ...,
    dilation: object = ...,
    ceil_mode: bool = ...,
    ndim: int | None = ...,
    return_indices: Literal[True],
) -> tuple[np.ndarray, np.ndarray]: ...


def max_pool(
    x: object,
    kernel_size: object,
    *,
    stride: object = None,
    padding: object = 0,
    dilation: object = 1,
    ceil_mode: bool = False,
    ndim: int | None = None,
    return_indices: bool = False,
) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """N-D max pooling, like ``torch.nn.functional.max_pool{d}d``.

    Parameters
    ----------
    x : array_like, shape ``(N, C, *S)`` or ``(C, *S)``
    kernel_size : int or tuple of int
        A tuple fixes the number of spatial axes ``d``; an int needs `ndim`.
    stride : int or tuple of int, optional
        Defaults to `kernel_size`.
    padding : int or tuple of int
        ``0 <= padding <= kernel_size // 2``; padded samples never win.
    dilation : int or tuple of int
    ceil_mode : bool
        Round the output size up (a last, partial window if it starts inside the input or
        the left padding).
    ndim : int, optional
        Number of spatial axes when `kernel_size` is an int.
    return_indices : bool
        Also return, like torch, the flat index of each winner within its ``(n, c)`` plane.

    Returns
    -------
    numpy.ndarray, shape ``(N, C, *O)`` or ``(C, *O)``
        (and the int64 indices of the same shape if `return_indices`). float32 in gives
        float32 out; other real inputs give float64.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[2.0, 7.0, 7.0, 1.0, 0.0]])
    >>> # output 2 = floor((5 - 3) / 2) + 1; the tie 7, 7 goes to the first
    >>> max_pool(x, (3,), stride=2, return_indices=True)
    (array([[7., 7.]]), array([[1, 2]]))
    >>> # ceil_mode: 3 = ceil((5 - 2) / 2) + 1, the last window [4, 6) holds only x[4]
    >>> max_pool(x, (2,), ceil_mode=True)
    array([[7., 7., 0.]])
    """
    xb, unbatched, geom = prepare(x, kernel_size, stride, padding, dilation, ndim, ceil_mode)
    values, flat = _max_pool(xb, geom)
    if unbatched:
        values, flat = values[0], flat[0]
    return (values, flat) if as_flag(return_indices, "return_indices") else values


def avg_pool(
    x: object,
    kernel_size: object,
    *,
    stride: object = None,
    padding: object = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: int | None = None,
    ndim: int | None = None,
) -> np.ndarray:
    """N-D average pooling, like ``torch.nn.functional.avg_pool{d}d``.

    Parameters
    ----------
    x : array_like, shape ``(N, C, *S)`` or ``(C, *S)``
    kernel_size, stride, padding, ceil_mode, ndim
        As in :func:`max_pool` (no dilation: torch has none for average pooling).
    count_include_pad : bool
        Divide by the window clipped to the padded input (True, torch's default: ``prod(K)``
        but for ceil_mode's partial windows) or by the number of real (unpadded) samples.
    divisor_override : int, optional
        Divide every window sum by this nonzero int instead (torch's ``avg_pool2d`` /
        ``avg_pool3d`` option, here in any dimension).

    Returns
    -------
    numpy.ndarray, shape ``(N, C, *O)`` or ``(C, *O)``

    Notes
    -----
    With ``count_include_pad=True`` and no ceil_mode this equals ``conv(x, ones((C, 1, *K)) /
    prod(K), stride=stride, padding=padding, groups=C)``: a strided box convolution, with
    matrix :func:`avg_pool_matrix`.

    Examples
    --------
    >>> import numpy as np
    >>> # output 3 = floor((4 + 2*1 - 2) / 2) + 1
    >>> avg_pool(np.array([[2.0, 4.0, 6.0, 8.0]]), 2, stride=2, padding=1, ndim=1)
    array([[1., 5., 4.]])
    >>> avg_pool(np.array([[2.0, 4.0, 6.0, 8.0]]), 2, padding=1, ndim=1, count_include_pad=False)
    array([[2., 5., 8.]])
    >>> # window sums 6 and 14 (4 // 2 = 2 outputs), each divided by 4
    >>> avg_pool(np.array([[2.0, 4.0, 6.0, 8.0]]), (2,), divisor_override=4)
    array([[1.5, 3.5]])
    """
    xb, unbatched, geom = prepare(x, kernel_size, stride, padding, 1, ndim, ceil_mode)
    dtype = result_dtype(x=xb)
    divisor = _divisor(geom, count_include_pad, divisor_override).astype(dtype)
    planes = xb.reshape((-1,) + geom.input)
    out = np.empty((xb.shape[0] * xb.shape[1],) + geom.output, dtype=dtype)

    def run(part: slice) -> None:  # one thread's planes
        for rows, total in padded_blocks(planes[part], geom, 0.0, dtype):
            for axis in reversed(range(geom.ndim)):  # box sums are separable: axis by axis
                read = tap_reader(total, geom, axis)
                total = np.array(read(0), copy=True)
                for t in range(1, geom.kernel[axis]):
                    total += read(t)
            np.divide(total, divisor, out=out[part][rows])

    split_planes(run, len(planes), prod(geom.input))
    out = out.reshape(xb.shape[:2] + geom.output)
    return out[0] if unbatched else out


def avg_pool_matrix(
    input_shape: Sequence[int],
    kernel_size: object,
    *,
    stride: object = None,
    padding: object = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: int | None = None,
) -> sparse.csr_array:
    """Matrix ``A`` of :func:`avg_pool`: ``avg_pool(x, ...).ravel() == A @ x.ravel()``.

    Parameters
    ----------
    input_shape : tuple of int
        ``(C, *S)`` of one unbatched input; ``d = len(input_shape) - 1``.
    kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override
        As in :func:`avg_pool`.

    Returns
    -------
    scipy.sparse.csr_array, shape ``(C prod(O), C prod(S))``
        Row ``(c, o)`` holds ``1 / divisor(o)`` at the real samples of window ``o`` of
        channel ``c``: the Kronecker product of one 0/1 window matrix per axis, block
        diagonal over the channels, rows scaled. ``A.T`` is the gradient of average pooling.

    Examples
    --------
    >>> # 2 x 4: outputs 2 = 4 // 2, each the mean of 2 neighbours
    >>> avg_pool_matrix((1, 4), 2).toarray()
    array([[0.5, 0.5, 0. , 0. ],
           [0. , 0. , 0.5, 0.5]])
    >>> # ceil_mode: 2 = ceil((3 - 2) / 2) + 1 outputs, the last window holds x[2] only
    >>> avg_pool_matrix((1, 3), 2, ceil_mode=True).toarray()
    array([[0.5, 0.5, 0. ],
           [0. , 0. , 1. ]])
    """
    from scipy import sparse

    shape = shape_tuple(input_shape, "input_shape")
    if len(shape) < 2:
        raise ShapeError(
            f"input_shape must be (C, *S) with at least one spatial axis; got {shape}",
            argument="input_shape",
        )
    channels, spatial = shape[0], shape[1:]
    kernel, strides, pads = pool_params(kernel_size, stride, padding, len(spatial))
    ceil = as_flag(ceil_mode, "ceil_mode")
    geom = pool_geometry(spatial, kernel, strides, pads, (1,) * len(spatial), ceil)
    entries = channels * prod(geom.output) * prod(geom.kernel)  # at most, before clipping
    check_sizes((entries, "avg_pool_matrix entries"), argument="input_shape")
    matrix = sparse.eye_array(channels, format="csr")
    for axis in range(geom.ndim):
        matrix = sparse.kron(matrix, _window_matrix(geom, axis), format="csr")
    divisor = np.broadcast_to(_divisor(geom, count_include_pad, divisor_override), geom.output)
    per_row = np.diff(matrix.indptr)
    matrix.data = np.repeat(1.0 / np.tile(divisor.ravel(), channels), per_row)
    return matrix


def max_pool_selection_matrix(
    x: object,
    kernel_size: object,
    *,
    stride: object = None,
    padding: object = 0,
    dilation: object = 1,
    ceil_mode: bool = False,
    ndim: int | None = None,
) -> sparse.csr_array:
    """The 0/1 matrix ``S`` that max pooling applies to this particular `x`.

    ``S @ x.ravel() == max_pool(x, ...).ravel()``: one 1 per row, at the winner of that
    window (ties and NaN as in :func:`max_pool`, i.e. as torch). ``S.T @ g.ravel()`` is the
    gradient of ``sum(g * max_pool(x))`` with respect to ``x``: it routes each output
    gradient to its winner (max-unpooling). Batched inputs give a block-diagonal ``S``.

    Parameters
    ----------
    x, kernel_size, stride, padding, dilation, ceil_mode, ndim
        As in :func:`max_pool`.

    Returns
    -------
    scipy.sparse.csr_array, shape ``(max_pool(x).size, x.size)``
        float64 ones; ``int32`` indices when they fit (as
        :func:`~convmath.numeric.conv_matrix`).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[1.0, 3.0, 2.0, 5.0]])
    >>> # 2 x 4: outputs 2 = 4 // 2; winners at 1 and 3
    >>> S = max_pool_selection_matrix(x, (2,))
    >>> S.toarray()
    array([[0., 1., 0., 0.],
           [0., 0., 0., 1.]])
    >>> S.T @ np.array([10.0, 20.0])
    array([ 0., 10.,  0., 20.])
    """
    from scipy import sparse

    xb, _, geom = prepare(x, kernel_size, stride, padding, dilation, ndim, ceil_mode)
    _, flat = _max_pool(xb, geom)
    n, c = xb.shape[:2]
    plane = prod(geom.input)
    index = np.int32 if max(xb.size, flat.size) < 2**31 else np.int64  # as conv_matrix
    columns = (np.arange(n * c, dtype=index) * plane).reshape(n, c, *(1,) * geom.ndim)
    columns = (columns + flat).astype(index, copy=False).reshape(-1)
    rows = columns.size
    return sparse.csr_array(
        (np.ones(rows), columns, np.arange(rows + 1, dtype=index)), shape=(rows, xb.size)
    )


def _max_pool(xb: np.ndarray, geom: Geometry) -> tuple[np.ndarray, np.ndarray]:
    """Values and torch-style flat indices (within each ``(n, c)`` plane) of the winners.

    One :func:`scan_max` over all the taps of the windows (strided views of the padded
    input, in C order), then each winning tap turned into its input position.
    """
    check_window_has_input(geom)
    dtype = result_dtype(x=xb)
    planes = xb.reshape((-1,) + geom.input)
    taps = prod(geom.kernel)
    values = np.empty((xb.shape[0] * xb.shape[1],) + geom.output, dtype=dtype)
    flat = np.empty(values.shape, dtype=np.int64)
    separable = taps > 2 * sum(geom.kernel)  # large windows: fewer passes one axis at a time
    base, offset = _index_tables(geom)
    padded = any(lo or hi for lo, hi in geom.pads)

    def run(part: slice) -> None:  # one thread's planes
        vals = values[part]
        code = np.empty(vals.shape, dtype=tap_dtype(taps))
        for rows, xp in padded_blocks(planes[part], geom, -np.inf, dtype):
            if separable:
                vals[rows], code[rows] = _scan_axes(xp, geom)
            else:
                views = [xp[(Ellipsis,) + slices] for _, slices in geom.tap_slices()]
                scan_max(views.__getitem__, taps, vals[rows], code[rows])
        if padded:  # an all -inf window: its first real sample wins
            lost = vals == -np.inf
            if lost.any():
                code = np.where(lost, _first_real_tap(geom), code)
        np.add(base, np.take(offset, code), out=flat[part])

    split_planes(run, len(planes), prod(geom.input))
    shape = xb.shape[:2] + geom.output
    return values.reshape(shape), flat.reshape(shape)


def _scan_axes(xp: np.ndarray, geom: Geometry) -> tuple[np.ndarray, np.ndarray]:
    """:func:`scan_max` one spatial axis at a time, last axis first: values and tap codes.

    ``k_0 + k_1 + ...`` passes instead of ``k_0 k_1 ...``; the winner is the same (see
    :mod:`convmath.numeric._pool_windows`). The tap code of an output combines its tap on
    this axis with the code, already found, of the sample that tap read.
    """
    values, code, inner = xp, np.zeros((), dtype=np.int64), 1
    for a in reversed(range(geom.ndim)):
        values, tap = scan_max(tap_reader(values, geom, a), geom.kernel[a])
        tap = tap.astype(np.int64)
        if code.ndim:
            o = np.arange(geom.output[a]).reshape((-1,) + (1,) * (geom.ndim - 1 - a))
            read = o * geom.stride[a] + tap * geom.dilation[a]
            tap = tap * inner + np.take_along_axis(code, read, axis=a - geom.ndim)
        code, inner = tap, inner * geom.kernel[a]
    return values, code


def _index_tables(geom: Geometry) -> tuple[np.ndarray, np.ndarray]:
    """Flat input index of tap ``t`` of window ``o`` (C order within its plane) is
    ``base[o] + offset[t]``.

    ``i_a = o_a s_a + t_a d_a - low_a``: a per-window base ``sum (o_a s_a - low_a) P_a`` plus
    a per-tap offset ``sum t_a d_a P_a``, with ``P_a`` the plane stride of axis `a`.
    """
    base: np.ndarray = np.zeros((), dtype=np.int64)
    offset: np.ndarray = np.zeros((), dtype=np.int64)
    for a in range(geom.ndim):
        plane = prod(geom.input[a + 1 :])
        o = np.arange(geom.output[a], dtype=np.int64) * geom.stride[a] - geom.pads[a][0]
        base = np.add.outer(base, o * plane)
        offset = np.add.outer(offset, np.arange(geom.kernel[a]) * geom.dilation[a] * plane)
    return base, offset.reshape(-1)


def _first_real_tap(geom: Geometry) -> np.ndarray:
    """Flat index of the first unpadded tap of every window, shape ``O``."""
    first: np.ndarray = np.zeros((), dtype=np.int64)
    for a in range(geom.ndim):
        first = first[..., None] * geom.kernel[a] + np.argmax(geom.real_taps(a), axis=1)
    return first


def _divisor(geom: Geometry, count_include_pad: object, divisor_override: object) -> np.ndarray:
    """Per-window divisor, shape ``O`` (or ``()`` for an override): torch's rule."""
    include = as_flag(count_include_pad, "count_include_pad")
    if divisor_override is not None:
        value = as_int(divisor_override, "divisor_override")
        if value == 0:
            raise ConvmathError(
                "divisor_override must be a nonzero int or None; got 0",
                argument="divisor_override",
            )
        return np.array(float(value))
    divisor: np.ndarray = np.ones(())
    for i, k, s, (low, _), o in zip(geom.input, geom.kernel, geom.stride, geom.pads, geom.output):
        counts = avg_pool_divisors(i, k, s, low, o, count_include_pad=include)
        divisor = np.multiply.outer(divisor, np.array(counts, dtype=np.float64))
    return divisor


def _window_matrix(geom: Geometry, axis: int) -> sparse.csr_array:
    """0/1 matrix ``(O_a, S_a)`` of which real samples window ``o`` of `axis` covers."""
    from scipy import sparse

    real = geom.real_taps(axis)
    rows = np.broadcast_to(np.arange(geom.output[axis])[:, None], real.shape)[real]
    columns = (geom.positions(axis) - geom.pads[axis][0])[real]
    return sparse.csr_array(
        (np.ones(rows.size), (rows, columns)), shape=(geom.output[axis], geom.input[axis])
    )
