"""``transposed-conv``: one-to-many scatter (transposed convolution) beside many-to-one gather.

Top row, d2l's example: each element of a 2 x 2 input times the 2 x 2 kernel is placed at
its own offset of a 3 x 3 output, and the four partial outputs are summed. Each partial
output is :func:`convmath.numeric.conv_transpose` of the input with only that element kept,
the sum is ``conv_transpose`` of the whole input (linearity makes them agree). Bottom row:
convolution, where one output cell gathers a whole window of the input
(:func:`convmath.numeric.conv`).

Examples
--------
>>> # output 3 x 3 = (2 - 1) + 2 per axis
>>> transposed_parts(INPUT, KERNEL)[1].tolist()
[[0.0, 0.0, 1.0], [0.0, 4.0, 6.0], [4.0, 12.0, 9.0]]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from convmath.figures.colors import EDGES
from convmath.figures.grids import draw_grid, signed
from convmath.figures.marks import grid_arrow, highlight_cells, outline_region
from convmath.figures.registry import FigureSpec, Layout
from convmath.figures.style import is_single_column, panel_title

__all__ = ["FIGURE", "draw", "transposed_parts", "INPUT", "KERNEL", "GATHER_INPUT"]

#: d2l's input and kernel ("Transposed Convolution", section 14.10).
INPUT = ((0, 1), (2, 3))
KERNEL = ((0, 1), (2, 3))
#: Input of the many-to-one row.
GATHER_INPUT = ((1, 2, 0), (0, 1, 3), (2, 1, 1))


def transposed_parts(x: Any, w: Any, *, stride: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Partial outputs (one per input element, in C order) and their sum.

    ``parts[n]`` is the transposed convolution of the input with every element but the
    ``n``-th set to zero: the kernel scaled by that element, placed at its offset.

    Examples
    --------
    >>> parts, total = transposed_parts([[1, 2]], [[1, 1]])
    >>> # output 1 x 3 = (2 - 1) + 2 columns
    >>> parts.tolist(), total.tolist()
    ([[[1.0, 1.0, 0.0]], [[0.0, 2.0, 2.0]]], [[1.0, 3.0, 2.0]])
    """
    from convmath.numeric import conv_transpose

    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)[None, None]
    parts = []
    for n in range(x.size):
        alone = np.zeros_like(x)
        alone.flat[n] = x.flat[n]
        parts.append(conv_transpose(alone[None], w, stride=stride)[0])
    return np.array(parts), conv_transpose(x[None], w, stride=stride)[0]


def draw(
    axes: dict[str, Any],
    *,
    x: Any = INPUT,
    kernel: Any = KERNEL,
    gather_input: Any = GATHER_INPUT,
    stride: int = 1,
) -> None:
    """Scatter row (input, kernel, partial outputs, sum) and gather row (window -> one cell).

    At single width the partial outputs go on a line of their own below input and kernel."""
    xs = np.asarray(x, dtype=float)
    w = np.asarray(kernel, dtype=float)
    single = is_single_column(axes["scatter"].figure)
    # at double width both rows start their outputs at the same column
    left = 0.0 if single else xs.shape[1] + w.shape[1] + 2.4
    width = _draw_scatter_row(axes["scatter"], xs, w, stride, left, single)
    _draw_gather_row(axes["gather"], np.asarray(gather_input, dtype=float), w, left, width, single)
    panel_title(axes["scatter"], "a", "transposed convolution scatters")
    panel_title(axes["gather"], "b", "convolution gathers")
    for ax in (axes["scatter"], axes["gather"]):
        ax.set_anchor("W")  # both rows start at the left edge


def _draw_scatter_row(
    ax: Any, xs: np.ndarray, w: np.ndarray, stride: int, left: float, single: bool
) -> float:
    """Input, kernel, one partial output per input element, their sum; returns the width."""
    parts, total = transposed_parts(xs, w, stride=stride)
    oh, ow = total.shape
    draw_grid(ax, xs, fmt=signed, colors="input", title="input", origin=(0, 0.5))
    draw_grid(ax, w, fmt=signed, colors="kernel", title="kernel", origin=(xs.shape[1] + 0.8, 0.5))
    step = ow + 1.2
    top = oh + 1.9 if single else 0.0  # the partial outputs' line
    for n, part in enumerate(parts):
        origin = (left + n * step, top)
        _draw_part(ax, part, divmod(n, xs.shape[1]), xs, w.shape, stride, origin)
        if n < len(parts) - 1 or not single:
            sign = "+" if n < len(parts) - 1 else "="
            ax.text(
                origin[0] + ow + 0.6, top + oh / 2, sign, ha="center", va="center", fontsize=10
            )
    # single width: the sum above the last partial output, right-aligned with it
    result_origin = (
        (left + (len(parts) - 1) * step, 0.0)
        if single
        else (
            left + len(parts) * step,
            0.0,
        )
    )
    title = "output = sum of the copies" if single else "output"
    draw_grid(ax, total, fmt=signed, colors="output", origin=result_origin, title=title)
    width = left + len(parts) * step - 1.2 if single else result_origin[0] + ow
    ax.set_xlim(-0.2, width + 0.2)
    ax.set_ylim(top + oh + 0.9, -0.8)
    return width


def _draw_part(
    ax: Any,
    part: np.ndarray,
    element: tuple[int, int],
    xs: np.ndarray,
    kernel_shape: tuple[int, ...],
    stride: int,
    origin: tuple[float, float],
) -> None:
    """The partial output of one input element: its scaled kernel copy at its offset."""
    (r, c), (kh, kw) = element, kernel_shape
    # the block this element scatters into: the kernel's footprint at its offset
    block = np.zeros(part.shape, dtype=bool)
    block[r * stride : r * stride + kh, c * stride : c * stride + kw] = True
    draw_grid(
        ax,
        np.where(block, part, np.nan),
        fmt=signed,
        colors=np.where(block, "output", "zero"),
        origin=origin,
        title=f"{signed(xs[r, c])} × kernel",
    )
    ax.text(
        origin[0] + part.shape[1] / 2,
        origin[1] + part.shape[0] + 0.12,
        f"from ({r}, {c})" if is_single_column(ax.figure) else f"from input[{r}, {c}]",
        ha="center",
        va="top",
        fontsize=7,
        color=EDGES["input"],
    )


def _draw_gather_row(
    ax: Any, g: np.ndarray, w: np.ndarray, left: float, width: float, single: bool
) -> None:
    """Convolution: the first window of `g` gathered into one output cell, written out."""
    from convmath.numeric import conv

    kh, kw = w.shape
    y = conv(g[None], w[None, None])[0]
    draw_grid(ax, g, fmt=signed, colors="input", title="input")
    outline_region(ax, (0, 0), (kh, kw))
    draw_grid(ax, w, fmt=signed, colors="kernel", title="kernel", origin=(g.shape[1] + 0.8, 0.5))
    y_origin = (g.shape[1] + kw + 2.6 if single else left, 0.5)
    draw_grid(ax, y, fmt=signed, colors="output", origin=y_origin, title="output")
    highlight_cells(ax, [(0, 0)], EDGES["kernel"], origin=y_origin, linewidth=1.8)
    products = " + ".join(
        f"{signed(g[i, j])}·{signed(w[i, j])}" for i in range(kh) for j in range(kw)
    )
    grid_arrow(
        ax,
        (kw + 0.05, 0.35),
        ax,
        (y_origin[0] - 0.1, y_origin[1] + 0.5),
        color=EDGES["kernel"],
        connectionstyle="arc3,rad=-0.4",
    )
    where = (0, g.shape[0] + 0.5) if single else (y_origin[0] + y.shape[1] + 1.0, 1.5)
    ax.text(*where, f"{products} = {signed(y[0, 0])}", ha="left", va="center", fontsize=7)
    ax.set_xlim(-0.2, width + 0.2)
    ax.set_ylim(g.shape[0] + (1.0 if single else 0.2), -1.0)


FIGURE = FigureSpec(
    name="transposed-conv",
    description="Transposed convolution and convolution, d2l's 2×2 example. (a) transposed "
    "convolution, one-to-many: each input element scatters a copy of the kernel scaled by "
    "itself into the output at its offset (from (row, column) of the input), and the copies add up; (b) convolution, many-to-one: a 2×2 window "
    "of the input gathers into one output cell",
    layout=[["scatter"], ["gather"]],
    draw=draw,
    aspect=0.34,
    width="double",
    mosaic_kw={"height_ratios": [1.25, 1]},
    other_width=Layout([["scatter"], ["gather"]], 0.95, {"height_ratios": [1.9, 1]}),
)
