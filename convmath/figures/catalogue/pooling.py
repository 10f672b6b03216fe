"""``pooling``: max and average pooling of a 4 x 4 grid with 2 x 2 windows, stride 2.

The outputs are computed by :func:`convmath.numeric.max_pool` and
:func:`convmath.numeric.avg_pool`; the winner of each max window comes from the pooling's own
``return_indices``.

Examples
--------
>>> FIGURE.name, FIGURE.width
('pooling', 'single')
"""

from __future__ import annotations

from typing import Any

import numpy as np

from convmath.figures.colors import EDGES
from convmath.figures.grids import draw_grid
from convmath.figures.marks import grid_arrow, highlight_cells, outline_region
from convmath.figures.palette import HIGHLIGHT
from convmath.figures.registry import FigureSpec, Layout
from convmath.figures.style import is_single_column

__all__ = ["FIGURE", "draw", "pool"]

#: cs231n's max-pooling example grid.
GRID = ((1, 1, 2, 4), (5, 6, 7, 8), (3, 2, 1, 0), (1, 2, 3, 4))


def pool(grid: Any, size: int, stride: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Max-pooled grid, average-pooled grid and the flat input index of each max winner.

    Examples
    --------
    >>> high, mean, winners = pool(GRID, 2, 2)
    >>> # output 2 x 2 = ((4 - 2) // 2 + 1) squared
    >>> high.tolist(), mean.tolist(), winners.tolist()
    ([[6.0, 8.0], [3.0, 4.0]], [[3.25, 5.25], [2.0, 2.0]], [[5, 7], [8, 15]])
    """
    from convmath.numeric import avg_pool, max_pool

    x = np.asarray(grid, dtype=float)[None]  # one channel
    high, winners = max_pool(x, (size, size), stride=stride, return_indices=True)
    mean = avg_pool(x, (size, size), stride=stride)
    return high[0], mean[0], winners[0]


def _window_text(values: np.ndarray, size: int, how: str, result: float) -> str:
    """The first window's computation written out, e.g. ``max(1, 1, 5, 6) = 6``."""
    entries = [f"{v:g}" for v in values[:size, :size].ravel()]
    if how == "max":
        return f"max({', '.join(entries)}) = {result:g}"
    return f"({' + '.join(entries)}) / {size * size} = {result:g}"


def draw(axes: dict[str, Any], *, grid: Any = GRID, size: int = 2, stride: int = 2) -> None:
    """Input with its windows outlined, then the max- and average-pooled outputs."""
    values = np.asarray(grid, dtype=float)
    high, mean, winners = pool(values, size, stride)
    _draw_input(axes["input"], values, high.shape, size, stride, winners)
    height, width = values.shape
    rows, cols = high.shape
    in_a_row = not is_single_column(axes["input"].figure)
    for key, result, how, title in (
        ("max", high, "max", "(b) max pooling"),
        ("avg", mean, "mean", "(c) average pooling"),
    ):
        ax = axes[key]
        draw_grid(ax, result, colors="output", title=title)
        ax.text(
            cols / 2,
            rows + 0.25,
            _window_text(values, size, how, float(result[0, 0])),
            ha="center",
            va="top",
            fontsize=7,
        )
        if in_a_row:  # the same scale and centre line as the input
            ax.set_xlim(cols / 2 - 2.4, cols / 2 + 2.4)
            ax.set_ylim(rows / 2 + height / 2 + 0.3, rows / 2 - height / 2 - 0.8)
        else:
            ax.set_xlim(cols / 2 - 2.3, cols / 2 + 2.3)
            ax.set_ylim(rows + 0.9, -0.75)
    _arrows(axes, values.shape, high.shape, in_a_row)


def _arrows(
    axes: dict[str, Any], shape: tuple[int, ...], out_shape: tuple[int, ...], in_a_row: bool
) -> None:
    """Input -> each output; in a row, the arrow to the farther output bends below the nearer."""
    (height, width), rows = shape, out_shape[0]
    for key, start, bend in (
        ("max", (width + 0.15, height / 2 - 0.3 * in_a_row), 0.0),
        ("avg", (width + 0.15, height / 2 + 0.3 * in_a_row), 0.3 * in_a_row),
    ):
        grid_arrow(
            axes["input"],
            start,
            axes[key],
            (-0.15, rows / 2),
            color=EDGES["kernel"],
            connectionstyle=f"arc3,rad={bend}",
        )


def _draw_input(
    ax: Any,
    values: np.ndarray,
    out_shape: tuple[int, ...],
    size: int,
    stride: int,
    winners: np.ndarray,
) -> None:
    """The input grid, every window outlined and each window's maximum marked."""
    height, width = values.shape
    draw_grid(ax, values, title=f"(a) input {height}×{width}")
    for r in range(out_shape[0]):
        for c in range(out_shape[1]):
            outline_region(ax, (r * stride, c * stride), (size, size), linewidth=1.6)
    winner_cells = [divmod(int(i), width) for i in winners.ravel()]
    highlight_cells(ax, winner_cells, HIGHLIGHT, linewidth=1.3, zorder=5)
    from matplotlib.patches import Patch

    handles = [
        Patch(
            facecolor="none",
            edgecolor=EDGES["kernel"],
            lw=1.6,
            label=f"{size}×{size} window, stride {stride}",
        ),
        Patch(facecolor="none", edgecolor=HIGHLIGHT, lw=1.3, label="window maximum"),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), fontsize=7)
    ax.set_xlim(-0.1, width + 0.1)
    # in one column the legend's room is below the grid; in a row it hangs below the axes
    ax.set_ylim(height + (1.6 if is_single_column(ax.figure) else 0.3), -0.8)


FIGURE = FigureSpec(
    name="pooling",
    description="Max and average pooling of a 4×4 grid. (a) the input with its 2×2 windows "
    "(stride 2) outlined and each window's maximum marked; (b) max pooling and (c) average "
    "pooling, each with the first window's computation written out",
    layout=[["input", "max"], ["input", "avg"]],
    draw=draw,
    aspect=0.72,
    width="single",
    mosaic_kw={"width_ratios": [1.1, 1]},
    other_width=Layout([["input", "max", "avg"]], 0.3, {"width_ratios": [1.1, 1, 1]}),
)
