"""Max unpooling: put each pooled value back at the position its index names, zeros elsewhere.

The partial inverse of :func:`~convmath.numeric.pooling.max_pool` with
``return_indices=True``, as ``torch.nn.functional.max_unpool{d}d``: ``max_unpool(values,
indices, ...)`` is ``S^T values`` for the selection matrix ``S`` of that pooling, when no two
windows share a winner. The output size defaults to ``(i - 1) s - 2p + k`` per axis; any
size a pooling with stride ``s`` maps to ``i`` outputs can be asked for with `output_size`
(PyTorch's range ``default - s < size < default + s``).

Examples
--------
>>> import numpy as np
>>> from convmath.numeric.pooling import max_pool
>>> x = np.array([[1.0, 3.0, 2.0, 5.0, 4.0]])
>>> values, indices = max_pool(x, (2,), return_indices=True)
>>> # default size 4 = (2 - 1) * 2 - 0 + 2; x had 5 samples: ask for them
>>> max_unpool(values, indices, (2,)), max_unpool(values, indices, (2,), output_size=(5,))
(array([[0., 3., 0., 5.]]), array([[0., 3., 0., 5., 0.]]))
"""

from __future__ import annotations

import numpy as np

from convmath._params import shape_tuple, spatial_tuple
from convmath._sizes import check_unpool_size, prod, transposed_output_size
from convmath.errors import ShapeError
from convmath.numeric._indexing import as_batched, check_sizes, result_dtype
from convmath.numeric._pool_windows import spatial_ndim

__all__ = ["max_unpool"]


def max_unpool(
    y: object,
    indices: object,
    kernel_size: object,
    *,
    stride: object = None,
    padding: object = 0,
    output_size: object = None,
    ndim: int | None = None,
) -> np.ndarray:
    """N-D max unpooling, like ``torch.nn.functional.max_unpool{d}d``.

    Parameters
    ----------
    y : array_like, shape ``(N, C, *O)`` or ``(C, *O)``
        Pooled values.
    indices : array_like of int, the shape of `y`
        Flat positions within each ``(n, c)`` output plane, as :func:`max_pool` returns them.
    kernel_size, stride, padding, ndim
        Those of the max pooling (stride defaults to `kernel_size`).
    output_size : tuple of int, optional
        Spatial output shape (or the full ``(N, C, *S)`` shape, as torch accepts); default
        ``(o - 1) s - 2p + k`` per axis.

    Returns
    -------
    numpy.ndarray, shape ``(N, C, *S)`` or ``(C, *S)``
        Zeros except ``out[n, c].flat[indices[n, c, o]] = y[n, c, o]``; where an index
        repeats, the value written last in C order wins (torch's CPU loop).

    Examples
    --------
    >>> import numpy as np
    >>> # one 2 x 2 window of a 2 x 3 input (default size 2 x 2); index 4 = row 1, column 1
    >>> max_unpool(np.array([[[7.0]]]), np.array([[[4]]]), (2, 2), output_size=(2, 3))
    array([[[0., 0., 0.],
            [0., 7., 0.]]])
    """
    d = spatial_ndim(kernel_size, ndim, "kernel_size")
    kernel = spatial_tuple(kernel_size, d, "kernel_size", minimum=1)
    strides = kernel if stride is None else spatial_tuple(stride, d, "stride", minimum=1)
    pads = spatial_tuple(padding, d, "padding", minimum=0)
    yb, unbatched = as_batched(y, d, "y")
    where = np.asarray(indices)
    shape = yb.shape[1:] if unbatched else yb.shape
    if where.shape != shape or where.dtype.kind not in "iu":
        raise ShapeError(
            f"indices must be an integer array of the shape of y {shape}; got "
            f"shape {where.shape} and dtype {where.dtype}",
            argument="indices",
        )
    size = _output_size(yb.shape[2:], kernel, strides, pads, output_size)
    n, c = yb.shape[:2]
    plane = prod(size)
    check_sizes((n * c * plane, "unpooled output"), argument="output_size")
    flat = where.reshape((n * c, prod(yb.shape[2:]))).astype(np.int64)
    if flat.size and (flat.min() < 0 or flat.max() >= plane):
        bad = flat.min() if flat.min() < 0 else flat.max()
        raise ShapeError(
            f"indices must lie in [0, {plane}), flat positions in an output plane of shape "
            f"{size}; found {bad}",
            argument="indices",
        )
    target = (flat + plane * np.arange(n * c)[:, None]).ravel()
    order = np.argsort(target, kind="stable")  # equal targets keep their C order
    ordered = target[order]
    last = np.ones(ordered.size, dtype=bool)  # the last write to each target
    last[:-1] = ordered[1:] != ordered[:-1]
    out = np.zeros(n * c * plane, dtype=result_dtype(y=yb))
    out[ordered[last]] = yb.reshape(-1)[order[last]]
    out = out.reshape(n, c, *size)
    return out[0] if unbatched else out


def _output_size(
    pooled: tuple[int, ...],
    kernel: tuple[int, ...],
    strides: tuple[int, ...],
    pads: tuple[int, ...],
    output_size: object,
) -> tuple[int, ...]:
    """The requested spatial size (checked against PyTorch's range) or the default."""
    d = len(kernel)
    default = tuple(
        transposed_output_size(o, k, s, p) for o, k, s, p in zip(pooled, kernel, strides, pads)
    )
    if output_size is None:
        if min(default) < 1:
            raise ShapeError(
                f"the default max-unpooling size {default} = (o - 1) s - 2p + k is not "
                "positive; reduce padding or pass output_size",
                argument="padding",
            )
        return default
    requested = shape_tuple(output_size, "output_size")
    if len(requested) == d + 2:
        requested = requested[2:]
    if len(requested) != d:
        raise ShapeError(
            f"output_size must have {d} or {d + 2} entries; got {requested}",
            argument="output_size",
        )
    return tuple(
        check_unpool_size(r, m, s, axis=axis)
        for axis, (r, m, s) in enumerate(zip(requested, default, strides))
    )
