"""Parameter counts: fully connected vs sparse interactions vs shared weights (convolution).

The article's argument, for a layer with ``m`` inputs and ``n`` outputs:

* fully connected: every output is connected to every input, ``m n`` weights;
* sparse interactions: every output is connected to only ``k`` inputs, ``k n`` weights
  (a locally connected layer: a banded matrix with its own weights in every row);
* parameter sharing: those ``k n`` connections reuse the same ``k`` kernel weights -- the
  convolution -- so ``k`` weights, whatever ``m`` and ``n``.

In the matrix form ``y = C x`` of :func:`convmath.symbolic.conv_matrix` these are the number
of entries of ``C``, the number of its structural non-zeros (at most ``k`` per row) and the
number of distinct symbols in it.

Examples
--------
>>> counts = parameter_counts(1000, 998, 3)
>>> counts.dense, counts.local, counts.shared
(998000, 2994, 3)
>>> parameter_counts("m", "n", "k", bias=True).dense
m*n + n
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sympy

from convmath._params import as_int
from convmath._sizes import prod
from convmath.errors import ConvmathError
from convmath.symbolic.sizes import conv_output_size, size_argument

__all__ = ["ParameterCounts", "parameter_counts", "conv_parameter_counts"]

#: conv_output_size's argument names -> conv_parameter_counts' ones.
_ARGUMENT_OF = {
    "i": "input_shape",
    "k": "kernel_shape",
    "s": "stride",
    "p": "padding",
    "d": "dilation",
}


@dataclass(frozen=True)
class ParameterCounts:
    """Learnable parameters of the same connectivity three ways.

    Attributes
    ----------
    dense : sympy.Expr
        Fully connected layer between the same input and output sizes.
    local : sympy.Expr
        Sparse interactions without sharing (locally connected layer).
    shared : sympy.Expr
        Sparse interactions with shared weights: the convolution.
    """

    dense: sympy.Expr
    local: sympy.Expr
    shared: sympy.Expr

    def as_dict(self) -> dict[str, sympy.Expr]:
        """``{"dense": ..., "local": ..., "shared": ...}``."""
        return {"dense": self.dense, "local": self.local, "shared": self.shared}


def parameter_counts(m: object, n: object, k: object, *, bias: bool = False) -> ParameterCounts:
    """The article's 1-D comparison: ``m n`` vs ``k n`` vs ``k`` weights.

    Parameters
    ----------
    m, n : int, str or SymPy expression
        Numbers of inputs and outputs.
    k : int, str or SymPy expression
        Inputs each output is connected to (the kernel size), ``k <= m``.
    bias : bool
        Add one bias per output unit (dense and local) or one for the shared kernel.

    Examples
    --------
    >>> # a 3-kernel on 8 inputs, 6 = 8 - 3 + 1 outputs: 48 vs 18 vs 3 weights
    >>> parameter_counts(8, 6, 3)
    ParameterCounts(dense=48, local=18, shared=3)
    >>> parameter_counts(8, 6, 3, bias=True)
    ParameterCounts(dense=54, local=24, shared=4)
    """
    inputs, outputs = size_argument(m, "i", "m"), size_argument(n, "i", "n")
    taps = size_argument(k, "k")
    if inputs.is_Integer and taps.is_Integer and taps > inputs:
        raise ConvmathError(
            f"k must be at most m = {inputs} (each output sees k of the m inputs); got {taps}",
            argument="k",
        )
    extra = 1 if bias else 0
    return ParameterCounts(
        inputs * outputs + extra * outputs, taps * outputs + extra * outputs, taps + extra
    )


def conv_parameter_counts(
    input_shape: Sequence[object],
    out_channels: object,
    kernel_shape: Sequence[object],
    *,
    stride: object = 1,
    padding: object = 0,
    dilation: object = 1,
    groups: int = 1,
    bias: bool = True,
) -> ParameterCounts:
    """Convolution layer with channels vs a dense and a locally connected layer.

    For an input ``(C_in, *S)``, ``C_out`` output channels, kernel ``K`` and output spatial
    shape ``O`` (from :func:`convmath.symbolic.sizes.conv_output_size`):

    * dense: ``(C_in prod(S)) (C_out prod(O))`` weights (+ ``C_out prod(O)`` biases);
    * local: ``C_out prod(O) (C_in / groups) prod(K)`` (+ ``C_out prod(O)``);
    * shared (the convolution): ``C_out (C_in / groups) prod(K)`` (+ ``C_out``), PyTorch's
      ``Conv{d}d`` count.

    Parameters
    ----------
    input_shape : sequence
        ``(C_in, *S)``: channels, then one size per spatial axis (ints or symbols).
    out_channels : int, str or SymPy expression
    kernel_shape : sequence
        One kernel size per spatial axis.
    stride, padding, dilation : scalar or sequence
        Per spatial axis, as in :func:`convmath.symbolic.sizes.conv_output_size` (padding
        may be ``"valid"`` or ``"same"``).
    groups : int
        Must divide both channel counts when they are numbers.
    bias : bool

    Examples
    --------
    >>> # RGB 32x32 -> 16 channels with 3x3 kernels, padding 1: 448 = 16 * 3 * 9 + 16
    >>> counts = conv_parameter_counts((3, 32, 32), 16, (3, 3), padding=1)
    >>> counts.shared, counts.dense
    (448, 50348032)
    >>> conv_parameter_counts(("C", "H", "W"), "D", ("k", "k"), bias=False).shared
    C*D*k**2
    """
    if isinstance(input_shape, (str, bytes)) or len(input_shape) < 2:
        raise ConvmathError(
            f"input_shape must be (C_in, *spatial) with at least one spatial axis; "
            f"got {input_shape!r}",
            argument="input_shape",
        )
    c_in = size_argument(input_shape[0], "i", "in_channels")
    spatial = [size_argument(v, "i", "input_shape") for v in input_shape[1:]]
    c_out = size_argument(out_channels, "i", "out_channels")
    ndim = len(spatial)
    kernel = [
        size_argument(v, "k", "kernel_shape")
        for v in _per_axis(kernel_shape, ndim, "kernel_shape")
    ]
    strides = _per_axis(stride, ndim, "stride")
    pads = _per_axis(padding, ndim, "padding")
    dils = _per_axis(dilation, ndim, "dilation")
    groups = as_int(groups, "groups", minimum=1)
    for name, channels in (("in_channels", c_in), ("out_channels", c_out)):
        if channels.is_Integer and int(channels) % groups:
            raise ConvmathError(
                f"groups must divide {name} = {channels}; got groups={groups}", argument="groups"
            )
    out = _output_sizes(spatial, kernel, strides, pads, dils)
    taps = c_in / groups * prod(kernel)
    units_out = c_out * prod(out)
    extra = 1 if bias else 0
    return ParameterCounts(
        dense=c_in * prod(spatial) * units_out + extra * units_out,
        local=units_out * taps + extra * units_out,
        shared=c_out * taps + extra * c_out,
    )


def _output_sizes(*per_axis: list) -> list[sympy.Expr]:
    """:func:`conv_output_size` per axis; errors name :func:`conv_parameter_counts`' arguments."""
    try:
        return [conv_output_size(i, k, s, p, d) for i, k, s, p, d in zip(*per_axis)]
    except ConvmathError as error:
        error.argument = _ARGUMENT_OF.get(error.argument or "", error.argument)
        raise


def _per_axis(value: object, ndim: int, name: str) -> list:
    if isinstance(value, Sequence) and not isinstance(value, str):
        if len(value) != ndim:
            raise ConvmathError(
                f"{name} must have {ndim} entries (one per spatial axis); got {value!r}",
                argument=name,
            )
        return list(value)
    return [value] * ndim
