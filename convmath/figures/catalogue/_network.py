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

from convmath.figures.grids import COLORS, EDGES

__all__ = ["draw_network"]


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
    from matplotlib.patches import Circle

    entries = np.asarray(matrix, dtype=object)
    rows, cols = entries.shape
    width = max(rows, cols)
    x_in = np.arange(cols) + (width - cols) / 2
    x_out = np.arange(rows) + (width - rows) / 2
    y_in, y_out = 0.0, 1.6
    affected = set()
    artists: dict[str, list[Any]] = {"edges": [], "inputs": [], "outputs": []}
    for i in range(rows):
        for j in range(cols):
            entry = entries[i, j]
            if entry == 0:
                continue
            hot = j == highlight_input
            if hot:
                affected.add(i)
            color = EDGES["kernel"] if hot else "#9A9A9A"
            if edge_color is not None and not hot:
                color = edge_color(i, j, entry)
            (line,) = ax.plot(
                [x_in[j], x_out[i]],
                [y_in, y_out],
                color=color,
                lw=linewidth * (1.8 if hot else 1.0),
                zorder=3 if hot else 1,
                solid_capstyle="round",
            )
            artists["edges"].append(line)
    faces = list(input_colors) if input_colors is not None else [COLORS["input"]] * cols
    for j in range(cols):
        node = Circle(
            (x_in[j], y_in),
            node_size,
            facecolor=faces[j],
            edgecolor=EDGES["kernel"] if j == highlight_input else EDGES["input"],
            linewidth=1.4 if j == highlight_input else 0.8,
            zorder=4,
        )
        artists["inputs"].append(ax.add_patch(node))
        ax.text(
            x_in[j],
            y_in,
            f"${input_label}_{{{j + 1}}}$",
            ha="center",
            va="center",
            fontsize=6.5,
            zorder=5,
        )
    for i in range(rows):
        face = EDGES["output"] if i in affected else COLORS["output"]
        node = Circle(
            (x_out[i], y_out),
            node_size,
            facecolor=face,
            edgecolor=EDGES["output"],
            linewidth=0.8,
            zorder=4,
        )
        artists["outputs"].append(ax.add_patch(node))
        ax.text(
            x_out[i],
            y_out,
            f"${output_label}_{{{i + 1}}}$",
            ha="center",
            va="center",
            fontsize=6.5,
            color="white" if i in affected else "black",
            zorder=5,
        )
    ax.set_xlim(-0.6, width - 0.4)
    ax.set_ylim(-0.55, y_out + 0.55)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return artists
