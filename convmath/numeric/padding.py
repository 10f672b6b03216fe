"""Padding with PyTorch semantics, as an array operation and as a linear index map.

Four modes, named as in ``torch.nn.ConvNd(padding_mode=...)`` (which applies
``torch.nn.functional.pad`` with that mode before a padding-0 convolution):

============  ==============================  ===========================  =================
mode          padded sample ``j`` (0-based)    torch name / NumPy name      allowed padding
============  ==============================  ===========================  =================
"zeros"       ``x[j - lo]`` or 0 outside      ``constant`` / ``constant``  any
"circular"    ``x[(j - lo) mod n]``           ``circular`` / ``wrap``      ``<= n``
"reflect"     mirror, edge not repeated       ``reflect`` / ``reflect``    ``< n``
"replicate"   ``x[clip(j - lo, 0, n - 1)]``   ``replicate`` / ``edge``     any
============  ==============================  ===========================  =================

Every mode is linear: padded sample ``j`` is either 0 or one input sample. :func:`pad_index`
returns that map (``-1`` for a zero), :func:`pad_matrix` the same map as a sparse matrix,
and :func:`pad` applies it. ``convmath.numeric.conv_matrix`` composes these maps with the
convolution's window arithmetic, so every padding mode has a convolution matrix.

Examples
--------
>>> import numpy as np
>>> # padded length 7 = 3 + 2 + 2
>>> pad_index(3, 2, 2, "reflect")
array([2, 1, 0, 1, 2, 1, 0])
>>> pad(np.array([1.0, 2.0, 3.0]), ((1, 2),), mode="circular")
array([3., 1., 2., 3., 1., 2.])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from convmath._params import as_int, check_element_count, shape_tuple
from convmath._sizes import prod
from convmath.errors import ConvmathError, ShapeError

if TYPE_CHECKING:
    from scipy import sparse

__all__ = ["PADDING_MODES", "pad_index", "pad", "pad_matrix", "check_padding_mode"]

#: Padding modes, with torch's names (``torch.nn.ConvNd(padding_mode=...)``).
PADDING_MODES = ("zeros", "circular", "reflect", "replicate")


def check_padding_mode(mode: object) -> str:
    """Return `mode` if it is one of :data:`PADDING_MODES`, else raise naming it.

    Examples
    --------
    >>> check_padding_mode("mirror")
    Traceback (most recent call last):
    ...
    convmath.errors.ConvmathError: padding_mode must be one of 'zeros', 'circular', 'reflect', 'replicate'; got 'mirror'
    """
    if not isinstance(mode, str) or mode not in PADDING_MODES:
        allowed = ", ".join(repr(m) for m in PADDING_MODES)
        raise ConvmathError(
            f"padding_mode must be one of {allowed}; got {mode!r}", argument="padding_mode"
        )
    return mode


def _check_amount(size: int, low: int, high: int, mode: str, axis: int) -> None:
    """Refuse the paddings that torch refuses for `mode` (reflect < n, circular <= n)."""
    for amount in (low, high):
        if mode == "reflect" and amount >= size:
            raise ShapeError(
                f"padding {amount} on axis {axis} is too large for padding_mode='reflect' "
                f"on an input of size {size}; reflect needs padding < input size",
                argument="padding",
            )
        if mode == "circular" and amount > size:
            raise ShapeError(
                f"padding {amount} on axis {axis} is too large for padding_mode='circular' "
                f"on an input of size {size}; circular needs padding <= input size",
                argument="padding",
            )


def pad_index(size: int, low: int, high: int, mode: str = "zeros", *, axis: int = 0) -> np.ndarray:
    """Source index of every padded sample along one axis (``-1`` where the value is 0).

    Parameters
    ----------
    size : int
        Input length ``n`` along the axis (>= 1).
    low, high : int
        Samples added before and after (>= 0).
    mode : {"zeros", "circular", "reflect", "replicate"}
    axis : int, optional
        Only used in error messages.

    Returns
    -------
    numpy.ndarray of int64, shape ``(low + size + high,)``
        ``x_padded[j] = x[idx[j]]`` where ``idx[j] >= 0``, else 0.

    Raises
    ------
    ShapeError
        Reflect padding ``>= size`` or circular padding ``> size`` (torch refuses both).

    Examples
    --------
    >>> # padded length 6 = 1 + 3 + 2
    >>> pad_index(3, 1, 2, "zeros")
    array([-1,  0,  1,  2, -1, -1])
    >>> pad_index(3, 1, 2, "replicate")
    array([0, 0, 1, 2, 2, 2])
    >>> pad_index(3, 3, 0, "circular")
    array([0, 1, 2, 0, 1, 2])
    """
    n = as_int(size, "size", minimum=1)
    lo = as_int(low, "padding", minimum=0)
    hi = as_int(high, "padding", minimum=0)
    check_padding_mode(mode)
    _check_amount(n, lo, hi, mode, axis)
    j = np.arange(-lo, n + hi, dtype=np.int64)
    if mode == "zeros":
        return np.where((j >= 0) & (j < n), j, -1)
    if mode == "circular":
        return j % n
    if mode == "replicate":
        return np.clip(j, 0, n - 1)
    if n == 1:  # reflect with padding < 1: nothing to mirror
        return j
    period = 2 * (n - 1)
    m = j % period
    return np.where(m < n, m, period - m)


def _pairs(padding: object, ndim: int | None) -> tuple[tuple[int, int], ...]:
    """Normalise padding to ``(low, high)`` pairs: int (needs `ndim`), ints, or pairs."""
    message = (
        "padding must be an int >= 0 (with ndim), a tuple of such ints (one per axis) or a "
        f"tuple of (low, high) pairs; got {padding!r}"
    )
    if isinstance(padding, (str, bytes, bool)):
        raise ConvmathError(message, argument="padding")
    if not isinstance(padding, Sequence):
        if ndim is None:
            raise ConvmathError(
                f"padding={padding!r} is an int: pass ndim= as well", argument="ndim"
            )
        amount = as_int(padding, "padding", minimum=0)
        return ((amount, amount),) * ndim
    pairs: list[tuple[int, int]] = []
    for item in padding:
        if isinstance(item, Sequence) and not isinstance(item, (str, bytes)):
            if len(item) != 2:
                raise ConvmathError(message, argument="padding")
            low, high = (as_int(v, "padding", minimum=0) for v in item)
            pairs.append((low, high))
        else:
            amount = as_int(item, "padding", minimum=0)
            pairs.append((amount, amount))
    if not pairs or (ndim is not None and len(pairs) != ndim):
        raise ConvmathError(message, argument="padding")
    return tuple(pairs)


def pad(
    x: np.ndarray, padding: object, *, mode: str = "zeros", ndim: int | None = None
) -> np.ndarray:
    """Pad the trailing spatial axes of `x` like ``torch.nn.functional.pad(x, ..., mode)``.

    Parameters
    ----------
    x : array_like
        Any leading (batch, channel) axes, then the spatial axes.
    padding : int, tuple of int or tuple of (int, int)
        Per trailing axis: one amount for both sides, or ``(low, high)``. The number of
        entries is the number of padded axes; an int pads `ndim` axes.
        (Unlike ``torch.nn.functional.pad``, axes are listed first to last.)
    mode : {"zeros", "circular", "reflect", "replicate"}
    ndim : int, optional
        Number of trailing axes, required when `padding` is an int.

    Returns
    -------
    numpy.ndarray
        Same dtype as `x`.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(1, 5).reshape(2, 2)
    >>> # padded shape (4, 4) = (2 + 1 + 1, 2 + 1 + 1)
    >>> pad(x, 1, mode="replicate", ndim=2)
    array([[1, 1, 2, 2],
           [1, 1, 2, 2],
           [3, 3, 4, 4],
           [3, 3, 4, 4]])
    >>> pad(np.arange(4), ((0, 2),), mode="reflect")
    array([0, 1, 2, 3, 2, 1])
    """
    x = np.asarray(x)
    pairs = _pairs(padding, ndim)
    d = len(pairs)
    if x.ndim < d:
        raise ShapeError(
            f"x must have at least {d} dimensions for {d} padded axes; got {x.ndim}", argument="x"
        )
    check_padding_mode(mode)
    lead = x.shape[: x.ndim - d]
    spatial = x.shape[x.ndim - d :]
    padded = tuple(n + lo + hi for n, (lo, hi) in zip(spatial, pairs))
    check_element_count(prod(lead + padded), "padded input", argument="padding")
    if mode == "zeros":
        out = np.zeros(lead + padded, dtype=x.dtype)
        inner = tuple(slice(lo, lo + n) for n, (lo, _) in zip(spatial, pairs))
        out[(Ellipsis,) + inner] = x
        return out
    for axis, (n, (lo, hi)) in enumerate(zip(spatial, pairs)):
        if n < 1:
            raise ShapeError(
                f"x has size 0 on spatial axis {axis}; cannot pad with mode={mode!r}", argument="x"
            )
        idx = pad_index(n, lo, hi, mode, axis=axis)
        x = np.take(x, idx, axis=len(lead) + axis)
    return x


def pad_matrix(
    input_shape: Sequence[int], padding: object, *, mode: str = "zeros"
) -> sparse.csr_array:
    """The padding map as a sparse 0/1 matrix ``P``: ``pad(x).ravel() == P @ x.ravel()``.

    Parameters
    ----------
    input_shape : tuple of int
        Spatial shape ``S`` of one channel.
    padding : int, tuple of int or tuple of (int, int)
        As in :func:`pad`, one entry per axis of `input_shape`.
    mode : {"zeros", "circular", "reflect", "replicate"}

    Returns
    -------
    scipy.sparse.csr_array, shape ``(prod(S_padded), prod(S))``
        At most one 1 per row (none on zero-padded rows).

    Examples
    --------
    >>> # 5 x 3 = (3 + 1 + 1) x 3
    >>> pad_matrix((3,), 1, mode="reflect").toarray()
    array([[0., 1., 0.],
           [1., 0., 0.],
           [0., 1., 0.],
           [0., 0., 1.],
           [0., 1., 0.]])
    """
    from scipy import sparse

    shape = shape_tuple(input_shape, "input_shape")
    pairs = _pairs(padding, len(shape))
    if len(pairs) != len(shape):
        raise ConvmathError(
            f"padding must have {len(shape)} entries (one per axis of input_shape); got {padding!r}",
            argument="padding",
        )
    check_padding_mode(mode)
    padded = tuple(n + lo + hi for n, (lo, hi) in zip(shape, pairs))
    rows = prod(padded)
    check_element_count(rows, "padding matrix rows", argument="padding")
    flat: np.ndarray = np.zeros((), dtype=np.int64)
    valid: np.ndarray = np.ones((), dtype=bool)
    for axis, (n, (lo, hi)) in enumerate(zip(shape, pairs)):
        idx = pad_index(n, lo, hi, mode, axis=axis)
        flat = flat[..., None] * n + np.maximum(idx, 0)
        valid = valid[..., None] & (idx >= 0)
    valid = valid.ravel()
    indptr = np.zeros(rows + 1, dtype=np.int64)
    np.cumsum(valid, out=indptr[1:])
    indices = flat.ravel()[valid]
    data = np.ones(indices.size)
    return sparse.csr_array((data, indices, indptr), shape=(rows, prod(shape)))
