"""Grids of numbers drawn as annotated cells, in the colour code of :mod:`.colors`.

Coordinates: a grid drawn with ``origin=(x0, y0)`` puts cell ``(r, c)`` in the unit square
``[x0 + c, x0 + c + 1] x [y0 + r, y0 + r + 1]``; the y-axis is inverted so row 0 is on top.
Several grids can share one axes by giving them different origins. Marks drawn over grids
(outlines, arrows) live in :mod:`convmath.figures.marks`; the colour code in
:mod:`convmath.figures.colors` (both re-exported here).

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> # a 2 x 3 grid: 6 cells, 6 numbers
>>> g = draw_grid(ax, [[1, 2, 3], [4, 5, 6]], colors="output")
>>> len(g.cells), [t.get_text() for t in g.texts]
(6, ['1', '2', '3', '4', '5', '6'])
>>> g.center(1, 2)
(2.5, 1.5)
>>> plt.close(fig)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from convmath.errors import ConvmathError
from convmath.figures.colors import (
    COLORS,
    EDGES,
    LINESTYLES,
    PLAIN_EDGE,
    ROLE_LABELS,
    legend_handles,
    role_style,
    text_color,
    tint,
)
from convmath.figures.marks import grid_arrow, highlight_cells, outline_region
from convmath.figures.palette import SERIES

__all__ = [
    "COLORS",
    "EDGES",
    "LINESTYLES",
    "ROLE_LABELS",
    "GridArtists",
    "tint",
    "text_color",
    "draw_grid",
    "highlight_cells",
    "outline_region",
    "grid_arrow",
    "legend_handles",
    "finish_grid_axes",
    "signed",
]

#: ``(face, edge, linestyle)`` of one cell.
CellStyle = tuple[Any, str, str]


@dataclass
class GridArtists:
    """What :func:`draw_grid` drew: cell rectangles and texts (row-major), and where."""

    origin: tuple[float, float]
    shape: tuple[int, int]
    cells: list[Any] = field(default_factory=list)
    texts: list[Any] = field(default_factory=list)
    title: Any = None

    def center(self, row: int, col: int) -> tuple[float, float]:
        """Data coordinates of the centre of cell ``(row, col)``."""
        return (self.origin[0] + col + 0.5, self.origin[1] + row + 0.5)


def signed(value: Any) -> str:
    """``f"{value:g}"`` with the typographic minus sign ``−`` (U+2212).

    Examples
    --------
    >>> signed(-1.5), signed(2.0)
    ('−1.5', '2')
    """
    return f"{value:g}".replace("-", "−")


def draw_grid(
    ax: Any,
    values: Any,
    *,
    fmt: str | Callable[[Any], str] | None = "{:g}",
    cmap: Any = None,
    highlight: Iterable[tuple[int, int]] | None = None,
    colors: Any = None,
    title: str | None = None,
    origin: tuple[float, float] = (0.0, 0.0),
    vmin: float | None = None,
    vmax: float | None = None,
    fontsize: float | None = None,
    linewidth: float = 0.6,
) -> GridArtists:
    """Draw `values` as a grid of unit cells with each number written in its cell.

    Parameters
    ----------
    ax : matplotlib Axes
        Where to draw; it is made equal-aspect, axis-free and y-inverted.
    values : array_like, 1-D or 2-D
        Numbers (or anything `fmt` can format; SymPy expressions with ``fmt="{}"``).
        ``None``/NaN cells get no text.
    fmt : str, callable or None
        Format string (``"{:g}"``), a function value -> str, or None for no numbers.
    cmap : colormap or name, optional
        Colour cells by value (ignores `colors`); text colour follows the cell.
    highlight : iterable of (row, col), optional
        Cells outlined in the kernel accent colour (:func:`~.marks.highlight_cells`).
    colors : str or 2-D array of str, optional
        A role of :data:`COLORS` (``"input"``, ``"padding"``, ``"kernel"``, ``"output"``,
        ``"zero"``) or a matplotlib colour, for all cells or per cell. Default ``"input"``.
    title : str, optional
        Written centred above the grid (not as the axes title, so grids can share an axes).
    origin : (x, y)
        Data coordinates of the grid's top-left corner.

    Returns
    -------
    GridArtists
        The rectangles and texts, row-major, and the grid's position.
    """
    matrix = _as_matrix(values)
    rows, cols = matrix.shape
    fontsize = fontsize if fontsize is not None else _auto_fontsize(rows, cols)
    if cmap is not None:
        styles = _colormap_styles(matrix, cmap, vmin, vmax)
    else:
        styles = _role_styles("input" if colors is None else colors, matrix.shape)
    artists = GridArtists(origin=(float(origin[0]), float(origin[1])), shape=(rows, cols))
    _draw_cells(ax, artists, matrix, styles, _formatter(fmt), fontsize, linewidth)
    if title is not None:
        x0, y0 = artists.origin
        artists.title = ax.text(
            x0 + cols / 2, y0 - 0.25, title, ha="center", va="bottom", fontsize=fontsize
        )
    if highlight is not None:
        highlight_cells(ax, highlight, origin=artists.origin)
    finish_grid_axes(ax)
    return artists


def _as_matrix(values: Any) -> np.ndarray:
    array = np.asarray(values, dtype=object)
    if array.ndim == 1:
        array = array.reshape(1, -1)
    if array.ndim != 2 or array.size == 0:
        raise ConvmathError(
            f"values must be a non-empty 1-D or 2-D array; got shape {np.shape(values)}",
            argument="values",
        )
    return array


def _blank(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(np.isnan(float(value)))
    except (TypeError, ValueError):
        return False


def _formatter(fmt: str | Callable[[Any], str] | None) -> Callable[[Any], str] | None:
    if fmt is None or callable(fmt):
        return fmt
    return fmt.format


def _auto_fontsize(rows: int, cols: int) -> float:
    largest = max(rows, cols)
    return 7.0 if largest <= 6 else 6.0 if largest <= 9 else 5.0


def _colormap_styles(
    matrix: np.ndarray, cmap: Any, vmin: float | None, vmax: float | None
) -> list[list[CellStyle]]:
    """Each cell's colour from its value through `cmap` (blank cells white)."""
    import matplotlib as mpl
    from matplotlib.colors import Normalize

    colormap = mpl.colormaps[cmap] if isinstance(cmap, str) else cmap
    numbers = np.array([[np.nan if _blank(v) else float(v) for v in row] for row in matrix])
    finite = numbers[np.isfinite(numbers)]
    lo = vmin if vmin is not None else (finite.min() if finite.size else 0.0)
    hi = vmax if vmax is not None else (finite.max() if finite.size else 1.0)
    norm = Normalize(lo, hi if hi > lo else lo + 1)
    return [
        [
            (SERIES["background"] if np.isnan(v) else colormap(norm(v)), PLAIN_EDGE, "solid")
            for v in row
        ]
        for row in numbers
    ]


def _role_styles(spec: Any, shape: tuple[int, int]) -> list[list[CellStyle]]:
    """One role or colour for every cell, or an array of them, one per cell."""
    rows, cols = shape
    if isinstance(spec, str):
        one = role_style(spec)
        return [[one] * cols for _ in range(rows)]
    per_cell = np.asarray(spec, dtype=object)
    if per_cell.shape != shape:
        raise ConvmathError(
            f"colors must be one role/colour or an array of shape {shape}; "
            f"got shape {per_cell.shape}",
            argument="colors",
        )
    return [[role_style(per_cell[r, c]) for c in range(cols)] for r in range(rows)]


def _draw_cells(
    ax: Any,
    artists: GridArtists,
    matrix: np.ndarray,
    styles: list[list[CellStyle]],
    fmt_value: Callable[[Any], str] | None,
    fontsize: float,
    linewidth: float,
) -> None:
    """Add each cell's rectangle, then its text, row by row, to `artists`."""
    from matplotlib.patches import Rectangle

    x0, y0 = artists.origin
    for (r, c), value in np.ndenumerate(matrix):
        face, edge, style = styles[r][c]
        # solid edges (input, kernel, output) over dashed/dotted neighbours
        zorder = 1.0 if style != "solid" else 1.1
        rectangle = Rectangle(
            (x0 + c, y0 + r),
            1,
            1,
            facecolor=face,
            edgecolor=edge,
            linestyle=style,
            linewidth=linewidth,
            zorder=zorder,
        )
        artists.cells.append(ax.add_patch(rectangle))
        if fmt_value is not None and not _blank(value):
            text = ax.text(
                x0 + c + 0.5,
                y0 + r + 0.5,
                fmt_value(value),
                ha="center",
                va="center_baseline",
                fontsize=fontsize,
                color=text_color(face),
                zorder=3,
            )
            artists.texts.append(text)


def finish_grid_axes(ax: Any) -> None:
    """Equal aspect, no axis lines, rescaled to everything drawn, row 0 on top.

    Idempotent: calling it after every grid keeps row 0 on top.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> finish_grid_axes(ax); finish_grid_axes(ax)
    >>> bool(ax.yaxis_inverted())
    True
    >>> plt.close(fig)
    """
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.autoscale_view()
    if not ax.yaxis_inverted():
        ax.invert_yaxis()
