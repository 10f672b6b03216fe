"""Connection diagrams: inputs ``x_j`` in a row, outputs ``s_i`` above, one line per weight.

The lines are the nonzero entries of a layer's matrix (``s = M x``), so a diagram is exactly
as sparse as the matrix convmath computed.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> # a 2 x 3 dense matrix: 6 = 2 * 3 connections
>>> len(draw_network(ax, [[1, 1, 1], [1, 1, 1]])["edges"])
6
>>> plt.close(fig)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from convmath.figures.colors import COLORS, EDGES
from convmath.figures.palette import SERIES

__all__ = ["draw_network"]

# heights of the input row and the output row
_Y_IN, _Y_OUT = 0.0, 1.6


def draw_network(
    ax: Any,
    matrix: Any,
    *,
    edge_color: Callable[[int, int, Any], str] | None = None,
    highlight_input: int | None = None,
    input_label: str = "x",
    output_label: str = "s",
    node_size: float = 0.26,
    linewidth: float = 0.9,
    input_colors: Iterable[str] | None = None,
) -> dict[str, list[Any]]:
    """Draw the bipartite graph of `matrix` (rows = outputs on top, columns = inputs below).

    Parameters
    ----------
    matrix : 2-D array_like
        An entry that is not zero (numbers) or not ``0`` (SymPy) is a connection.
    edge_color : callable, optional
        ``edge_color(row, column, entry) -> colour``; default grey.
    highlight_input : int, optional
        Column whose connections are drawn thick in the kernel colour, and whose outputs are
        filled darker (the outputs this input affects).
    input_colors : iterable of str, optional
        Face colour of each input node (default the input tint).

    Returns
    -------
    dict with lists ``"edges"``, ``"inputs"``, ``"outputs"`` of artists.
    """
    entries = np.asarray(matrix, dtype=object)
    rows, cols = entries.shape
    width = max(rows, cols)
    x_in = np.arange(cols) + (width - cols) / 2
    x_out = np.arange(rows) + (width - rows) / 2
    edges, affected = _draw_edges(
        ax, entries, (x_in, x_out), edge_color, highlight_input, linewidth
    )
    faces = list(input_colors) if input_colors is not None else [COLORS["input"]] * cols
    hot = [j == highlight_input for j in range(cols)]
    inputs = [
        _draw_node(
            ax,
            (x_in[j], _Y_IN),
            node_size,
            f"${input_label}_{{{j + 1}}}$",
            face=faces[j],
            edge=EDGES["kernel"] if hot[j] else EDGES["input"],
            linewidth=1.4 if hot[j] else 0.8,
        )
        for j in range(cols)
    ]
    outputs = [
        _draw_node(
            ax,
            (x_out[i], _Y_OUT),
            node_size,
            f"${output_label}_{{{i + 1}}}$",
            face=EDGES["output"] if i in affected else COLORS["output"],
            edge=EDGES["output"],
            linewidth=0.8,
            text_color="white" if i in affected else "black",
        )
        for i in range(rows)
    ]
    ax.set_xlim(-0.6, width - 0.4)
    ax.set_ylim(-0.55, _Y_OUT + 0.55)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return {"edges": edges, "inputs": inputs, "outputs": outputs}


def _draw_edges(
    ax: Any,
    entries: np.ndarray,
    xs: tuple[np.ndarray, np.ndarray],
    edge_color: Callable[[int, int, Any], str] | None,
    highlight_input: int | None,
    linewidth: float,
) -> tuple[list[Any], set[int]]:
    """One line per nonzero entry; returns the lines and the outputs the highlighted input
    reaches."""
    (x_in, x_out), affected = xs, set()
    lines = []
    for (i, j), entry in np.ndenumerate(entries):
        if entry == 0:
            continue
        hot = j == highlight_input
        if hot:
            affected.add(i)
        color = EDGES["kernel"] if hot else SERIES["reference"]
        if edge_color is not None and not hot:
            color = edge_color(i, j, entry)
        (line,) = ax.plot(
            [x_in[j], x_out[i]],
            [_Y_IN, _Y_OUT],
            color=color,
            lw=linewidth * (1.8 if hot else 1.0),
            zorder=3 if hot else 1,
            solid_capstyle="round",
        )
        lines.append(line)
    return lines, affected


def _draw_node(
    ax: Any,
    xy: tuple[float, float],
    radius: float,
    label: str,
    *,
    face: str,
    edge: str,
    linewidth: float,
    text_color: str = "black",
) -> Any:
    """A circle with its label in the middle; returns the circle."""
    from matplotlib.patches import Circle

    node = ax.add_patch(
        Circle(xy, radius, facecolor=face, edgecolor=edge, linewidth=linewidth, zorder=4)
    )
    ax.text(*xy, label, ha="center", va="center", fontsize=7, color=text_color, zorder=5)
    return node
