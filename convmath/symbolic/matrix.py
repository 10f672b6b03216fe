"""Matrix form of convolution and transposed convolution, built exactly in SymPy.

A single-channel convolution (cross-correlation, no kernel flip, as in PyTorch) is linear in
its input, so on flattened (C-ordered) arrays it is a matrix product ``y = C x``. Said three
ways, per spatial axis with stride ``s``, padding ``p`` and dilation ``d``:

* continuous: ``y(t) = integral of w(tau) x(t + tau) dtau`` (correlation);
* discrete, the *gather* ("many-to-one") definition:
  ``y[o] = sum over k of w[k] x[o s - p + k d]`` -- each output reads ``prod(K)`` inputs;
* matrix: ``C[o, o s - p + k d] = w[k]`` -- row ``o`` of ``C`` holds the kernel.

The transposed convolution is the *scatter* ("one-to-many") definition: each input element
``y[o]`` times the kernel is added into the output at ``o s - p + k d`` (positions that fall
into the padding are cropped), giving ``T``. :func:`conv_transpose_matrix` builds ``T`` from
that definition alone -- it never transposes :func:`conv_matrix` -- so the identity
``T == C.T`` is a theorem that :func:`check_transpose_identity` verifies entry by entry, not an
assumption. It holds whenever the shapes correspond, i.e. when ``output_padding`` is the one
that selects the convolution's input size, ``a = (i + 2p - d (k - 1) - 1) mod s``. The check
and the sweep over every small configuration live in :mod:`convmath.symbolic.transpose_identity`
(their names are importable from here too).

Dense SymPy matrices are for teaching sizes: more than :data:`MAX_SYMBOLIC_ENTRIES` entries are
refused before anything is allocated (``convmath.numeric.conv_matrix`` builds sparse ones).

Examples
--------
>>> # d2l: 3x3 input, 2x2 kernel -> 2x2 output, so C is 4 x 9
>>> conv_matrix((3, 3), [[1, 2], [3, 4]])
Matrix([
[1, 2, 0, 3, 4, 0, 0, 0, 0],
[0, 1, 2, 0, 3, 4, 0, 0, 0],
[0, 0, 0, 1, 2, 0, 3, 4, 0],
[0, 0, 0, 0, 1, 2, 0, 3, 4]])
>>> # transposed: 2x2 input -> 3x3 output (3 = (2 - 1) * 1 + (2 - 1) + 1): T is 9 x 4, = C.T
>>> conv_transpose_matrix((2, 2), [[1, 2], [3, 4]]) == conv_matrix((3, 3), [[1, 2], [3, 4]]).T
True
"""

from __future__ import annotations

import itertools
import numbers
from collections.abc import Sequence

import numpy as np
import sympy

from convmath._lazy import lazy_exports
from convmath._params import shape_tuple, spatial_tuple
from convmath._sizes import prod
from convmath.errors import ConvmathError, ShapeError
from convmath.numeric.shapes import output_shape, resolve_padding, transposed_output_shape

# The identity check uses the builders below; it stays importable from here, loaded on use.
__getattr__, __dir__, _IDENTITY_NAMES = lazy_exports(
    __name__,
    dict.fromkeys(
        ("IdentityCheck", "check_transpose_identity", "SweepResult", "transpose_identity_sweep"),
        "convmath.symbolic.transpose_identity",
    ),
)
__all__ = [
    "MAX_SYMBOLIC_ENTRIES",
    "kernel_symbols",
    "conv_matrix",
    "conv_transpose_matrix",
    *_IDENTITY_NAMES,
]

#: Largest dense SymPy matrix (rows * columns) convmath builds: 250 000 entries take about
#: 0.1 s and tens of MB; a million is already impractical for exact symbolic work.
MAX_SYMBOLIC_ENTRIES = 250_000


def kernel_symbols(kernel_shape: object, name: str = "w") -> sympy.Array:
    """Kernel of symbols named by index: ``w_0`` (1-D), ``w_0_1`` (2-D), ``w_i_j_k`` (3-D).

    Parameters
    ----------
    kernel_shape : int or tuple of int
        Spatial kernel shape; an int means a 1-D kernel.
    name : str
        Prefix of every symbol name.

    Returns
    -------
    sympy.Array
        Of shape `kernel_shape`, entry ``[i, j]`` being ``Symbol(f"{name}_{i}_{j}")``.

    Examples
    --------
    >>> kernel_symbols(3)
    [w_0, w_1, w_2]
    >>> kernel_symbols((2, 2), name="v")
    [[v_0_0, v_0_1], [v_1_0, v_1_1]]
    """
    shape = shape_tuple(kernel_shape, "kernel_shape")
    _check_entries(prod(shape), "kernel", "kernel_shape")
    return sympy.Array(_symbol_list(shape, name), shape)


def conv_matrix(
    input_shape: Sequence[int],
    kernel: object,
    *,
    stride: object = 1,
    padding: object = 0,
    dilation: object = 1,
) -> sympy.Matrix:
    """Matrix ``C`` of single-channel cross-correlation, from the gather definition.

    ``y[o] = sum over k of w[k] x[o s - p + k d]`` (per axis, zero outside the input), so
    ``C[o, o s - p + k d] = w[k]`` with ``o``, ``k`` and the input position flattened in C
    order: ``y.ravel() == C @ x.ravel()``. Each row is the kernel laid over the input
    ("many-to-one": one output gathers ``prod(K)`` inputs).

    Parameters
    ----------
    input_shape : tuple of int
        Spatial shape of the input, any number of axes.
    kernel : tuple of int, or array_like
        A shape tuple (or an int for 1-D): entries are then the symbols of
        :func:`kernel_symbols`. Otherwise the explicit entries (NumPy array, nested list,
        ``sympy.Array`` or ``sympy.Matrix``) -- numbers or SymPy expressions.
    stride, dilation : int or tuple of int, >= 1
    padding : int or tuple of int >= 0, or "valid" or "same"
        Zero padding on both sides; ``"same"`` splits an odd total with the extra element on
        the high side, as PyTorch does (stride 1 only).

    Returns
    -------
    sympy.Matrix
        Of shape ``(prod(O), prod(input_shape))``, ``O`` the output shape.

    Raises
    ------
    ShapeError
        Kernel larger than the padded input, kernel and input with different numbers of axes,
        or a matrix of more than :data:`MAX_SYMBOLIC_ENTRIES` entries.
    ConvmathError
        Bad stride, padding or dilation, or kernel entries that are not numbers.

    Examples
    --------
    >>> # Dumoulin & Visin, figure 2.1: 4x4 input, 3x3 kernel -> 2x2 output, C is 4 x 16
    >>> C = conv_matrix((4, 4), (3, 3))
    >>> C.shape
    (4, 16)
    >>> C[0, :6]
    Matrix([[w_0_0, w_0_1, w_0_2, 0, w_1_0, w_1_1]])
    >>> # 1-D, output length 3 = floor((5 + 2*1 - 3) / 2) + 1
    >>> conv_matrix(5, 3, stride=2, padding=1)
    Matrix([
    [w_1, w_2,   0,   0,   0],
    [  0, w_0, w_1, w_2,   0],
    [  0,   0,   0, w_0, w_1]])
    """
    size = shape_tuple(input_shape, "input_shape")
    weights, kshape = _kernel_entries(kernel, len(size))
    strides = spatial_tuple(stride, len(size), "stride", minimum=1)
    dilations = spatial_tuple(dilation, len(size), "dilation", minimum=1)
    pads = resolve_padding(padding, kshape, stride=strides, dilation=dilations)
    out = output_shape(size, kshape, stride=strides, padding=padding, dilation=dilations)
    rows, cols = prod(out), prod(size)
    _check_entries(rows * cols, f"conv_matrix ({rows} x {cols})")
    weights = weights if weights is not None else _symbol_list(kshape)

    axes = [
        _gather_axis(n_in, n_out, k, s, lo, d)
        for n_in, n_out, k, s, (lo, _), d in zip(size, out, kshape, strides, pads, dilations)
    ]
    entries = _flat_entries(axes, row_shape=out, col_shape=size, kernel_shape=kshape)
    return _assemble(rows, cols, entries, weights)


def conv_transpose_matrix(
    input_shape: Sequence[int],
    kernel: object,
    *,
    stride: object = 1,
    padding: object = 0,
    dilation: object = 1,
    output_padding: object = 0,
) -> sympy.Matrix:
    """Matrix ``T`` of single-channel transposed convolution, from the scatter definition.

    Every input element ``y[o]`` times the kernel is *added* into the output at positions
    ``o s - p + k d`` ("one-to-many"), positions outside ``[0, O')`` -- the cropped padding --
    being dropped, with ``O' = (i - 1) s - 2p + d (k - 1) + a + 1`` (PyTorch's size, ``a`` the
    output padding). So ``T[o s - p + k d, o] += w[k]`` and
    ``conv_transpose(y).ravel() == T @ y.ravel()``. Built without reference to
    :func:`conv_matrix`; see :func:`check_transpose_identity` for ``T == C.T``.

    Parameters
    ----------
    input_shape : tuple of int
        Spatial shape of the transposed convolution's input (a convolution's output).
    kernel : tuple of int, or array_like
        As in :func:`conv_matrix`.
    stride, dilation : int or tuple of int, >= 1
    padding : int or tuple of int, >= 0
    output_padding : int or tuple of int, 0 <= a < max(stride, dilation)
        Extra size added on the high side of each axis.

    Returns
    -------
    sympy.Matrix
        Of shape ``(prod(O'), prod(input_shape))``.

    Examples
    --------
    >>> # d2l: 2x2 input, 2x2 kernel -> 3x3 output (3 = (2 - 1) * 1 + (2 - 1) + 1)
    >>> T = conv_transpose_matrix((2, 2), [[0, 1], [2, 3]])
    >>> T.shape
    (9, 4)
    >>> # 1-D, output length 6 = (3 - 1) * 2 - 2*1 + (3 - 1) + 1 + 1
    >>> conv_transpose_matrix(3, 3, stride=2, padding=1, output_padding=1)
    Matrix([
    [w_1,   0,   0],
    [w_2, w_0,   0],
    [  0, w_1,   0],
    [  0, w_2, w_0],
    [  0,   0, w_1],
    [  0,   0, w_2]])
    """
    size = shape_tuple(input_shape, "input_shape")
    weights, kshape = _kernel_entries(kernel, len(size))
    ndim = len(size)
    strides = spatial_tuple(stride, ndim, "stride", minimum=1)
    pads = spatial_tuple(padding, ndim, "padding", minimum=0)
    dilations = spatial_tuple(dilation, ndim, "dilation", minimum=1)
    out = transposed_output_shape(
        size,
        kshape,
        stride=strides,
        padding=pads,
        dilation=dilations,
        output_padding=output_padding,
    )
    rows, cols = prod(out), prod(size)
    _check_entries(rows * cols, f"conv_transpose_matrix ({rows} x {cols})")
    weights = weights if weights is not None else _symbol_list(kshape)

    axes = [
        _scatter_axis(n_in, n_out, k, s, p, d)
        for n_in, n_out, k, s, p, d in zip(size, out, kshape, strides, pads, dilations)
    ]
    entries = _flat_entries(axes, row_shape=out, col_shape=size, kernel_shape=kshape)
    return _assemble(rows, cols, entries, weights)


# --- index arithmetic: one axis at a time --------------------------------------------------


def _gather_axis(n_in: int, n_out: int, k: int, s: int, p: int, d: int) -> list[tuple]:
    """``(output, input, tap)`` triples of one axis: output ``o`` reads ``o s - p + t d``."""
    return [
        (o, o * s - p + t * d, t)
        for o in range(n_out)
        for t in range(k)
        if 0 <= o * s - p + t * d < n_in
    ]


def _scatter_axis(n_in: int, n_out: int, k: int, s: int, p: int, d: int) -> list[tuple]:
    """``(output, input, tap)`` triples: input ``y`` spreads to ``y s - p + t d`` (cropped)."""
    return [
        (y * s - p + t * d, y, t)
        for y in range(n_in)
        for t in range(k)
        if 0 <= y * s - p + t * d < n_out
    ]


def _flat_entries(
    axes: list[list[tuple]],
    *,
    row_shape: tuple[int, ...],
    col_shape: tuple[int, ...],
    kernel_shape: tuple[int, ...],
) -> list[tuple[int, int, int]]:
    """Combine per-axis ``(row, column, tap)`` triples into C-ordered flat indices."""
    strides = [_c_strides(shape) for shape in (row_shape, col_shape, kernel_shape)]
    scaled = [
        [(r * rs, c * cs, t * ts) for r, c, t in triples]
        for triples, rs, cs, ts in zip(axes, *strides)
    ]
    return [
        (sum(e[0] for e in combo), sum(e[1] for e in combo), sum(e[2] for e in combo))
        for combo in itertools.product(*scaled)
    ]


def _c_strides(shape: tuple[int, ...]) -> list[int]:
    strides, step = [], 1
    for n in reversed(shape):
        strides.append(step)
        step *= n
    return strides[::-1]


def _assemble(rows: int, cols: int, entries: list[tuple], weights: list) -> sympy.Matrix:
    """Dense matrix with ``weights[tap]`` added at every ``(row, column, tap)``."""
    flat: list = [sympy.S.Zero] * (rows * cols)
    touched = set()
    for r, c, t in entries:
        index = r * cols + c
        if index in touched:
            flat[index] = flat[index] + weights[t]
        else:
            touched.add(index)
            flat[index] = weights[t]
    return sympy.Matrix(rows, cols, flat)


# --- kernels ------------------------------------------------------------------------------


def _symbol_list(kernel_shape: tuple[int, ...], name: str = "w") -> list[sympy.Symbol]:
    """The symbols of :func:`kernel_symbols`, flattened in C order."""
    return [
        sympy.Symbol("_".join([name, *map(str, index)]))
        for index in itertools.product(*map(range, kernel_shape))
    ]


def _kernel_entries(kernel: object, ndim: int) -> tuple[list | None, tuple[int, ...]]:
    """``(flat entries or None for symbols, kernel shape)``, checked against `ndim` axes."""
    if isinstance(kernel, bool):
        raise ConvmathError(
            f"kernel must be a shape tuple of ints or an array; got {kernel!r}", argument="kernel"
        )
    if isinstance(kernel, numbers.Integral) or (
        isinstance(kernel, tuple)
        and kernel
        and all(isinstance(n, numbers.Integral) and not isinstance(n, bool) for n in kernel)
    ):
        shape = shape_tuple(kernel, "kernel")
        _check_ndim(shape, ndim)
        _check_entries(prod(shape), "kernel", "kernel")
        return None, shape
    if isinstance(kernel, (sympy.NDimArray, sympy.MatrixBase)):
        kernel = kernel.tolist()
    if isinstance(kernel, (str, bytes)) or not isinstance(kernel, (list, tuple, np.ndarray)):
        raise ConvmathError(
            "kernel must be a shape tuple of ints, or a NumPy array, nested list or "
            f"sympy.Array of entries; got {type(kernel).__name__} {kernel!r}",
            argument="kernel",
        )
    try:
        array = np.asarray(kernel, dtype=object)
    except ValueError:
        array = None
    if array is None or any(isinstance(v, (list, tuple, np.ndarray)) for v in array.flat):
        raise ConvmathError(
            f"kernel entries must form a regular array; got {kernel!r}", argument="kernel"
        )
    shape = tuple(array.shape)
    if not shape or 0 in shape:
        raise ShapeError(
            f"kernel must have at least one entry on each axis; got shape {shape}",
            argument="kernel",
        )
    _check_ndim(shape, ndim)
    _check_entries(array.size, "kernel", "kernel")
    return [_entry(value) for value in array.ravel()], shape


def _entry(value: object) -> sympy.Expr:
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (numbers.Number, np.generic, sympy.Expr)
    ):
        raise ConvmathError(
            f"kernel entries must be numbers or SymPy expressions; got {value!r}",
            argument="kernel",
        )
    return sympy.sympify(value, strict=True)


def _check_ndim(shape: tuple[int, ...], ndim: int) -> None:
    if len(shape) != ndim:
        raise ShapeError(
            f"kernel must have {ndim} axes like input_shape; got kernel shape {shape}",
            argument="kernel",
        )


def _check_entries(count: int, what: str, argument: str = "input_shape") -> None:
    if count > MAX_SYMBOLIC_ENTRIES:
        raise ShapeError(
            f"{what} would have {count} entries; dense SymPy matrices are limited to "
            f"{MAX_SYMBOLIC_ENTRIES} (use convmath.numeric.conv_matrix for a sparse matrix)",
            argument=argument,
        )
