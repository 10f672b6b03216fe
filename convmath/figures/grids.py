"""Grids of numbers drawn as annotated cells, in one colour code shared by every figure.

The colour code (one meaning per colour, everywhere, so input and output are never confused):

========= ============================================ ==========================
role      cell face                                    edge
========= ============================================ ==========================
input     tint of ``PALETTE["blue"]``                  blue, solid
padding   light grey                                   grey, dashed
kernel    tint of ``PALETTE["orange"]``                orange, solid
output    tint of ``PALETTE["green"]``                 green, solid
zero      white (inserted zeros: transposed/dilated)   grey, dotted
========= ============================================ ==========================

Coordinates: a grid drawn with ``origin=(x0, y0)`` puts cell ``(r, c)`` in the unit square
``[x0 + c, x0 + c + 1] x [y0 + r, y0 + r + 1]``; the y-axis is inverted so row 0 is on top.
Several grids can share one axes by giving them different origins.

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

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from convmath.errors import ConvmathError
from convmath.figures.style import PALETTE

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
]


def tint(color: str, amount: float) -> str:
    """Mix `color` with white: ``amount=1`` is the colour itself, ``0`` is white.

    Examples
    --------
    >>> tint("#000000", 0.5)
    '#808080'
    """
    from matplotlib.colors import to_hex, to_rgb

    if not 0 <= amount <= 1:
        raise ConvmathError(f"amount must be between 0 and 1; got {amount!r}")
    rgb = np.asarray(to_rgb(color))
    return to_hex(1 - amount * (1 - rgb))


#: Cell face colour of each role.
COLORS: dict[str, str] = {
    "input": tint(PALETTE["blue"], 0.28),
    "padding": "#E4E4E4",
    "kernel": tint(PALETTE["orange"], 0.45),
    "output": tint(PALETTE["green"], 0.30),
    "zero": "#FFFFFF",
}
#: Edge (and accent: outlines, arrows) colour of each role.
EDGES: dict[str, str] = {
    "input": PALETTE["blue"],
    "padding": PALETTE["grey"],
    "kernel": PALETTE["orange"],
    "output": PALETTE["green"],
    "zero": PALETTE["grey"],
}
#: Edge line style of each role.
LINESTYLES: dict[str, str] = {
    "input": "solid",
    "padding": "dashed",
    "kernel": "solid",
    "output": "solid",
    "zero": "dotted",
}
#: Legend label of each role.
ROLE_LABELS: dict[str, str] = {
    "input": "input",
    "padding": "padding",
    "kernel": "kernel",
    "output": "output",
    "zero": "inserted zero",
}


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

    def extent(self) -> tuple[float, float, float, float]:
        """``(left, right, top, bottom)`` of the grid in data coordinates."""
        x0, y0 = self.origin
        return (x0, x0 + self.shape[1], y0, y0 + self.shape[0])


def text_color(face: Any) -> str:
    """Black or white, whichever reads better on `face` (by relative luminance).

    Examples
    --------
    >>> text_color("#FFFFFF"), text_color("#000000")
    ('black', 'white')
    """
    from matplotlib.colors import to_rgb

    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(face))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "black" if luminance > 0.22 else "white"


def _as_matrix(values: Any) -> np.ndarray:
    array = np.asarray(values, dtype=object)
    if array.ndim == 1:
        array = array.reshape(1, -1)
    if array.ndim != 2 or array.size == 0:
        raise ConvmathError(
            f"values must be a non-empty 1-D or 2-D array; got shape {np.shape(values)}"
        )
    return array


def _role_or_color(spec: Any) -> tuple[str, str, str]:
    """(face, edge, linestyle) for a role name or a plain matplotlib colour."""
    if isinstance(spec, str) and spec in COLORS:
        return COLORS[spec], EDGES[spec], LINESTYLES[spec]
    from matplotlib.colors import is_color_like

    if not is_color_like(spec):
        raise ConvmathError(
            f"colors must be a role ({', '.join(COLORS)}) or a matplotlib colour; got {spec!r}"
        )
    return spec, "#555555", "solid"


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
        Cells outlined in the kernel accent colour.
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
    from matplotlib.colors import Normalize
    from matplotlib.patches import Rectangle

    matrix = _as_matrix(values)
    rows, cols = matrix.shape
    x0, y0 = float(origin[0]), float(origin[1])
    fontsize = fontsize if fontsize is not None else _auto_fontsize(rows, cols)
    fmt_value = _formatter(fmt)

    if cmap is not None:
        import matplotlib as mpl

        colormap = mpl.colormaps[cmap] if isinstance(cmap, str) else cmap
        numbers = np.array([[np.nan if _blank(v) else float(v) for v in row] for row in matrix])
        finite = numbers[np.isfinite(numbers)]
        lo = vmin if vmin is not None else (finite.min() if finite.size else 0.0)
        hi = vmax if vmax is not None else (finite.max() if finite.size else 1.0)
        norm = Normalize(lo, hi if hi > lo else lo + 1)
        styles = [
            [
                (
                    "#FFFFFF" if np.isnan(numbers[r, c]) else colormap(norm(numbers[r, c])),
                    "#555555",
                    "solid",
                )
                for c in range(cols)
            ]
            for r in range(rows)
        ]
    else:
        spec = "input" if colors is None else colors
        if isinstance(spec, str):
            one = _role_or_color(spec)
            styles = [[one] * cols for _ in range(rows)]
        else:
            per_cell = np.asarray(spec, dtype=object)
            if per_cell.shape != (rows, cols):
                raise ConvmathError(
                    f"colors must be one role/colour or an array of shape {(rows, cols)}; "
                    f"got shape {per_cell.shape}"
                )
            styles = [[_role_or_color(per_cell[r, c]) for c in range(cols)] for r in range(rows)]

    artists = GridArtists(origin=(x0, y0), shape=(rows, cols))
    for r in range(rows):
        for c in range(cols):
            face, edge, style = styles[r][c]
            artists.cells.append(
                ax.add_patch(
                    Rectangle(
                        (x0 + c, y0 + r),
                        1,
                        1,
                        facecolor=face,
                        edgecolor=edge,
                        linestyle=style,
                        linewidth=linewidth,
                        # solid edges (input, kernel, output) over dashed/dotted neighbours
                        zorder=1.0 if style != "solid" else 1.1,
                    )
                )
            )
            value = matrix[r, c]
            if fmt_value is not None and not _blank(value):
                artists.texts.append(
                    ax.text(
                        x0 + c + 0.5,
                        y0 + r + 0.5,
                        fmt_value(value),
                        ha="center",
                        va="center_baseline",
                        fontsize=fontsize,
                        color=text_color(face),
                        zorder=3,
                    )
                )
    if title is not None:
        artists.title = ax.text(
            x0 + cols / 2, y0 - 0.25, title, ha="center", va="bottom", fontsize=fontsize
        )
    finish_grid_axes(ax)
    return artists


def _auto_fontsize(rows: int, cols: int) -> float:
    largest = max(rows, cols)
    return 7.0 if largest <= 6 else 6.0 if largest <= 9 else 5.0


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
    """Outline each of `cells` (row, col) of a grid drawn at `origin`; optionally fill them.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> len(highlight_cells(ax, [(0, 0), (1, 1)]))
    2
    >>> plt.close(fig)
    """
    from matplotlib.patches import Rectangle

    x0, y0 = origin
    patches = []
    for r, c in cells:
        patches.append(
            ax.add_patch(
                Rectangle(
                    (x0 + c, y0 + r),
                    1,
                    1,
                    facecolor=fill if fill is not None else "none",
                    alpha=None,
                    edgecolor=color,
                    linewidth=linewidth,
                    zorder=zorder,
                )
            )
        )
    return patches


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
    """One rectangle around the block of `shape` cells whose top-left cell is `top_left`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> # a 3 x 3 window starting at row 1, column 2
    >>> outline_region(ax, (1, 2), (3, 3)).get_xy()
    (2.0, 1.0)
    >>> plt.close(fig)
    """
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


def grid_arrow(
    ax_from: Any,
    xy_from: tuple[float, float],
    ax_to: Any,
    xy_to: tuple[float, float],
    *,
    color: str = PALETTE["black"],
    text: str | None = None,
    connectionstyle: str = "arc3,rad=0.0",
    linewidth: float = 0.9,
    shrink: float = 2.0,
) -> Any:
    """An arrow from data point `xy_from` of `ax_from` to `xy_to` of `ax_to` (axes may differ).

    Within one axes it is an annotation (with optional `text` at the tail); across axes a
    ``ConnectionPatch`` added to the figure. Returns the artist.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, (left, right) = plt.subplots(1, 2)
    >>> type(grid_arrow(left, (0.5, 0.5), right, (0.5, 0.5))).__name__
    'ConnectionPatch'
    >>> type(grid_arrow(left, (0, 0), left, (1, 1), text="x")).__name__
    'Annotation'
    >>> plt.close(fig)
    """
    props = {
        "arrowstyle": "-|>",
        "color": color,
        "lw": linewidth,
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
            arrowprops=props,
            ha="center",
            va="center",
            fontsize=7,
            color=color,
        )
    from matplotlib.patches import ConnectionPatch

    arrow = ConnectionPatch(
        xyA=xy_from,
        coordsA=ax_from.transData,
        xyB=xy_to,
        coordsB=ax_to.transData,
        arrowstyle=props["arrowstyle"],
        color=color,
        linewidth=linewidth,
        shrinkA=shrink,
        shrinkB=shrink,
        connectionstyle=connectionstyle,
        mutation_scale=8,
    )
    ax_to.figure.add_artist(arrow)
    return arrow


def legend_handles(roles: Sequence[str] | None = None) -> list[Any]:
    """Legend patches for `roles` (default: all five), drawn as the cells are.

    Examples
    --------
    >>> [h.get_label() for h in legend_handles(["input", "output"])]
    ['input', 'output']
    """
    from matplotlib.patches import Patch

    chosen = list(COLORS) if roles is None else list(roles)
    for role in chosen:
        if role not in COLORS:
            raise ConvmathError(f"role must be one of {', '.join(COLORS)}; got {role!r}")
    return [
        Patch(
            facecolor=COLORS[role],
            edgecolor=EDGES[role],
            linestyle=LINESTYLES[role],
            linewidth=0.8,
            label=ROLE_LABELS[role],
        )
        for role in chosen
    ]
