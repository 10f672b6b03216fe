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
from convmath.figures.registry import FigureSpec

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
    """Scatter row (input, kernel, partial outputs, sum) and gather row (window -> one cell)."""
    xs = np.asarray(x, dtype=float)
    w = np.asarray(kernel, dtype=float)
    # both rows start their outputs at the same column
    left = xs.shape[1] + w.shape[1] + 2.4
    width = _draw_scatter_row(axes["scatter"], xs, w, stride, left)
    _draw_gather_row(axes["gather"], np.asarray(gather_input, dtype=float), w, left, width)


def _draw_scatter_row(ax: Any, xs: np.ndarray, w: np.ndarray, stride: int, left: float) -> float:
    """Input, kernel, one partial output per input element, their sum; returns the width."""
    parts, total = transposed_parts(xs, w, stride=stride)
    oh, ow = total.shape
    draw_grid(ax, xs, fmt=signed, colors="input", title="input", origin=(0, 0.5))
    draw_grid(ax, w, fmt=signed, colors="kernel", title="kernel", origin=(xs.shape[1] + 0.8, 0.5))
    step = ow + 1.2
    for n, part in enumerate(parts):
        origin = (left + n * step, 0.0)
        _draw_part(ax, part, divmod(n, xs.shape[1]), xs, w.shape, stride, origin)
        sign = "+" if n < len(parts) - 1 else "="
        ax.text(origin[0] + ow + 0.6, oh / 2, sign, ha="center", va="center", fontsize=10)
    result_origin = (left + len(parts) * step, 0.0)
    draw_grid(ax, total, fmt=signed, colors="output", origin=result_origin, title="output")
    kh, kw = w.shape
    ax.text(
        0,
        oh + 0.95,
        "transposed convolution, one-to-many: each input element scatters a scaled copy of "
        f"the kernel into {kh * kw} output cells, and the copies add up",
        ha="left",
        va="top",
        fontsize=7,
    )
    width = result_origin[0] + ow
    ax.set_xlim(-0.2, width + 0.2)
    ax.set_ylim(oh + 1.75, -0.8)
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
        part.shape[0] + 0.12,
        f"from input[{r}, {c}]",
        ha="center",
        va="top",
        fontsize=7,
        color=EDGES["input"],
    )


def _draw_gather_row(ax: Any, g: np.ndarray, w: np.ndarray, left: float, width: float) -> None:
    """Convolution: the first window of `g` gathered into one output cell, written out."""
    from convmath.numeric import conv

    kh, kw = w.shape
    y = conv(g[None], w[None, None])[0]
    draw_grid(ax, g, fmt=signed, colors="input", title="input")
    outline_region(ax, (0, 0), (kh, kw))
    draw_grid(ax, w, fmt=signed, colors="kernel", title="kernel", origin=(g.shape[1] + 0.8, 0.5))
    y_origin = (left, 0.5)
    draw_grid(ax, y, fmt=signed, colors="output", origin=y_origin, title="output")
    highlight_cells(ax, [(0, 0)], EDGES["kernel"], origin=y_origin, linewidth=1.8)
    products = " + ".join(
        f"{signed(g[i, j])}·{signed(w[i, j])}" for i in range(kh) for j in range(kw)
    )
    grid_arrow(
        ax,
        (kw, kh / 2),
        ax,
        (y_origin[0] - 0.1, y_origin[1] + 0.5),
        color=EDGES["kernel"],
        connectionstyle="arc3,rad=-0.4",
    )
    ax.text(
        y_origin[0] + y.shape[1] + 1.0,
        0.5,
        f"convolution, many-to-one: a {kh}×{kw} window of the input\n"
        f"gathers into one output cell\n{products} = {signed(y[0, 0])}",
        ha="left",
        va="top",
        fontsize=7,
        linespacing=1.5,
    )
    ax.set_xlim(-0.2, width + 0.2)
    ax.set_ylim(g.shape[0] + 0.2, -1.0)


FIGURE = FigureSpec(
    name="transposed-conv",
    description="Transposed convolution scatters (one-to-many, d2l's 2×2 example); "
    "convolution gathers (many-to-one)",
    layout=[["scatter"], ["gather"]],
    draw=draw,
    aspect=0.34,
    width="double",
    mosaic_kw={"height_ratios": [1.25, 1]},
)
