"""The transpose identity ``T == C^T``, checked exactly in SymPy, one configuration or all.

:func:`~convmath.symbolic.matrix.conv_transpose_matrix` builds ``T`` from the scatter
definition and :func:`~convmath.symbolic.matrix.conv_matrix` builds ``C`` from the gather
definition; neither uses the other. :func:`check_transpose_identity` compares ``T`` with
``C^T`` entry by entry, and :func:`transpose_identity_sweep` does it for every small
configuration. When ``output_padding >= stride`` (PyTorch allows it if the dilation is
larger) the convolution of ``T``'s output size has more outputs than ``T`` has columns, and
``T`` is compared with the matching columns of ``C^T``.

Examples
--------
>>> # T: 2 -> 4 = (2 - 1) * 1 + (3 - 1) + 1; C: 4 -> 2 = floor((4 - 3) / 1) + 1
>>> bool(check_transpose_identity((2,), (3,)))
True
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import sympy

from convmath import _sizes
from convmath._params import as_int, shape_tuple, spatial_tuple
from convmath.numeric.shapes import output_shape, transposed_output_shape
from convmath.symbolic.matrix import (
    _kernel_entries,
    conv_matrix,
    conv_transpose_matrix,
    kernel_symbols,
)

__all__ = ["IdentityCheck", "check_transpose_identity", "SweepResult", "transpose_identity_sweep"]


@dataclass(frozen=True)
class IdentityCheck:
    """Outcome of comparing ``T`` (scatter) with ``C.T`` (gather) entry by entry.

    Attributes
    ----------
    input_shape : tuple of int
        Input of the transposed convolution (= output of the convolution).
    output_shape : tuple of int
        Output of the transposed convolution (= input of the convolution).
    conv_output_shape : tuple of int
        What the convolution of ``output_shape`` actually produces. Equal to `input_shape`
        exactly when the shapes correspond; larger when ``output_padding >= stride`` (allowed
        by PyTorch when ``dilation > stride``).
    corresponds : bool
        Whether ``conv_output_shape == input_shape``. If not, ``T`` is compared with the
        columns of ``C.T`` that belong to outputs inside `input_shape`.
    transpose_shape, conv_shape : tuple of int
        Shapes of ``T`` and ``C``.
    equal : bool
        Whether every compared entry agrees exactly.
    first_difference : tuple or None
        ``(row, column, T entry, C.T entry)`` of the first disagreement, in C order.
    """

    input_shape: tuple[int, ...]
    output_shape: tuple[int, ...]
    kernel_shape: tuple[int, ...]
    stride: tuple[int, ...]
    padding: tuple[int, ...]
    dilation: tuple[int, ...]
    output_padding: tuple[int, ...]
    conv_output_shape: tuple[int, ...]
    corresponds: bool
    transpose_shape: tuple[int, int]
    conv_shape: tuple[int, int]
    equal: bool
    first_difference: tuple | None = None

    def __bool__(self) -> bool:
        return self.equal


def check_transpose_identity(
    input_shape: Sequence[int],
    kernel: object,
    *,
    stride: object = 1,
    padding: object = 0,
    dilation: object = 1,
    output_padding: object = 0,
) -> IdentityCheck:
    """Build ``T`` and ``C`` independently and compare ``T`` with ``C.T`` exactly.

    The arguments describe the transposed convolution, exactly as for
    :func:`conv_transpose_matrix`; ``C`` is the convolution (same kernel, stride, padding,
    dilation) of an input of ``T``'s output shape.

    Returns
    -------
    IdentityCheck
        True-ish when the identity holds.

    Examples
    --------
    >>> # T: 3 -> 5 = (3 - 1) * 2 - 2 + 3; C: 5 -> 3 = floor((5 + 2 - 3) / 2) + 1
    >>> result = check_transpose_identity((3,), (3,), stride=2, padding=1)
    >>> result.equal, result.transpose_shape, result.conv_shape
    (True, (5, 3), (3, 5))
    >>> # output_padding 1 >= stride 1 (allowed since dilation is 2): T gives
    >>> # 7 = (2 - 1) * 1 + 2 * (3 - 1) + 1 + 1 outputs, whose convolution has 3 = 7 - 5 + 1
    >>> # outputs, not 2: T equals the first two columns of C.T
    >>> result = check_transpose_identity((2,), (3,), dilation=2, output_padding=1)
    >>> result.corresponds, result.equal
    (False, True)
    """
    size = shape_tuple(input_shape, "input_shape")
    ndim = len(size)
    weights, kshape = _kernel_entries(kernel, ndim)
    entries = kernel if weights is not None else kernel_symbols(kshape)
    strides = spatial_tuple(stride, ndim, "stride", minimum=1)
    pads = spatial_tuple(padding, ndim, "padding", minimum=0)
    dilations = spatial_tuple(dilation, ndim, "dilation", minimum=1)
    extra = spatial_tuple(output_padding, ndim, "output_padding", minimum=0)
    params = dict(stride=strides, padding=pads, dilation=dilations)

    transposed = conv_transpose_matrix(size, entries, output_padding=extra, **params)
    conv_input = transposed_output_shape(size, kshape, output_padding=extra, **params)
    conv = conv_matrix(conv_input, entries, **params)
    conv_out = output_shape(conv_input, kshape, **params)
    corresponds = conv_out == size
    expected = _leading_rows(conv, size, conv_out).T
    equal = transposed == expected
    first = None if equal else _first_difference(transposed, expected)
    return IdentityCheck(
        input_shape=size,
        output_shape=conv_input,
        kernel_shape=kshape,
        stride=strides,
        padding=pads,
        dilation=dilations,
        output_padding=extra,
        conv_output_shape=conv_out,
        corresponds=corresponds,
        transpose_shape=transposed.shape,
        conv_shape=conv.shape,
        equal=equal,
        first_difference=first,
    )


@dataclass(frozen=True)
class SweepResult:
    """Counts of :func:`transpose_identity_sweep`.

    Attributes
    ----------
    configurations : int
        Transposed-convolution configurations checked.
    passed : int
        How many of them satisfied the identity exactly.
    corresponding : int
        How many had corresponding shapes (``T == C.T`` in full); the others
        (``output_padding >= stride``) were checked against the matching columns of ``C.T``.
    failures : list of IdentityCheck
        The configurations that did not pass.
    """

    configurations: int
    passed: int
    corresponding: int
    failures: list[IdentityCheck] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every configuration passed."""
        return not self.failures and self.passed == self.configurations


def transpose_identity_sweep(
    max_size: int = 5, max_param: int = 2, ndims: Iterable[int] = (1, 2)
) -> SweepResult:
    """Check ``T == C.T`` for every small configuration.

    Every convolution whose input and kernel sizes lie in ``1..max_size`` on every axis,
    with stride and dilation in ``1..max_param`` and padding in ``0..max_param``, and whose
    dilated kernel fits the padded input, is enumerated. Its output is the input of a
    transposed convolution, checked with every allowed output padding
    (``0 <= a < max(stride, dilation)``, ``a <= max_param``, positive output size) --
    among them the one that recovers the convolution's input size. Input and kernel sizes
    vary independently per axis; stride, padding, dilation and output padding are the same
    on every axis (the 1-D sweep covers each axis' parameters, and the hypothesis tests mix
    them per axis). Duplicate transposed configurations are checked once.

    Parameters
    ----------
    max_size, max_param : int
        Bounds of the enumeration.
    ndims : iterable of int
        Numbers of spatial axes to sweep (1 and/or 2; 3 is allowed but slow).

    Returns
    -------
    SweepResult

    Examples
    --------
    >>> # stride 1, dilation 1: 6 pairs k <= i without padding + 9 pairs with padding 1
    >>> result = transpose_identity_sweep(max_size=3, max_param=1, ndims=(1,))
    >>> result.ok, result.configurations
    (True, 15)
    """
    max_size = as_int(max_size, "max_size", minimum=1)
    max_param = as_int(max_param, "max_param", minimum=1)
    dims = tuple(as_int(n, "ndims", minimum=1) for n in ndims)
    configs = []
    for ndim in dims:
        configs.extend(sorted(_sweep_configurations(ndim, max_size, max_param)))
    failures, passed, corresponding = [], 0, 0
    for out_size, ksize, s, p, d, a in configs:
        result = check_transpose_identity(
            out_size, ksize, stride=s, padding=p, dilation=d, output_padding=a
        )
        passed += result.equal
        corresponding += result.corresponds
        if not result.equal:
            failures.append(result)
    return SweepResult(len(configs), passed, corresponding, failures)


def _leading_rows(
    conv: sympy.Matrix, kept: tuple[int, ...], full: tuple[int, ...]
) -> sympy.Matrix:
    """The rows of ``C`` whose output index lies inside `kept` (all of them if it is `full`)."""
    if kept == full:
        return conv
    grid = np.indices(kept).reshape(len(kept), -1)
    rows = np.ravel_multi_index(tuple(grid), full)
    return conv.extract(rows.tolist(), list(range(conv.cols)))


def _first_difference(left: sympy.Matrix, right: sympy.Matrix) -> tuple | None:
    if left.shape != right.shape:
        return (None, None, left.shape, right.shape)
    for r in range(left.rows):
        for c in range(left.cols):
            if left[r, c] != right[r, c]:
                return (r, c, left[r, c], right[r, c])
    return None


def _sweep_configurations(ndim: int, max_size: int, max_param: int) -> set[tuple]:
    """Transposed configurations ``(in_shape, kernel_shape, s, p, d, a)`` of the sweep."""
    sizes = range(1, max_size + 1)
    configs = set()
    params = itertools.product(
        range(1, max_param + 1), range(max_param + 1), range(1, max_param + 1)
    )
    for s, p, d in params:
        for shape in itertools.product(sizes, repeat=ndim):
            for kshape in itertools.product(sizes, repeat=ndim):
                if any(i < _sizes.smallest_input_size(k, p, d) for i, k in zip(shape, kshape)):
                    continue
                out = tuple(_sizes.conv_output_size(i, k, s, p, d) for i, k in zip(shape, kshape))
                for a in range(min(_sizes.output_padding_bound(s, d), max_param + 1)):
                    if all(
                        _sizes.transposed_output_size(o, k, s, p, d, a) >= 1
                        for o, k in zip(out, kshape)
                    ):
                        configs.add((out, kshape, s, p, d, a))
    return configs
