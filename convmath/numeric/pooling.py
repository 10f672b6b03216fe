"""Max and average pooling with PyTorch semantics, N-D, and their matrices.

Average pooling is linear: it is a strided convolution with a box kernel ``1 / prod(K)``
applied to each channel separately (``groups = C``), so it has a fixed matrix
(:func:`avg_pool_matrix`). Max pooling is linear only once the winners are known: for a given
input it equals ``S x`` with a 0/1 *selection matrix* ``S`` (one 1 per row, at the maximum
of that window, :func:`max_pool_selection_matrix`), and ``S^T g`` routes an output gradient
``g`` back to the winning inputs -- which is what autograd does, and what "unpooling" means.

Conventions (as ``torch.nn.functional.{max,avg}_pool{d}d`` with ``ceil_mode=False``):

* ``stride`` defaults to ``kernel_size``; ``padding <= kernel_size // 2`` on every axis;
* max pooling never selects a padded position (torch scans only real samples), and among
  equal maxima keeps the first in window scan order (C order over the taps); a NaN wins, the
  last NaN of a window when there are several (torch's ``val > max || isnan(val)``);
* average pooling divides by ``prod(K)`` (``count_include_pad=True``, the default) or by the
  number of real samples in the window (``count_include_pad=False``).

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

from convmath._params import as_flag, as_int, describe, shape_tuple, spatial_tuple
from convmath._sizes import largest_pool_padding, prod
from convmath.errors import ConvmathError, ShapeError
from convmath.numeric._indexing import (
    Geometry,
    as_batched,
    check_sizes,
    gather_geometry,
    result_dtype,
)
from convmath.numeric.matrix import conv_matrix
from convmath.numeric.padding import pad

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
    ndim: int | None = None,
    return_indices: bool = False,
) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """N-D max pooling, like ``torch.nn.functional.max_pool{d}d`` (``ceil_mode=False``).

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
    ndim : int, optional
        Number of spatial axes when `kernel_size` is an int.
    return_indices : bool
        Also return, like torch, the flat index of each winner within its ``(n, c)`` plane.

    Returns
    -------
    numpy.ndarray, shape ``(N, C, *O)`` or ``(C, *O)``
        (and the int64 indices of the same shape if `return_indices`).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[2.0, 7.0, 7.0, 1.0, 0.0]])
    >>> # output 2 = floor((5 - 3) / 2) + 1; the tie 7, 7 goes to the first
    >>> max_pool(x, (3,), stride=2, return_indices=True)
    (array([[7., 7.]]), array([[1, 2]]))
    """
    xb, unbatched, geom = _prepare(x, kernel_size, stride, padding, dilation, ndim)
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
    count_include_pad: bool = True,
    ndim: int | None = None,
) -> np.ndarray:
    """N-D average pooling, like ``torch.nn.functional.avg_pool{d}d`` (``ceil_mode=False``).

    Parameters
    ----------
    x : array_like, shape ``(N, C, *S)`` or ``(C, *S)``
    kernel_size, stride, padding, ndim
        As in :func:`max_pool` (no dilation: torch has none for average pooling).
    count_include_pad : bool
        Divide by ``prod(kernel_size)`` (True, torch's default) or by the number of real
        (unpadded) samples in each window.

    Returns
    -------
    numpy.ndarray, shape ``(N, C, *O)`` or ``(C, *O)``

    Notes
    -----
    Equal to ``conv(x, ones((C, 1, *K)) / prod(K), stride=stride, padding=padding,
    groups=C)``: a strided box convolution, with matrix :func:`avg_pool_matrix`.

    Examples
    --------
    >>> import numpy as np
    >>> # output 3 = floor((4 + 2*1 - 2) / 2) + 1
    >>> avg_pool(np.array([[2.0, 4.0, 6.0, 8.0]]), 2, stride=2, padding=1, ndim=1)
    array([[1., 5., 4.]])
    >>> avg_pool(np.array([[2.0, 4.0, 6.0, 8.0]]), 2, padding=1, ndim=1, count_include_pad=False)
    array([[2., 5., 8.]])
    """
    xb, unbatched, geom = _prepare(x, kernel_size, stride, padding, 1, ndim)
    dtype = result_dtype(x=xb)
    xp = pad(xb.astype(dtype, copy=False), geom.pads)
    windows = geom.window_view(xp)
    total = windows.sum(axis=tuple(range(-geom.ndim, 0)))
    divisor = _divisor(geom, as_flag(count_include_pad, "count_include_pad"))
    out = total / divisor.astype(dtype)
    return out[0] if unbatched else out


def avg_pool_matrix(
    input_shape: Sequence[int],
    kernel_size: object,
    *,
    stride: object = None,
    padding: object = 0,
    count_include_pad: bool = True,
) -> sparse.csr_array:
    """Matrix ``A`` of :func:`avg_pool`: ``avg_pool(x, ...).ravel() == A @ x.ravel()``.

    Parameters
    ----------
    input_shape : tuple of int
        ``(C, *S)`` of one unbatched input; ``d = len(input_shape) - 1``.
    kernel_size, stride, padding, count_include_pad
        As in :func:`avg_pool`.

    Returns
    -------
    scipy.sparse.csr_array, shape ``(C prod(O), C prod(S))``
        The box-kernel convolution matrix ``conv_matrix(ones((C, 1, *K)) / prod(K), ...,
        groups=C)``; with ``count_include_pad=False`` each row is rescaled to sum to 1.

    Examples
    --------
    >>> # 2 x 4: outputs 2 = 4 // 2, each the mean of 2 neighbours
    >>> avg_pool_matrix((1, 4), 2).toarray()
    array([[0.5, 0.5, 0. , 0. ],
           [0. , 0. , 0.5, 0.5]])
    """
    shape = shape_tuple(input_shape, "input_shape")
    if len(shape) < 2:
        raise ShapeError(
            f"input_shape must be (C, *S) with at least one spatial axis; got {shape}",
            argument="input_shape",
        )
    channels, spatial = shape[0], shape[1:]
    d = len(spatial)
    kernel, strides, pads = _pool_params(kernel_size, stride, padding, d)
    box = np.full((channels, 1, *kernel), 1.0 / prod(kernel))
    matrix = conv_matrix(box, shape, stride=strides, padding=pads, groups=channels)
    if not as_flag(
        count_include_pad, "count_include_pad"
    ):  # a row keeps exactly its real samples: divide by their count
        per_row = np.diff(matrix.indptr)
        matrix.data[:] = np.repeat(1.0 / per_row, per_row)
    return matrix


def max_pool_selection_matrix(
    x: object,
    kernel_size: object,
    *,
    stride: object = None,
    padding: object = 0,
    dilation: object = 1,
    ndim: int | None = None,
) -> sparse.csr_array:
    """The 0/1 matrix ``S`` that max pooling applies to this particular `x`.

    ``S @ x.ravel() == max_pool(x, ...).ravel()``: one 1 per row, at the winner of that
    window (ties and NaN as in :func:`max_pool`, i.e. as torch). ``S.T @ g.ravel()`` is the
    gradient of ``sum(g * max_pool(x))`` with respect to ``x``: it routes each output
    gradient to its winner (max-unpooling). Batched inputs give a block-diagonal ``S``.

    Parameters
    ----------
    x, kernel_size, stride, padding, dilation, ndim
        As in :func:`max_pool`.

    Returns
    -------
    scipy.sparse.csr_array, shape ``(max_pool(x).size, x.size)``

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

    xb, _, geom = _prepare(x, kernel_size, stride, padding, dilation, ndim)
    _, flat = _max_pool(xb, geom)
    n, c = xb.shape[:2]
    plane = prod(geom.input)
    columns = (np.arange(n * c, dtype=np.int64) * plane).reshape(n, c, *(1,) * geom.ndim) + flat
    rows = columns.size
    return sparse.csr_array(
        (np.ones(rows), columns.reshape(-1), np.arange(rows + 1, dtype=np.int64)),
        shape=(rows, xb.size),
    )


def _pool_params(
    kernel_size: object, stride: object, padding: object, d: int
) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Kernel, stride (default: kernel) and padding (<= kernel // 2) as d-tuples."""
    kernel = spatial_tuple(kernel_size, d, "kernel_size", minimum=1)
    strides = kernel if stride is None else spatial_tuple(stride, d, "stride", minimum=1)
    pads = spatial_tuple(padding, d, "padding", minimum=0)
    for axis, (k, p) in enumerate(zip(kernel, pads)):
        if p > largest_pool_padding(k):
            raise ConvmathError(
                f"padding must be at most kernel_size // 2 = {largest_pool_padding(k)} on axis "
                f"{axis} for pooling; got padding={p}",
                argument="padding",
            )
    return kernel, strides, pads


def _prepare(
    x: object, kernel_size: object, stride: object, padding: object, dilation: object, ndim: object
) -> tuple[np.ndarray, bool, Geometry]:
    """Validate a pooling call: batched `x`, whether it was unbatched, the geometry."""
    if getattr(kernel_size, "ndim", 0) == 1 or (
        isinstance(kernel_size, Sequence) and not isinstance(kernel_size, (str, bytes))
    ):
        d = len(kernel_size)  # type: ignore[arg-type]
        if ndim is not None and as_int(ndim, "ndim", minimum=1) != d:
            raise ConvmathError(
                f"ndim={ndim} does not match kernel_size={kernel_size!r}", argument="ndim"
            )
    elif ndim is None:
        raise ConvmathError(
            f"kernel_size is {describe(kernel_size)}, not a tuple: pass ndim= (the number of "
            "spatial axes) or a tuple of kernel sizes",
            argument="ndim",
        )
    else:
        d = as_int(ndim, "ndim", minimum=1)
    if d < 1:
        raise ConvmathError(
            f"kernel_size must have at least one entry; got {kernel_size!r}",
            argument="kernel_size",
        )
    kernel, strides, pads = _pool_params(kernel_size, stride, padding, d)
    xb, unbatched = as_batched(x, d)
    geom = gather_geometry(xb.shape[2:], kernel, stride=strides, padding=pads, dilation=dilation)
    n, c = xb.shape[:2]
    check_sizes(
        (n * c * prod(geom.output) * prod(geom.kernel), "pooling windows"),
        (n * c * prod(geom.padded), "padded input"),
        argument="x",
    )
    return xb, unbatched, geom


def _max_pool(xb: np.ndarray, geom: Geometry) -> tuple[np.ndarray, np.ndarray]:
    """Values and torch-style flat indices (within each ``(n, c)`` plane) of the winners."""
    if (geom.real_tap_counts() == 0).any():
        raise ShapeError(
            "a max-pooling window covers only padding (dilation and padding skip every real "
            "sample); torch would return -inf with an out-of-range index there",
            argument="padding",
        )
    dtype = result_dtype(x=xb)
    xp = pad(xb.astype(dtype, copy=False), geom.pads)
    if any(lo or hi for lo, hi in geom.pads):
        real = np.zeros(geom.padded, dtype=bool)
        real[geom.crop] = True
        xp[..., ~real] = -np.inf
    taps = prod(geom.kernel)
    lead = xb.shape[:2] + geom.output
    windows = geom.window_view(xp).reshape(*lead, taps)
    best = np.argmax(windows, axis=-1)
    nan = np.isnan(windows)
    if nan.any():  # torch keeps the last NaN of a window
        last = taps - 1 - np.argmax(nan[..., ::-1], axis=-1)
        best = np.where(nan.any(axis=-1), last, best)
    values = np.take_along_axis(windows, best[..., None], axis=-1)[..., 0]
    if any(lo or hi for lo, hi in geom.pads):  # an all -inf window: first real sample wins
        lost = values == -np.inf
        if lost.any():
            best = np.where(lost, _first_real_tap(geom), best)
    # tap -> input position: i_a = o_a s_a + t_a d_a - low_a, flattened in C order
    tap = np.unravel_index(best, geom.kernel)
    flat = np.zeros(best.shape, dtype=np.int64)
    for a in range(geom.ndim):
        o = np.arange(geom.output[a]).reshape((-1,) + (1,) * (geom.ndim - 1 - a))
        i = o * geom.stride[a] + tap[a] * geom.dilation[a] - geom.pads[a][0]
        flat = flat * geom.input[a] + i
    return values, flat


def _first_real_tap(geom: Geometry) -> np.ndarray:
    """Flat index of the first unpadded tap of every window, shape ``O``."""
    first: np.ndarray = np.zeros((), dtype=np.int64)
    for a in range(geom.ndim):
        first = first[..., None] * geom.kernel[a] + np.argmax(geom.real_taps(a), axis=1)
    return first


def _divisor(geom: Geometry, count_include_pad: bool) -> np.ndarray:
    """Per-window divisor, shape ``O``: ``prod(K)`` or the count of real samples."""
    if count_include_pad:
        return np.full(geom.output, float(prod(geom.kernel)))
    return geom.real_tap_counts().astype(np.float64)
