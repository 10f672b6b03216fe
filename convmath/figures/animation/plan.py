"""Planning an animation: the canvas the kernel slides over and the kernel's positions.

Everything an animation shows is decided here, before anything is drawn. Sizes come from
:func:`convmath.numeric.output_shape` and :func:`convmath.numeric.transposed_output_shape`.

Examples
--------
>>> # Dumoulin & Visin's padding_strides: output 3 = floor((5 + 2*1 - 3) / 2) + 1
>>> plan = plan_animation("conv", (5, 5), (3, 3), stride=2, padding=1)
>>> plan.output_shape, plan.canvas_shape, plan.frame_count
((3, 3), (7, 7), 11)
>>> plan.taps(1)[:3]
[(0, 2), (0, 3), (0, 4)]
>>> # transposed: 5 = (3 - 1) * 2 - 2 * 1 + 3; 3 inputs + 2 inserted zeros + 2 * (3 - 1 - 1)
>>> plan_animation("conv-transpose", (3, 3), (3, 3), stride=2, padding=1).canvas_shape
(7, 7)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from convmath._params import shape_tuple, spatial_tuple
from convmath._sizes import largest_pool_padding
from convmath.errors import ConvmathError
from convmath.numeric.shapes import output_shape, resolve_padding, transposed_output_shape

__all__ = [
    "MODES",
    "HOLD_FRAMES",
    "FPS",
    "MAX_CANVAS",
    "MAX_POSITIONS",
    "AnimationPlan",
    "plan_animation",
]

MODES = ("conv", "conv-transpose", "pool")
#: Frames of the finished output appended after the last position (a pause before looping).
HOLD_FRAMES = 2
#: Frames per second: 0.8 s per kernel position.
FPS = 1.25
#: Largest drawn grid (cells per axis) and number of output positions animated.
MAX_CANVAS = 40
MAX_POSITIONS = 400


@dataclass(frozen=True, eq=False)
class AnimationPlan:
    """Everything an animation shows, computed before anything is drawn.

    Shapes and hyper-parameters are per spatial axis (1 or 2 axes) as the user gave them;
    the canvas (the grid the kernel slides over) is always 2-D, a 1-D input being one row.

    Attributes
    ----------
    mode : str
        ``"conv"``, ``"conv-transpose"`` or ``"pool"``.
    input_shape, kernel_shape, stride, dilation, output_padding : tuple of int
    padding : tuple of (int, int)
        ``(low, high)`` per axis (``"same"`` may split unevenly), as the user asked.
    output_shape : tuple of int
        From :func:`~convmath.numeric.output_shape` or
        :func:`~convmath.numeric.transposed_output_shape`.
    canvas_padding : tuple of (int, int)
        Padding drawn on each side of the canvas (for transposed: ``max(d (k - 1) - p, 0)``
        low, ``max(d (k - 1) - p + a, 0)`` high).
    inserted : tuple of int
        Zeros inserted between neighbouring inputs (``s - 1`` for transposed, else 0).
    roles : numpy.ndarray of str, 2-D
        ``"input"``, ``"padding"`` or ``"zero"`` for every canvas cell.
    source : numpy.ndarray of int, 2-D
        Flat (C-order) input index shown in each canvas cell, -1 for padding and zeros.
    origins : tuple of (int, int)
        Canvas cell under the kernel's first tap, for each output position (C order).
    tap_step : (int, int)
        Canvas distance between neighbouring kernel taps (the dilation).
    """

    mode: str
    input_shape: tuple[int, ...]
    kernel_shape: tuple[int, ...]
    stride: tuple[int, ...]
    padding: tuple[tuple[int, int], ...]
    dilation: tuple[int, ...]
    output_padding: tuple[int, ...]
    output_shape: tuple[int, ...]
    canvas_padding: tuple[tuple[int, int], ...]
    inserted: tuple[int, ...]
    roles: np.ndarray
    source: np.ndarray
    origins: tuple[tuple[int, int], ...]
    tap_step: tuple[int, int]

    @property
    def canvas_shape(self) -> tuple[int, int]:
        """Shape of the drawn grid the kernel slides over."""
        rows, cols = self.roles.shape
        return rows, cols

    @property
    def kernel_grid(self) -> tuple[int, int]:
        """Kernel shape as drawn (a 1-D kernel is one row)."""
        return as_2d(self.kernel_shape)

    @property
    def output_grid(self) -> tuple[int, int]:
        """Output shape as drawn (a 1-D output is one row)."""
        return as_2d(self.output_shape)

    @property
    def positions(self) -> int:
        """Number of output positions: one frame each."""
        return len(self.origins)

    @property
    def frame_count(self) -> int:
        """Frames of the animation: every output position, then :data:`HOLD_FRAMES`."""
        return self.positions + HOLD_FRAMES

    def taps(self, position: int) -> list[tuple[int, int]]:
        """Canvas cells under the kernel at output `position`, kernel entries in C order."""
        if not 0 <= position < self.positions:
            raise ConvmathError(
                f"position must be between 0 and {self.positions - 1}; got {position}",
                argument="position",
            )
        (r0, c0), (dr, dc) = self.origins[position], self.tap_step
        kh, kw = self.kernel_grid
        return [(r0 + a * dr, c0 + b * dc) for a in range(kh) for b in range(kw)]


def as_2d(shape: Sequence[int]) -> tuple[int, int]:
    """A 1- or 2-axis shape as drawn: a 1-D shape is one row.

    Examples
    --------
    >>> as_2d((5,)), as_2d((2, 3))
    ((1, 5), (2, 3))
    """
    return (1, shape[0]) if len(shape) == 1 else (shape[0], shape[1])


class _Hyper(NamedTuple):
    """The validated configuration of one animation, one entry per spatial axis."""

    size: tuple[int, ...]
    kernel: tuple[int, ...]
    stride: tuple[int, ...]
    dilation: tuple[int, ...]
    output_padding: tuple[int, ...]


class _Axis(NamedTuple):
    """One axis of the canvas: each cell's kind and input index, where windows start,
    and the padding drawn on each side."""

    kinds: list[str]
    sources: list[int]
    start: int
    padding: tuple[int, int]


def plan_animation(
    mode: str,
    input_shape: Sequence[int] | int,
    kernel_shape: Sequence[int] | int,
    *,
    stride: object = None,
    padding: object = 0,
    dilation: object = 1,
    output_padding: object = 0,
) -> AnimationPlan:
    """Lay out the canvas and the kernel positions of one animation.

    Parameters
    ----------
    mode : {"conv", "conv-transpose", "pool"}
    input_shape, kernel_shape : int or tuple of int
        Spatial shapes with 1 or 2 axes (for ``"conv-transpose"`` the input is the small
        side: the transposed convolution's own input).
    stride : int or tuple of int, optional
        Default 1, or the window size for ``"pool"`` (PyTorch's default).
    padding : int, tuple of int, "valid" or "same"
        ``"same"`` for ``"conv"`` with stride 1 only; pooling needs ``p <= k // 2``.
    dilation : int or tuple of int
    output_padding : int or tuple of int
        ``"conv-transpose"`` only: ``0 <= a < max(s, d)``, added on the high side.

    Returns
    -------
    AnimationPlan

    Raises
    ------
    ConvmathError
        Unknown mode, more than 2 axes, bad hyper-parameters, or an animation larger than
        :data:`MAX_CANVAS` cells per axis or :data:`MAX_POSITIONS` positions.
    ShapeError
        When the kernel does not fit (from :func:`~convmath.numeric.output_shape`).

    Examples
    --------
    >>> # dilation 2: taps 2 cells apart, output 3 = 7 - 2 * (3 - 1)
    >>> plan = plan_animation("conv", 7, 3, dilation=2)
    >>> plan.output_shape, plan.taps(0)
    ((3,), [(0, 0), (0, 2), (0, 4)])
    >>> # pooling strides by the window by default: 2 = floor((4 - 2) / 2) + 1
    >>> plan_animation("pool", (4, 4), (2, 2)).output_shape
    (2, 2)
    """
    hyper = _hyper_parameters(mode, input_shape, kernel_shape, stride, dilation, output_padding)
    if mode == "conv-transpose":
        pads, out = _transposed_padding_and_output(hyper, padding)
    else:
        pads, out = _padding_and_output(mode, hyper, padding)
    positions = math.prod(out)
    if positions > MAX_POSITIONS:
        raise ConvmathError(
            f"an animation shows at most {MAX_POSITIONS} output positions; "
            f"output shape {out} has {positions}",
            argument="input_shape",
        )
    axes = [
        _axis_layout(mode, n, k, s, lohi, d, a)
        for n, k, s, lohi, d, a in zip(
            hyper.size, hyper.kernel, hyper.stride, pads, hyper.dilation, hyper.output_padding
        )
    ]
    rows, cols = (_axis_layout("conv", 1, 1, 1, (0, 0), 1, 0), *axes) if len(axes) == 1 else axes
    roles, source = _canvas(rows, cols, width=hyper.size[-1])
    return AnimationPlan(
        mode=mode,
        input_shape=hyper.size,
        kernel_shape=hyper.kernel,
        stride=hyper.stride,
        padding=pads,
        dilation=hyper.dilation,
        output_padding=hyper.output_padding,
        output_shape=out,
        canvas_padding=tuple(axis.padding for axis in axes),
        inserted=tuple(s - 1 if mode == "conv-transpose" else 0 for s in hyper.stride),
        roles=roles,
        source=source,
        origins=_origins(mode, out, hyper.stride, (rows.start, cols.start)),
        tap_step=as_2d(hyper.dilation),
    )


def _hyper_parameters(
    mode: str,
    input_shape: object,
    kernel_shape: object,
    stride: object,
    dilation: object,
    output_padding: object,
) -> _Hyper:
    """Check the mode and the number of axes, and make every hyper-parameter a tuple."""
    if mode not in MODES:
        raise ConvmathError(
            f"mode must be one of {', '.join(MODES)}; got {mode!r}", argument="mode"
        )
    size = shape_tuple(input_shape, "input_shape")
    if len(size) not in (1, 2):
        raise ConvmathError(
            f"input_shape must have 1 or 2 axes to be animated; got {len(size)} axes {size}",
            argument="input_shape",
        )
    ndim = len(size)
    kernel = shape_tuple(kernel_shape, "kernel_shape", ndim=ndim)
    if stride is None:
        stride = kernel if mode == "pool" else 1
    strides = spatial_tuple(stride, ndim, "stride", minimum=1)
    dil = spatial_tuple(dilation, ndim, "dilation", minimum=1)
    extra = spatial_tuple(output_padding, ndim, "output_padding", minimum=0)
    if mode != "conv-transpose" and any(extra):
        raise ConvmathError(
            f"output_padding applies to conv-transpose only; got {output_padding!r} for {mode}",
            argument="output_padding",
        )
    return _Hyper(size, kernel, strides, dil, extra)


def _transposed_padding_and_output(
    hyper: _Hyper, padding: object
) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    """``(low, high)`` padding per axis and the output shape of a transposed convolution."""
    ndim = len(hyper.size)
    if isinstance(padding, str):
        raise ConvmathError(
            f"padding must be an int >= 0 or a tuple of {ndim} such ints for "
            f"conv-transpose; got {padding!r}",
            argument="padding",
        )
    pads = tuple((p, p) for p in spatial_tuple(padding, ndim, "padding", minimum=0))
    out = transposed_output_shape(
        hyper.size,
        hyper.kernel,
        stride=hyper.stride,
        padding=padding,
        dilation=hyper.dilation,
        output_padding=hyper.output_padding,
    )
    return pads, out


def _padding_and_output(
    mode: str, hyper: _Hyper, padding: object
) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    """``(low, high)`` padding per axis and the output shape of a convolution or pooling."""
    pads = resolve_padding(padding, hyper.kernel, stride=hyper.stride, dilation=hyper.dilation)
    if mode == "pool":
        for axis, (k, (lo, hi)) in enumerate(zip(hyper.kernel, pads)):
            if max(lo, hi) > largest_pool_padding(k):
                raise ConvmathError(
                    f"padding must be at most kernel_size // 2 = {largest_pool_padding(k)} "
                    "for pooling "
                    f"(PyTorch's rule); got {max(lo, hi)} on axis {axis}",
                    argument="padding",
                )
    out = output_shape(
        hyper.size, hyper.kernel, stride=hyper.stride, padding=padding, dilation=hyper.dilation
    )
    return tuple(pads), out


def _axis_layout(
    mode: str, n: int, k: int, s: int, pads: tuple[int, int], d: int, a: int
) -> _Axis:
    """One axis of the canvas.

    Convolution and pooling: ``lo`` padding cells, the ``n`` inputs, ``hi`` padding cells;
    windows start at 0. Transposed: the ``n`` inputs ``s`` cells apart (``s - 1`` zeros
    between), ``q = d (k - 1) - p`` padding cells on the low side and ``q + a`` on the high
    side; where ``q`` is negative the window starts ``-q`` cells in instead (a crop).
    """
    if mode != "conv-transpose":
        lo, hi = pads
        kinds = ["padding"] * lo + ["input"] * n + ["padding"] * hi
        sources = [-1] * lo + list(range(n)) + [-1] * hi
        return _Axis(kinds, sources, 0, (lo, hi))
    q = d * (k - 1) - pads[0]
    body_kinds: list[str] = []
    body_sources: list[int] = []
    for j in range(n):
        if j:
            body_kinds += ["zero"] * (s - 1)
            body_sources += [-1] * (s - 1)
        body_kinds.append("input")
        body_sources.append(j)
    low, high = max(q, 0), max(q + a, 0)
    kinds = ["padding"] * low + body_kinds + ["padding"] * high
    sources = [-1] * low + body_sources + [-1] * high
    return _Axis(kinds, sources, max(-q, 0), (low, high))


def _canvas(rows: _Axis, cols: _Axis, *, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Role and flat input index of every canvas cell, from the two axes' layouts.

    A cell is an input where both its row and its column are inputs, padding where either
    is padding, and an inserted zero otherwise.
    """
    shape = (len(rows.kinds), len(cols.kinds))
    if max(shape) > MAX_CANVAS:
        raise ConvmathError(
            f"an animation draws at most {MAX_CANVAS} cells per axis; this one needs "
            f"{shape[0]} x {shape[1]}",
            argument="input_shape",
        )
    roles = np.full(shape, "padding", dtype=object)
    source = np.full(shape, -1, dtype=np.int64)
    for r, row_kind in enumerate(rows.kinds):
        for c, col_kind in enumerate(cols.kinds):
            if row_kind == "input" and col_kind == "input":
                roles[r, c] = "input"
                source[r, c] = rows.sources[r] * width + cols.sources[c]
            elif "padding" not in (row_kind, col_kind):
                roles[r, c] = "zero"
    return roles, source


def _origins(
    mode: str, out: tuple[int, ...], stride: tuple[int, ...], start: tuple[int, int]
) -> tuple[tuple[int, int], ...]:
    """The canvas cell under the kernel's first tap at each output position, C order."""
    o_rows, o_cols = as_2d(out)
    # the transposed convolution is drawn as a stride-1 convolution
    s_rows, s_cols = (1, 1) if mode == "conv-transpose" else as_2d(stride)
    return tuple(
        (start[0] + u * s_rows, start[1] + v * s_cols)
        for u in range(o_rows)
        for v in range(o_cols)
    )
