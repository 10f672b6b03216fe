"""The convolution matrix ``C``: ``conv(x, w).ravel() == C @ x.ravel()``, built from indices.

Row ``(f, o)`` of ``C`` (output channel ``f``, output position ``o``, C order) holds, for
every input channel ``c`` of ``f``'s group and every kernel tap ``t``, the weight
``w[f, c, t]`` in column ``(c, i)`` where ``i`` is the input pixel that padded position
``o s + t d`` comes from. As in torch, ``C = C_padded P``: the padding-0 convolution of the
padded input composed with the padding map ``P`` (:mod:`convmath.numeric.padding`).

The CSR arrays are written directly: ``indices`` in padded coordinates are affine in
(output, channel, tap), so one output line is a small template and the whole array is one
broadcast sum; ``data`` is ``w`` tiled; ``indptr`` is an ``arange``. Composing with ``P`` is
one ``take`` through the padded-pixel -> input-pixel table. No probing with unit vectors, no
loop over entries, no COO sort. With zero padding the taps that read zeros are dropped and
every row stays sorted; with the other modes a pixel can be reached by several taps of a row
(a mirror folds the kernel onto itself), so duplicates are summed.

``C.T`` is the matrix of the transposed convolution: the adjoint of convolution (gather) is
transposed convolution (scatter).

Examples
--------
>>> import numpy as np
>>> # d2l: input 3 x 3, kernel 2 x 2 -> 4 x 9 matrix, 4 = (3 - 2 + 1)**2 outputs
>>> C = conv_matrix(np.array([[[[1, 2], [3, 4]]]]), (1, 3, 3))
>>> C.toarray().astype(int)
array([[1, 2, 0, 3, 4, 0, 0, 0, 0],
       [0, 1, 2, 0, 3, 4, 0, 0, 0],
       [0, 0, 0, 1, 2, 0, 3, 4, 0],
       [0, 0, 0, 0, 1, 2, 0, 3, 4]])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from convmath._params import shape_tuple
from convmath._sizes import prod
from convmath.errors import ShapeError
from convmath.numeric._indexing import (
    Geometry,
    check_groups,
    check_kernel,
    check_sizes,
    gather_geometry,
    result_dtype,
)
from convmath.numeric.padding import check_padding_mode, pad_index

if TYPE_CHECKING:
    from scipy import sparse

__all__ = ["conv_matrix"]


def conv_matrix(
    w: object,
    input_shape: Sequence[int],
    *,
    stride: object = 1,
    padding: object = 0,
    dilation: object = 1,
    groups: object = 1,
    padding_mode: str = "zeros",
) -> sparse.csr_array:
    """Sparse matrix ``C`` of :func:`convmath.numeric.conv` on one unbatched input.

    Parameters
    ----------
    w : array_like, shape ``(C_out, C_in // groups, *K)``
    input_shape : tuple of int
        ``(C_in, *S)``: channels, then the spatial shape.
    stride, padding, dilation, groups, padding_mode
        As in :func:`convmath.numeric.conv`.

    Returns
    -------
    scipy.sparse.csr_array, shape ``(C_out * prod(O), C_in * prod(S))``
        ``conv(x, w, ...).ravel() == C @ x.ravel()`` for ``x`` of shape `input_shape`, and
        ``conv_transpose(y, w, stride, padding, output_padding, dilation, groups) ==
        (C.T @ y.ravel()).reshape(C_in, *S)`` where ``S`` is the size `output_padding`
        selects. Every tap is stored, also where ``w`` is 0 (the sparsity pattern depends on
        the shapes only); ``float32`` data for a float32 `w`, else ``float64``; ``int32``
        indices when they fit.

    Notes
    -----
    Bias: the matrix is the linear part only. ``conv(x, w, bias=b)`` is the affine map
    ``y = C x + b_full`` with ``b_full = np.repeat(b, prod(O))`` (``b`` repeated over the
    output positions of each channel, C order), i.e. ``conv(x, w, bias=b).ravel() ==
    C @ x.ravel() + np.repeat(b, prod(O))``. Its adjoint ``C^T`` has no bias; the bias of
    ``conv_transpose(..., bias=c)`` is likewise ``np.repeat(c, prod(S))`` added after
    ``C^T y``.

    Continuous form ``y(u) = integral of w(tau) x(u + tau) dtau``, discrete form
    ``y[o] = sum_t w[t] x_p[o s + t d]``, matrix form ``y = C x``; the transposed
    convolution is ``C^T``. When ``output_padding >= stride`` (allowed if the dilation is
    larger), the convolution of the selected size ``S`` has more outputs than ``y`` has
    samples: ``C.T`` then needs ``y`` padded with zeros on the high side, i.e. only the
    leading rows of ``C`` take part.

    Examples
    --------
    >>> import numpy as np
    >>> # 2 outputs = floor((4 + 2*1 - 3) / 2) + 1
    >>> C = conv_matrix(np.array([[[1.0, 2.0, 3.0]]]), (1, 4), stride=2, padding=1)
    >>> C.toarray()
    array([[2., 3., 0., 0.],
           [0., 1., 2., 3.]])
    >>> # reflect: in row 0 taps 0 and 2 both read pixel 1 (the mirror of -1): 1 + 3 = 4
    >>> conv_matrix(np.array([[[1.0, 2.0, 3.0]]]), (1, 3), padding=1, padding_mode="reflect").toarray()
    array([[2., 4., 0.],
           [1., 2., 3.],
           [0., 4., 2.]])
    """
    from scipy import sparse

    w = check_kernel(w)
    d = w.ndim - 2
    shape = _input_shape(input_shape, d)
    c_in, spatial = shape[0], shape[1:]
    c_out, c_group = w.shape[:2]
    g = check_groups(groups, c_in, c_out)
    if c_in != c_group * g:
        raise ShapeError(
            f"input_shape has {c_in} channels but w of shape {w.shape} with groups={g} "
            f"expects w.shape[1] * groups = {c_group * g}",
            argument="input_shape",
        )
    mode = check_padding_mode(padding_mode)
    geom = gather_geometry(spatial, w.shape[2:], stride=stride, padding=padding, dilation=dilation)
    rows = c_out * prod(geom.output)
    per_row = c_group * prod(geom.kernel)
    check_sizes(
        (rows * per_row, "conv_matrix non-zeros"),
        (rows + 1, "conv_matrix rows"),
        argument="input_shape",
    )
    cols = c_in * prod(spatial)
    index = np.int32 if max(c_in * prod(geom.padded), rows * per_row) < 2**31 - 1 else np.int64
    indices = _padded_columns(geom, c_out, c_group, g, index)
    data = _entries(w, geom, result_dtype(w=w))
    indptr = np.arange(rows + 1, dtype=index) * index(per_row)
    if any(lo or hi for lo, hi in geom.pads):  # compose with the padding map
        indices = np.take(_padding_source(geom, c_in, mode).astype(index), indices)
        if mode == "zeros":  # taps reading zeros disappear; rows stay sorted
            keep = indices >= 0
            indices, data = indices[keep], data[keep]
            counts = geom.real_tap_counts() * c_group
            counts = np.broadcast_to(counts, (c_out, *geom.output)).reshape(-1)
            np.cumsum(counts, out=indptr[1:])
    matrix = sparse.csr_array((data, indices, indptr), shape=(rows, cols))
    if mode == "zeros":
        matrix.has_canonical_format = True  # sorted, no duplicates: by construction
    else:  # a mirror or a wrap can bring two taps of a row onto one pixel
        matrix.sum_duplicates()
    return matrix


def _padded_columns(
    geom: Geometry, c_out: int, c_group: int, groups: int, index: type
) -> np.ndarray:
    """Column of every entry in padded coordinates, rows in C order, each row sorted.

    Entry ``(f, o, c, t)`` reads padded pixel ``o s + t d`` of channel
    ``group(f) C_group + c``. The column is affine in ``(o, c, t)``, so one output line
    (the last axis) is a small template and the full array is one broadcast sum with long
    inner loops.
    """
    d = geom.ndim
    padded = geom.padded
    pitch = [prod(padded[a + 1 :]) for a in range(d)]
    plane = prod(padded)
    # within a row: channel c, tap t -> c * plane + sum_a t_a d_a pitch_a
    pattern = np.arange(c_group, dtype=np.int64).reshape(c_group, *(1,) * d) * plane
    for a in range(d):
        taps = np.arange(geom.kernel[a], dtype=np.int64) * (geom.dilation[a] * pitch[a])
        pattern = pattern + taps.reshape((geom.kernel[a],) + (1,) * (d - 1 - a))
    line = np.arange(geom.output[-1], dtype=np.int64)[:, None] * (geom.stride[-1] * pitch[-1])
    template = (line + pattern.reshape(1, -1)).astype(index).reshape(-1)
    # row offset of everything but the last axis: group of f, leading output positions
    per_group = c_out // groups
    lead = (np.arange(c_out, dtype=np.int64) // per_group * (c_group * plane)).reshape(
        c_out, *(1,) * (d - 1)
    )
    for a in range(d - 1):
        steps = np.arange(geom.output[a], dtype=np.int64) * (geom.stride[a] * pitch[a])
        lead = lead + steps.reshape((geom.output[a],) + (1,) * (d - 2 - a))
    lead = lead.astype(index)
    out = np.empty((*lead.shape, template.size), dtype=index)
    np.add(lead[..., None], template, out=out)
    return out.reshape(-1)


def _entries(w: np.ndarray, geom: Geometry, dtype: np.dtype) -> np.ndarray:
    """``data[f, o, c, t] = w[f, c, t]``: each output line is ``w[f]`` tiled."""
    c_out = w.shape[0]
    line = np.tile(w.reshape(c_out, -1).astype(dtype, copy=False), (1, geom.output[-1]))
    lead = prod(geom.output[:-1])
    out = np.empty((c_out, lead, line.shape[1]), dtype=dtype)
    np.copyto(out, line[:, None, :])
    return out.reshape(-1)


def _padding_source(geom: Geometry, c_in: int, mode: str) -> np.ndarray:
    """Input column of every padded pixel of every channel (``-1`` for a zero)."""
    flat = np.zeros((), dtype=np.int64)
    valid = np.ones((), dtype=bool)
    for a, (n, (lo, hi)) in enumerate(zip(geom.input, geom.pads)):
        idx = pad_index(n, lo, hi, mode, axis=a)
        flat = flat[..., None] * n + np.maximum(idx, 0)
        valid = valid[..., None] & (idx >= 0)
    plane = prod(geom.input)
    source = np.arange(c_in, dtype=np.int64).reshape(c_in, *(1,) * geom.ndim) * plane + flat
    return np.where(valid, source, -1).reshape(-1)


def _input_shape(input_shape: object, d: int) -> tuple[int, ...]:
    """``(C_in, *S)`` with ``d`` spatial axes, all positive ints."""
    shape = shape_tuple(input_shape, "input_shape")
    if len(shape) != d + 1:
        raise ShapeError(
            f"input_shape must be (C_in, *S) with {d} spatial axes for a {d}-D kernel, "
            f"i.e. {d + 1} entries; got {shape}",
            argument="input_shape",
        )
    return shape
