"""``image-conv``: a 3 x 3 kernel over a small grid of numbers, one output computed in full.

The kernel covers nine input cells; the products of covered cells and kernel entries are
summed and the sum is written where the window's centre falls in the output. The whole
output grid comes from :func:`convmath.numeric.conv` (cross-correlation, no flip, as in CNNs).

Examples
--------
>>> FIGURE.name, FIGURE.defaults["position"]
('image-conv', (2, 2))
"""

from __future__ import annotations

from typing import Any

import numpy as np

from convmath.errors import ConvmathError
from convmath.figures.colors import COLORS, EDGES, tint
from convmath.figures.grids import draw_grid, signed
from convmath.figures.marks import grid_arrow, highlight_cells, outline_region
from convmath.figures.palette import HIGHLIGHT, SERIES
from convmath.figures.registry import FigureSpec, Layout
from convmath.figures.style import is_single_column, panel_title

__all__ = ["FIGURE", "draw", "convolve_grid", "multiply_add"]

#: A 5 x 5 grid of small integers (the "image").
IMAGE = (
    (3, 0, 1, 2, 7),
    (1, 5, 8, 9, 3),
    (2, 7, 2, 5, 1),
    (0, 1, 3, 1, 7),
    (4, 2, 1, 6, 2),
)
#: A 3 x 3 kernel (vertical-edge detector, Prewitt).
KERNEL = ((1, 0, -1), (1, 0, -1), (1, 0, -1))


def convolve_grid(image: Any, kernel: Any) -> np.ndarray:
    """Single-channel cross-correlation without padding, by :func:`convmath.numeric.conv`.

    Examples
    --------
    >>> # output 3 x 3 = (5 - 3 + 1) x (5 - 3 + 1)
    >>> convolve_grid(IMAGE, KERNEL).shape
    (3, 3)
    """
    from convmath.numeric import conv

    x = np.asarray(image, dtype=float)[None]  # (C_in=1, H, W)
    w = np.asarray(kernel, dtype=float)[None, None]  # (C_out=1, C_in=1, kh, kw)
    return conv(x, w)[0]


def multiply_add(image: Any, kernel: Any, position: tuple[int, int]) -> list[str]:
    """The products written out, one line per kernel row, e.g. ``5·1 + 8·0 + 9·(−1)``.

    Examples
    --------
    >>> multiply_add([[1, 2], [3, 4]], [[1, 0], [0, -1]], (0, 0))
    ['1·1 + 2·0', '+ 3·0 + 4·(−1)']
    """
    x, w = np.asarray(image), np.asarray(kernel)
    r, c = position
    kh, kw = w.shape
    lines = []
    for i in range(kh):
        terms = " + ".join(f"{signed(x[r + i, c + j])}·{_factor(w[i, j])}" for j in range(kw))
        lines.append(terms if i == 0 else f"+ {terms}")
    return lines


def _factor(value: Any) -> str:
    """A kernel entry as a factor: negative ones in parentheses."""
    return f"({signed(value)})" if value < 0 else signed(value)


def draw(
    axes: dict[str, Any],
    *,
    image: Any = IMAGE,
    kernel: Any = KERNEL,
    position: tuple[int, int] = (2, 2),
) -> None:
    """Input with the covered cells outlined, the kernel, the multiply-add and the output."""
    x = np.asarray(image, dtype=float)
    w = np.asarray(kernel, dtype=float)
    y = convolve_grid(x, w)
    r, c = position
    if not (0 <= r < y.shape[0] and 0 <= c < y.shape[1]):
        raise ConvmathError(
            f"position must be an output cell (row < {y.shape[0]}, column < {y.shape[1]}); "
            f"got {position!r}",
            argument="position",
        )
    kh, kw = w.shape
    # the output sits where the window centres are: offset by half the kernel
    offset = (kw // 2, kh // 2)
    _draw_input(axes["input"], x, position, w.shape)
    _draw_kernel(axes["kernel"], w, x.shape)
    _draw_output(axes["output"], x.shape, y, position, offset)
    single = is_single_column(axes["sum"].figure)
    _write_sum(axes["sum"], multiply_add(x, w, position), float(y[r, c]), 0.36 if single else 0.75)
    _arrows(axes, position, w.shape, offset)


def _arrows(
    axes: dict[str, Any],
    position: tuple[int, int],
    kernel_shape: tuple[int, ...],
    offset: tuple[int, int],
) -> None:
    """Window -> the sum -> the output cell (entering it from below, where the frame is empty).

    At double width the sum sits right of the window, at single width below it."""
    (r, c), (kh, kw) = position, kernel_shape
    if is_single_column(axes["sum"].figure):
        start, end, tail = (c + kw / 2, r + kh + 0.15), (0.7, 0.42), (0.97, 0.1)
    else:
        start, end, tail = (c + kw + 0.15, r + kh // 2 + 0.5), (0.1, 0.65), (0.86, 0.3)
    grid_arrow(axes["input"], start, axes["sum"], end, color=EDGES["kernel"], linewidth=1.1)
    grid_arrow(
        axes["sum"],
        tail,
        axes["output"],
        (offset[0] + c + 0.5, offset[1] + r + 1.05),
        color=EDGES["output"],
        linewidth=1.1,
        connectionstyle="angle3,angleA=0,angleB=90",
    )


def _draw_input(
    ax: Any, x: np.ndarray, position: tuple[int, int], kernel_shape: tuple[int, ...]
) -> None:
    """The input grid: the window's cells tinted and outlined, its centre marked."""
    (r, c), (kh, kw) = position, kernel_shape
    draw_grid(ax, x)
    panel_title(ax, "a", f"input {x.shape[0]}×{x.shape[1]}")
    covered = [(r + i, c + j) for i in range(kh) for j in range(kw)]
    highlight_cells(
        ax, covered, EDGES["kernel"], fill=tint(COLORS["kernel"], 0.5), linewidth=0.6, zorder=1.5
    )
    outline_region(ax, (r, c), (kh, kw), linewidth=2.0)
    highlight_cells(ax, [(r + kh // 2, c + kw // 2)], HIGHLIGHT, linewidth=1.6, zorder=5)
    _frame_limits(ax, x.shape)


def _draw_kernel(ax: Any, w: np.ndarray, frame_shape: tuple[int, ...]) -> None:
    """The kernel at the top of a frame as wide as the input's, so the cells match in size."""
    kh, kw = w.shape
    draw_grid(ax, w, colors="kernel", fmt=signed)
    panel_title(ax, "b", f"kernel {kh}×{kw}")
    ax.set_anchor("N")  # level with the input's top
    margin = max(frame_shape[1] - kw, 0) / 2 + 0.2
    ax.set_xlim(-margin, kw + margin)
    ax.set_ylim(kh + 0.35, -0.2)


def _draw_output(
    ax: Any,
    frame_shape: tuple[int, ...],
    y: np.ndarray,
    position: tuple[int, int],
    offset: tuple[int, int],
) -> None:
    """The output inside a dotted frame the size of the input, the computed cell in bold."""
    draw_grid(ax, np.full(frame_shape, np.nan), colors="white", fmt=None, linewidth=0.4)
    for cell in ax.patches:
        cell.set_linestyle("dotted")
        cell.set_edgecolor(SERIES["muted"])
    out = draw_grid(ax, y, colors="output", fmt=signed, origin=offset)
    panel_title(ax, "d", f"output {y.shape[0]}×{y.shape[1]}")
    r, c = position
    highlight_cells(ax, [(r, c)], HIGHLIGHT, origin=offset, linewidth=2.0, zorder=5)
    out.texts[r * y.shape[1] + c].set_fontweight("bold")
    _frame_limits(ax, frame_shape)


def _frame_limits(ax: Any, shape: tuple[int, ...]) -> None:
    ax.set_xlim(-0.2, shape[1] + 0.2)
    ax.set_ylim(shape[0] + 0.2, -0.2)


def _write_sum(ax: Any, lines: list[str], value: float, top: float) -> None:
    """The multiply-add written out, ending in its value."""
    ax.set_axis_off()
    panel_title(ax, "c", "multiply-add")
    ax.text(
        0.5,
        top,
        "\n".join(lines[:-1] + [f"{lines[-1]} = {signed(value)}"]),
        ha="center",
        va="top",
        fontsize=7,
        linespacing=1.5,
        transform=ax.transAxes,
    )


FIGURE = FigureSpec(
    name="image-conv",
    description="A 3×3 kernel over a 5×5 grid. (a) the input, the cells under the window "
    "tinted and its centre outlined; (b) the kernel; (c) each covered cell times the kernel "
    "entry over it, summed; (d) the 3×3 output, drawn at the window centres inside the input's "
    "frame, the computed cell outlined",
    layout=[["input", "kernel", "output"], ["input", "sum", "output"]],
    draw=draw,
    aspect=0.36,
    width="double",
    mosaic_kw={"width_ratios": [1, 1.1, 1], "height_ratios": [1, 1]},
    other_width=Layout([["input", "kernel"], ["sum", "output"]], 1.0),
)
