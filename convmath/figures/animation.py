"""Animations of convolution arithmetic: the kernel sliding, the output filling in.

One frame per output position, in C order (top-left first), then :data:`HOLD_FRAMES`
frames of the finished output. Three modes:

* ``"conv"`` -- convolution (cross-correlation) over the zero-padded input, taps ``d``
  cells apart for dilation ``d``;
* ``"conv-transpose"`` -- transposed convolution drawn as Dumoulin & Visin draw it: the
  equivalent stride-1 convolution over the input with ``s - 1`` zeros inserted between
  neighbours, padded by ``d (k - 1) - p`` on each side (and the output padding ``a`` on the
  high side; a negative amount crops);
* ``"pool"`` -- max or average pooling (stride defaults to the window, as in PyTorch).

Sizes come from :func:`convmath.numeric.output_shape` and
:func:`convmath.numeric.transposed_output_shape`; with ``values=True`` the numbers written in
the cells come from :func:`convmath.numeric.conv`, :func:`~convmath.numeric.conv_transpose`,
:func:`~convmath.numeric.max_pool` and :func:`~convmath.numeric.avg_pool`. Colours follow
:data:`convmath.figures.grids.COLORS`: input blue, padding grey (dashed), inserted zeros
white (dotted), kernel orange, output green.

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
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from convmath._params import as_int, shape_tuple, spatial_tuple
from convmath.errors import ConvmathError
from convmath.numeric.shapes import output_shape, resolve_padding, transposed_output_shape

__all__ = [
    "MODES",
    "POOL_OPS",
    "HOLD_FRAMES",
    "FPS",
    "MAX_CANVAS",
    "MAX_POSITIONS",
    "GIF_COLORS",
    "AnimationPlan",
    "plan_animation",
    "animation_values",
    "AnimationScene",
    "draw_animation",
    "save_animation",
    "animate",
]

MODES = ("conv", "conv-transpose", "pool")
POOL_OPS = ("max", "avg")
#: Frames of the finished output appended after the last position (a pause before looping).
HOLD_FRAMES = 2
#: Frames per second: 0.8 s per kernel position.
FPS = 1.25
#: Largest drawn grid (cells per axis) and number of output positions animated.
MAX_CANVAS = 40
MAX_POSITIONS = 400

# The kernel is drawn inset in each cell it covers, so the cell's own colour (input,
# padding or inserted zero) still shows as a frame around it.
_INSET = 0.12

_TITLES = {"conv": "Convolution", "conv-transpose": "Transposed convolution", "pool": "pooling"}


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
        return tuple(self.roles.shape)  # type: ignore[return-value]

    @property
    def kernel_grid(self) -> tuple[int, int]:
        """Kernel shape as drawn (a 1-D kernel is one row)."""
        return _as_2d(self.kernel_shape)

    @property
    def output_grid(self) -> tuple[int, int]:
        """Output shape as drawn (a 1-D output is one row)."""
        return _as_2d(self.output_shape)

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
                f"position must be between 0 and {self.positions - 1}; got {position}"
            )
        (r0, c0), (dr, dc) = self.origins[position], self.tap_step
        kh, kw = self.kernel_grid
        return [(r0 + a * dr, c0 + b * dc) for a in range(kh) for b in range(kw)]


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
    if mode not in MODES:
        raise ConvmathError(f"mode must be one of {', '.join(MODES)}; got {mode!r}")
    size = shape_tuple(input_shape, "input_shape")
    if len(size) not in (1, 2):
        raise ConvmathError(
            f"input_shape must have 1 or 2 axes to be animated; got {len(size)} axes {size}"
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
            f"output_padding applies to conv-transpose only; got {output_padding!r} for {mode}"
        )
    if mode == "conv-transpose":
        if isinstance(padding, str):
            raise ConvmathError(
                f"padding must be an int >= 0 or a tuple of {ndim} such ints for "
                f"conv-transpose; got {padding!r}"
            )
        pads = tuple((p, p) for p in spatial_tuple(padding, ndim, "padding", minimum=0))
        out = transposed_output_shape(
            size, kernel, stride=strides, padding=padding, dilation=dil, output_padding=extra
        )
    else:
        pads = resolve_padding(padding, kernel, stride=strides, dilation=dil)
        if mode == "pool":
            for axis, (k, (lo, hi)) in enumerate(zip(kernel, pads)):
                if max(lo, hi) > k // 2:
                    raise ConvmathError(
                        f"padding must be at most kernel_size // 2 = {k // 2} for pooling "
                        f"(PyTorch's rule); got {max(lo, hi)} on axis {axis}"
                    )
        out = output_shape(size, kernel, stride=strides, padding=padding, dilation=dil)
    positions = math.prod(out)
    if positions > MAX_POSITIONS:
        raise ConvmathError(
            f"an animation shows at most {MAX_POSITIONS} output positions; "
            f"output shape {out} has {positions}"
        )

    axes = [
        _axis_layout(mode, n, k, s, lohi, d, a)
        for n, k, s, lohi, d, a in zip(size, kernel, strides, pads, dil, extra)
    ]
    if ndim == 1:
        axes.insert(0, _axis_layout("conv", 1, 1, 1, (0, 0), 1, 0))
    (rows, row_kind, row_src, row_start, _, _), (cols, col_kind, col_src, col_start, _, _) = axes
    if max(rows, cols) > MAX_CANVAS:
        raise ConvmathError(
            f"an animation draws at most {MAX_CANVAS} cells per axis; this one needs "
            f"{rows} x {cols}"
        )
    roles = np.full((rows, cols), "padding", dtype=object)
    source = np.full((rows, cols), -1, dtype=np.int64)
    width = size[-1]
    for r in range(rows):
        for c in range(cols):
            if row_kind[r] == "input" and col_kind[c] == "input":
                roles[r, c] = "input"
                source[r, c] = row_src[r] * width + col_src[c]
            elif "padding" not in (row_kind[r], col_kind[c]):
                roles[r, c] = "zero"
    o_rows, o_cols = _as_2d(out)
    # the transposed convolution is drawn as a stride-1 convolution
    s_rows, s_cols = (1, 1) if mode == "conv-transpose" else _as_2d(strides)
    origins = tuple(
        (row_start + u * s_rows, col_start + v * s_cols)
        for u in range(o_rows)
        for v in range(o_cols)
    )
    return AnimationPlan(
        mode=mode,
        input_shape=size,
        kernel_shape=kernel,
        stride=strides,
        padding=tuple(pads),
        dilation=dil,
        output_padding=extra,
        output_shape=out,
        canvas_padding=tuple(ax[5] for ax in axes[-ndim:]),
        inserted=tuple(s - 1 if mode == "conv-transpose" else 0 for s in strides),
        roles=roles,
        source=source,
        origins=origins,
        tap_step=_as_2d(dil, fill=1),
    )


def _as_2d(shape: Sequence[int], fill: int = 1) -> tuple[int, int]:
    return (fill, shape[0]) if len(shape) == 1 else (shape[0], shape[1])


def _axis_layout(
    mode: str, n: int, k: int, s: int, pads: tuple[int, int], d: int, a: int
) -> tuple[int, list[str], list[int], int, int, tuple[int, int]]:
    """One axis of the canvas: length, kind and input index of each cell, first window
    start, stride, and the padding drawn on each side.

    Convolution and pooling: ``lo`` padding cells, the ``n`` inputs, ``hi`` padding cells;
    windows start at 0. Transposed: the ``n`` inputs ``s`` cells apart (``s - 1`` zeros
    between), ``q = d (k - 1) - p`` padding cells on the low side and ``q + a`` on the high
    side; where ``q`` is negative the window starts ``-q`` cells in instead (a crop).
    """
    if mode != "conv-transpose":
        lo, hi = pads
        kinds = ["padding"] * lo + ["input"] * n + ["padding"] * hi
        sources = [-1] * lo + list(range(n)) + [-1] * hi
        return len(kinds), kinds, sources, 0, s, (lo, hi)
    q = d * (k - 1) - pads[0]
    body_kinds, body_sources = [], []
    for j in range(n):
        if j:
            body_kinds += ["zero"] * (s - 1)
            body_sources += [-1] * (s - 1)
        body_kinds.append("input")
        body_sources.append(j)
    low, high = max(q, 0), max(q + a, 0)
    kinds = ["padding"] * low + body_kinds + ["padding"] * high
    sources = [-1] * low + body_sources + [-1] * high
    return len(kinds), kinds, sources, max(-q, 0), 1, (low, high)


# --- numbers ------------------------------------------------------------------------------


def animation_values(
    plan: AnimationPlan, *, pool: str = "max", seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Small integer input and kernel, and the output convmath computes from them.

    The input holds integers 0-3 and the kernel 0-2 (as in Dumoulin & Visin's numerical
    figures), drawn from ``numpy.random.default_rng(seed)``. The output is
    :func:`~convmath.numeric.conv`, :func:`~convmath.numeric.conv_transpose`,
    :func:`~convmath.numeric.max_pool` or :func:`~convmath.numeric.avg_pool` of them.

    Returns
    -------
    x, w, y : numpy.ndarray
        Shapes ``input_shape``, ``kernel_shape``, ``output_shape`` (``w`` is all ones for
        pooling: every tap counts once).

    Examples
    --------
    >>> # output 2 = 4 - 3 + 1, each entry a 3 x 3 multiply-add of x and w
    >>> x, w, y = animation_values(plan_animation("conv", (4, 4), (3, 3)))
    >>> bool(y[0, 0] == (x[:3, :3] * w).sum()), y.shape
    (True, (2, 2))
    """
    if pool not in POOL_OPS:
        raise ConvmathError(f"pool must be one of {', '.join(POOL_OPS)}; got {pool!r}")
    seed = as_int(seed, "seed", minimum=0)
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 4, size=plan.input_shape).astype(float)
    w = rng.integers(0, 3, size=plan.kernel_shape).astype(float)
    padding = tuple(lo for lo, _ in plan.padding)
    if plan.mode == "conv":
        from convmath.numeric.correlation import conv

        same = any(lo != hi for lo, hi in plan.padding)
        y = conv(
            x[None],
            w[None, None],
            stride=plan.stride,
            padding="same" if same else padding,
            dilation=plan.dilation,
        )[0]
    elif plan.mode == "conv-transpose":
        from convmath.numeric.correlation import conv_transpose

        y = conv_transpose(
            x[None],
            w[None, None],
            stride=plan.stride,
            padding=padding,
            output_padding=plan.output_padding,
            dilation=plan.dilation,
        )[0]
    else:
        from convmath.numeric.pooling import avg_pool, max_pool

        w = np.ones(plan.kernel_shape)
        if pool == "max":
            y = max_pool(
                x[None],
                plan.kernel_shape,
                stride=plan.stride,
                padding=padding,
                dilation=plan.dilation,
            )[0]
        else:
            if any(d != 1 for d in plan.dilation):
                raise ConvmathError(
                    f"dilation must be 1 for average pooling (PyTorch has none); "
                    f"got {plan.dilation}"
                )
            y = avg_pool(x[None], plan.kernel_shape, stride=plan.stride, padding=padding)[0]
    return x, w, y


# --- drawing ------------------------------------------------------------------------------


def _shape_text(shape: Sequence[int]) -> str:
    return "×".join(str(n) for n in shape)


def _param_text(values: Sequence[Any]) -> str:
    values = list(values)
    if all(v == values[0] for v in values):
        return str(values[0])
    return "(" + ", ".join(str(v) for v in values) + ")"


def _axis_formula(plan: AnimationPlan, axis: int) -> str:
    """The output-size formula of one axis with its numbers put in, and the result."""
    i, k, s = plan.input_shape[axis], plan.kernel_shape[axis], plan.stride[axis]
    (lo, hi), d, o = plan.padding[axis], plan.dilation[axis], plan.output_shape[axis]
    extent = f"{k}" if d == 1 else f"{d}·({k} − 1) − 1"
    if plan.mode == "conv-transpose":
        a = plan.output_padding[axis]
        grow = f"{k}" if d == 1 else f"{d}·({k} − 1) + 1"
        return f"({i} − 1)·{s} − 2·{lo} + {grow} + {a} = {o}"
    pad = f"2·{lo}" if lo == hi else f"{lo} + {hi}"
    if s == 1:
        return f"{i} + {pad} − {extent} + 1 = {o}"
    return f"⌊({i} + {pad} − {extent}) / {s}⌋ + 1 = {o}"


def _general_formula(plan: AnimationPlan) -> str:
    dilated = any(d != 1 for d in plan.dilation)
    if plan.mode == "conv-transpose":
        grow = "d(k − 1) + 1" if dilated else "k"
        return f"o′ = (i′ − 1)s − 2p + {grow} + a"
    extent = "d(k − 1) − 1" if dilated else "k"
    if all(s == 1 for s in plan.stride):
        return f"o = i + 2p − {extent} + 1"
    return f"o = ⌊(i + 2p − {extent}) / s⌋ + 1"


def title_lines(plan: AnimationPlan, *, pool: str = "max") -> list[str]:
    """The title: configuration, output size from its formula, and (transposed) the layout.

    Examples
    --------
    >>> title_lines(plan_animation("conv", (4, 4), (3, 3)))[1]
    'output 2×2:   o = i + 2p − k + 1 = 4 + 2·0 − 3 + 1 = 2'
    """
    name = f"{'Max' if pool == 'max' else 'Average'} pooling" if plan.mode == "pool" else None
    name = name or _TITLES[plan.mode]
    pads = [lo if lo == hi else f"{lo}+{hi}" for lo, hi in plan.padding]
    parts = [
        f"input {_shape_text(plan.input_shape)}",
        f"{'window' if plan.mode == 'pool' else 'kernel'} {_shape_text(plan.kernel_shape)}",
        f"stride {_param_text(plan.stride)}",
        f"padding {_param_text(pads)}",
    ]
    if any(d != 1 for d in plan.dilation):
        parts.append(f"dilation {_param_text(plan.dilation)}")
    if plan.mode == "conv-transpose":
        parts.append(f"output padding {_param_text(plan.output_padding)}")
    formulas = [_axis_formula(plan, axis) for axis in range(len(plan.input_shape))]
    distinct = list(dict.fromkeys(formulas))
    numbers = distinct[0] if len(distinct) == 1 else ";  ".join(formulas)
    lines = [
        f"{name}: " + ", ".join(parts),
        f"output {_shape_text(plan.output_shape)}:   {_general_formula(plan)} = {numbers}",
    ]
    if plan.mode == "conv-transpose":
        lines.append(_transposed_note(plan))
    return lines


def _transposed_note(plan: AnimationPlan) -> str:
    inserted = _param_text(plan.inserted)
    qs = [
        d * (k - 1) - lo for k, d, (lo, _) in zip(plan.kernel_shape, plan.dilation, plan.padding)
    ]
    if not any(plan.inserted):
        zeros = "no zeros"
    else:
        zeros = "1 zero" if set(plan.inserted) == {1} else f"{inserted} zeros"
    note = (
        f"= stride-1 convolution, {zeros} between inputs, padding d(k − 1) − p = {_param_text(qs)}"
    )
    if any(plan.output_padding):
        note += f" (+{_param_text(plan.output_padding)} high)"
    if any(q < 0 for q in qs):
        note += " (< 0: crop)"
    return note


class AnimationScene:
    """A figure with the canvas and the output drawn once, and :meth:`update` per frame.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
    plan : AnimationPlan
    canvas, output : GridArtists
        The two grids (see :func:`convmath.figures.grids.draw_grid`).
    kernel : list of Rectangle
        One patch per kernel tap, moved every frame.
    title : matplotlib.text.Text
    """

    def __init__(
        self,
        plan: AnimationPlan,
        *,
        values: bool = False,
        pool: str = "max",
        seed: int = 0,
        cell: float | None = None,
    ) -> None:
        from matplotlib.figure import Figure
        from matplotlib.patches import Rectangle

        from convmath.figures.grids import COLORS, EDGES, draw_grid, legend_handles, tint

        if pool not in POOL_OPS:
            raise ConvmathError(f"pool must be one of {', '.join(POOL_OPS)}; got {pool!r}")
        self.plan = plan
        self.values = values
        rows, cols = plan.canvas_shape
        o_rows, o_cols = plan.output_grid
        gap = 2.0
        width_cells = cols + gap + o_cols
        height_cells = max(rows, o_rows) + 1.1
        cell = cell if cell is not None else min(0.3, 5.6 / width_cells, 3.2 / height_cells)
        lines = title_lines(plan, pool=pool)
        fig_w = max(width_cells * cell + 0.3, 5.4)
        fig_h = height_cells * cell + 0.16 * len(lines) + 0.55
        self.figure = Figure(figsize=(fig_w, fig_h), layout="constrained")
        ax = self.figure.add_subplot()
        self.axes = ax

        if values:
            x, w, y = animation_values(plan, pool=pool, seed=seed)
            flat = x.ravel()
            pad_text = "" if plan.mode == "pool" else "0"
            canvas_text = np.array(
                [[_number(flat[s]) if s >= 0 else pad_text for s in row] for row in plan.source],
                dtype=object,
            )
            # the equivalent convolution of a transposed one uses the flipped kernel
            shown_w = np.flip(w) if plan.mode == "conv-transpose" else w
            # pooling has no weights: no labels on the window
            self._kernel_text = (
                [] if plan.mode == "pool" else [_number(v) for v in np.asarray(shown_w).ravel()]
            )
            out_text = np.array([_number(v) for v in np.asarray(y).ravel()], dtype=object)
            out_text = out_text.reshape(plan.output_grid)
            self.output_values = np.asarray(y)
        else:
            canvas_text = np.full(plan.canvas_shape, None, dtype=object)
            out_text = np.full(plan.output_grid, None, dtype=object)
            self._kernel_text = []
            self.output_values = None
        self.canvas = draw_grid(
            ax,
            canvas_text,
            fmt="{}",
            colors=plan.roles,
            title="padded input" if any(map(any, plan.canvas_padding)) else "input",
        )
        x0 = cols + gap
        y0 = (max(rows, o_rows) - o_rows) / 2
        self.output = draw_grid(
            ax,
            out_text,
            fmt="{}",
            colors="output",
            origin=(x0, y0),
            title="output",
        )
        for rect in self.output.cells:
            rect.set_facecolor("white")
        # texts of the output are revealed as the kernel reaches them
        for text in self.output.texts:
            text.set_visible(False)
        self._done_face = COLORS["output"]
        fontsize = self.canvas.texts[0].get_fontsize() if self.canvas.texts else 7.0
        kh, kw = plan.kernel_grid
        self.kernel = [
            ax.add_patch(
                Rectangle(
                    (0, 0),
                    1 - 2 * _INSET,
                    1 - 2 * _INSET,
                    facecolor=COLORS["kernel"],
                    edgecolor=EDGES["kernel"],
                    linewidth=1.1,
                    zorder=2,
                )
            )
            for _ in range(kh * kw)
        ]
        self.kernel_labels = [
            ax.text(
                0,
                0,
                f"×{value}",
                ha="right",
                va="bottom",
                fontsize=fontsize * 0.8,
                color="#6B3E00",
                zorder=4,
            )
            for value in self._kernel_text
        ]
        self.current = ax.add_patch(
            Rectangle(
                (x0, y0),
                1,
                1,
                facecolor=tint(EDGES["output"], 0.65),
                edgecolor=EDGES["kernel"],
                linewidth=1.6,
                zorder=2,
            )
        )
        roles = ["input"]
        if (plan.roles == "padding").any():
            roles.append("padding")
        if (plan.roles == "zero").any():
            roles.append("zero")
        roles += ["kernel", "output"]
        handles = legend_handles(roles)
        if plan.mode == "pool":
            handles[roles.index("kernel")].set_label("pooling window")
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            ncol=len(roles),
            handlelength=1.2,
            columnspacing=1.2,
            borderaxespad=0.2,
        )
        self.title = ax.set_title("\n".join(lines), fontsize=7, linespacing=1.35, pad=4)
        ax.set_xlim(-0.1, width_cells + 0.1)
        ax.set_ylim(max(rows, o_rows) + 0.1, -1.0)  # room for the grid titles
        self._blit: tuple[Any, ...] | None = None
        self.update(0)

    def update(self, frame: int) -> list[Any]:
        """Show `frame`: the kernel at output position `frame`, or the finished output."""
        plan = self.plan
        if not 0 <= frame < plan.frame_count:
            raise ConvmathError(f"frame must be between 0 and {plan.frame_count - 1}; got {frame}")
        moving = frame < plan.positions
        done = frame if moving else plan.positions
        for j, rect in enumerate(self.output.cells):
            rect.set_facecolor(self._done_face if j < done else "white")
        for j, text in enumerate(self.output.texts):
            text.set_visible(j <= frame)
        for patch in self.kernel:
            patch.set_visible(moving)
        for label in self.kernel_labels:
            label.set_visible(moving)
        self.current.set_visible(moving)
        if moving:
            for patch, label, (r, c) in zip(
                self.kernel, self.kernel_labels or [None] * len(self.kernel), plan.taps(frame)
            ):
                patch.set_xy((c + _INSET, r + _INSET))
                if label is not None:
                    label.set_position((c + 0.95 - _INSET, r + 0.97 - _INSET))
            o_cols = plan.output_grid[1]
            x0, y0 = self.output.origin
            self.current.set_xy((x0 + frame % o_cols, y0 + frame // o_cols))
        return [*self.kernel, *self.kernel_labels, self.current, *self.output.cells]

    def frame_image(self, dpi: float) -> Any:
        """The current frame as a PIL RGB image, drawn by blitting.

        The first call lays the figure out, freezes the layout and renders everything that
        never changes once; every call then restores that background and draws only the
        artists that change (output cells and numbers, kernel, current cell -- and, with
        values, the canvas numbers the kernel covers). The scene is then meant for frames
        only: its changing artists are marked animated, so a plain ``draw`` omits them.
        """
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from PIL import Image

        figure = self.figure
        if self._blit is None or self._blit[0] != dpi:
            figure.set_dpi(dpi)
            canvas = FigureCanvasAgg(figure)
            figure.draw_without_rendering()
            figure.set_layout_engine("none")
            changing = [
                *self.output.cells,
                *self.kernel,
                self.current,
                *self.output.texts,
                *self.kernel_labels,
            ]
            if self.values:  # the kernel covers these: redraw them above it
                changing += self.canvas.texts
            changing.sort(key=lambda artist: artist.get_zorder())
            for artist in changing:
                artist.set_animated(True)
            canvas.draw()
            self._blit = (dpi, canvas, canvas.copy_from_bbox(figure.bbox), changing)
        _, canvas, background, changing = self._blit
        canvas.restore_region(background)
        for artist in changing:
            if artist.get_visible():
                figure.draw_artist(artist)
        rgba = Image.frombuffer(
            "RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1
        )
        return rgba.convert("RGB")

    def to_animation(self, *, fps: float = FPS) -> Any:
        """A ``matplotlib.animation.FuncAnimation`` of the scene (for notebooks)."""
        from matplotlib.animation import FuncAnimation

        return FuncAnimation(
            self.figure, self.update, frames=self.plan.frame_count, interval=1000 / fps
        )


def _number(value: float) -> str:
    value = float(value)
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0")


def draw_animation(
    plan: AnimationPlan, *, values: bool = False, pool: str = "max", seed: int = 0
) -> AnimationScene:
    """Draw the scene of `plan` (inside :func:`convmath.figures.style.house_style`).

    Examples
    --------
    >>> from convmath.figures.style import house_style
    >>> with house_style():
    ...     scene = draw_animation(plan_animation("conv", (4, 4), (3, 3)), values=True)
    >>> # 4 output cells, the first two written after frame 1
    >>> _ = scene.update(1)
    >>> [t.get_visible() for t in scene.output.texts]
    [True, True, False, False]
    """
    return AnimationScene(plan, values=values, pool=pool, seed=seed)


def save_animation(
    plan: AnimationPlan,
    path: str | os.PathLike[str],
    *,
    values: bool = False,
    pool: str = "max",
    seed: int = 0,
    dpi: float = 100,
    fps: float = FPS,
) -> Path:
    """Write the animation of `plan` to a ``.gif`` (Pillow) or ``.mp4`` (needs ffmpeg).

    The file is written under a temporary name and renamed, so a failure never leaves half
    a file; the GIF holds no timestamp, so the same call gives the same bytes.

    Raises
    ------
    ConvmathError
        Another suffix, ``.mp4`` without ffmpeg, or a folder that cannot be written.
    """
    from convmath._io import atomic_path
    from convmath.figures.style import house_style

    target = Path(path)
    fmt = target.suffix.lstrip(".").lower()
    if fmt not in ("gif", "mp4"):
        raise ConvmathError(f"animation file must end in .gif or .mp4; got {str(target)!r}")
    if not 10 <= float(dpi) <= 600:
        raise ConvmathError(f"dpi must be between 10 and 600; got {dpi!r}")
    if not 0.1 <= float(fps) <= 30:
        raise ConvmathError(f"fps must be between 0.1 and 30; got {fps!r}")
    from matplotlib import animation as manim

    if fmt == "mp4" and not manim.writers.is_available("ffmpeg"):
        raise ConvmathError(
            f"writing {str(target)!r} needs ffmpeg, which is not installed; write a .gif instead"
        )
    with house_style():
        scene = AnimationScene(plan, values=values, pool=pool, seed=seed)
        if fmt == "gif":
            writer = _gif_writer(fps, lambda: scene.frame_image(dpi))
        else:  # pragma: no cover - needs ffmpeg
            writer = manim.FFMpegWriter(fps=fps, metadata={"comment": "convmath"})
        with atomic_path(target) as temporary, writer.saving(scene.figure, temporary, dpi):
            for frame in range(plan.frame_count):
                scene.update(frame)
                writer.grab_frame()
    return target


#: Colours of the GIF palette shared by all frames (the colour code, tints and grey text).
GIF_COLORS = 64


def _gif_writer(fps: float, frame_source: Callable[[], Any]) -> Any:
    """A ``PillowWriter`` that takes frames from `frame_source` (PIL images, see
    :meth:`AnimationScene.frame_image`) and quantises them to ONE palette before saving.

    With a palette per frame (Pillow's default) the same colour gets different indices in
    consecutive frames and every frame is stored whole; with a shared palette only the
    changed rectangle is stored, which keeps the GIFs small.
    """
    from matplotlib.animation import PillowWriter
    from PIL import Image

    class SharedPaletteWriter(PillowWriter):
        def setup(self, fig: Any, outfile: Any, dpi: Any = None) -> None:
            super().setup(fig, outfile, dpi=dpi)
            self._rgb: list[Any] = []

        def grab_frame(self, **savefig_kwargs: Any) -> None:
            self._rgb.append(frame_source())

        def finish(self) -> None:
            width, height = self._rgb[0].size
            sheet = Image.new("RGB", (width, height * len(self._rgb)))
            for index, frame in enumerate(self._rgb):
                sheet.paste(frame, (0, index * height))
            palette = _palette(sheet)
            frames = [f.quantize(palette=palette, dither=Image.Dither.NONE) for f in self._rgb]
            frames[0].save(
                self.outfile,
                format="GIF",
                save_all=True,
                append_images=frames[1:],
                duration=int(round(1000 / self.fps)),
                loop=0,
            )

    return SharedPaletteWriter(fps=fps)


def _palette(sheet: Any) -> Any:
    """A palette image: the colour code's exact colours, then median-cut colours of `sheet`."""
    from matplotlib.colors import to_rgb
    from PIL import Image

    from convmath.figures.grids import COLORS, EDGES, tint

    fixed = ["#FFFFFF", "#000000", *COLORS.values(), *EDGES.values(), tint(EDGES["output"], 0.65)]
    exact = list(dict.fromkeys(tuple(round(255 * v) for v in to_rgb(c)) for c in fixed))
    rest = sheet.quantize(
        colors=GIF_COLORS - len(exact), method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    values = rest.getpalette()[: 3 * (GIF_COLORS - len(exact))]
    learned = [tuple(values[i : i + 3]) for i in range(0, len(values), 3)]
    # Pillow maps pixels to a palette through a reduced-precision cache: a learned colour
    # close to an exact one could capture it (white turning 253, 253, 252). Snap those.
    snapped = [
        next((e for e in exact if max(abs(a - b) for a, b in zip(e, rgb)) <= 8), rgb)
        for rgb in learned
    ]
    flat = [v for rgb in [*exact, *snapped] for v in rgb]
    image = Image.new("P", (1, 1))
    image.putpalette(flat + [0] * (768 - len(flat)))
    return image


def animate(
    mode: str,
    input_shape: Sequence[int] | int,
    kernel_shape: Sequence[int] | int,
    path: str | os.PathLike[str],
    *,
    stride: object = None,
    padding: object = 0,
    dilation: object = 1,
    output_padding: object = 0,
    values: bool = False,
    pool: str = "max",
    seed: int = 0,
    dpi: float = 100,
    fps: float = FPS,
) -> Path:
    """Plan and save one animation: :func:`plan_animation`, then :func:`save_animation`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> # 4 positions (2 x 2 = 4 - 3 + 1 per axis) + 2 hold frames
    >>> path = animate("conv", (4, 4), (3, 3), folder / "conv.gif", dpi=40)
    >>> from PIL import Image
    >>> with Image.open(path) as gif:
    ...     gif.info["duration"], gif.info["loop"]
    (800, 0)
    """
    plan = plan_animation(
        mode,
        input_shape,
        kernel_shape,
        stride=stride,
        padding=padding,
        dilation=dilation,
        output_padding=output_padding,
    )
    return save_animation(plan, path, values=values, pool=pool, seed=seed, dpi=dpi, fps=fps)
