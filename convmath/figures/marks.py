"""Marks drawn over grids: outlined cells, outlined blocks, arrows between grids.

Coordinates are those of :func:`convmath.figures.grids.draw_grid`: cell ``(r, c)`` of a grid
drawn at ``origin=(x0, y0)`` is the unit square with top-left corner ``(x0 + c, y0 + r)``.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> fig, (left, right) = plt.subplots(1, 2)
>>> # a 3 x 3 window starting at row 1, column 2
>>> outline_region(left, (1, 2), (3, 3)).get_xy()
(2.0, 1.0)
>>> len(highlight_cells(left, [(0, 0), (1, 1)]))
2
>>> type(grid_arrow(left, (0.5, 0.5), right, (0.5, 0.5))).__name__
'ConnectionPatch'
>>> type(grid_arrow(left, (0, 0), left, (1, 1), text="x")).__name__
'Annotation'
>>> plt.close(fig)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from convmath.figures.colors import EDGES
from convmath.figures.palette import SERIES

__all__ = ["highlight_cells", "outline_region", "grid_arrow"]


def outline_region(
    ax: Any,
    top_left: tuple[int, int],
    shape: tuple[int, int],
    color: str = EDGES["kernel"],
    *,
    origin: tuple[float, float] = (0.0, 0.0),
    linewidth: float = 2.0,
    linestyle: str = "solid",
    fill: str | None = None,
    alpha: float | None = None,
    zorder: float = 4,
) -> Any:
    """One rectangle around the block of `shape` cells whose top-left cell is `top_left`."""
    from matplotlib.patches import Rectangle

    (r, c), (h, w) = top_left, shape
    return ax.add_patch(
        Rectangle(
            (origin[0] + c, origin[1] + r),
            w,
            h,
            facecolor=fill if fill is not None else "none",
            alpha=alpha,
            edgecolor=color,
            linewidth=linewidth,
            linestyle=linestyle,
            zorder=zorder,
        )
    )


def highlight_cells(
    ax: Any,
    cells: Iterable[tuple[int, int]],
    color: str = EDGES["kernel"],
    *,
    origin: tuple[float, float] = (0.0, 0.0),
    linewidth: float = 1.6,
    fill: str | None = None,
    zorder: float = 3,
) -> list[Any]:
    """Outline each of `cells` (row, col) of a grid drawn at `origin`; optionally fill them."""
    return [
        outline_region(
            ax, cell, (1, 1), color, origin=origin, linewidth=linewidth, fill=fill, zorder=zorder
        )
        for cell in cells
    ]


def grid_arrow(
    ax_from: Any,
    xy_from: tuple[float, float],
    ax_to: Any,
    xy_to: tuple[float, float],
    *,
    color: str = SERIES["text"],
    text: str | None = None,
    connectionstyle: str = "arc3,rad=0.0",
    linewidth: float = 0.9,
    shrink: float = 2.0,
) -> Any:
    """An arrow from data point `xy_from` of `ax_from` to `xy_to` of `ax_to` (axes may differ).

    Within one axes it is an annotation (with optional `text` at the tail); across axes a
    ``ConnectionPatch`` added to the figure. Returns the artist.
    """
    arrow_style: dict[str, Any] = {
        "arrowstyle": "-|>",
        "color": color,
        "linewidth": linewidth,
        "shrinkA": shrink,
        "shrinkB": shrink,
        "connectionstyle": connectionstyle,
        "mutation_scale": 8,
    }
    if ax_from is ax_to:
        return ax_from.annotate(
            text or "",
            xy=xy_to,
            xytext=xy_from,
            xycoords="data",
            textcoords="data",
            arrowprops=arrow_style,
            ha="center",
            va="center",
            fontsize=7,
            color=color,
        )
    from matplotlib.patches import ConnectionPatch

    arrow = ConnectionPatch(
        xyA=xy_from, coordsA=ax_from.transData, xyB=xy_to, coordsB=ax_to.transData, **arrow_style
    )
    ax_to.figure.add_artist(arrow)
    return arrow
