"""``cnn-vs-fc``: local vs global connectivity, and what it does to the parameter count.

Top: one unit of a fully connected layer sees every pixel of the image; one unit of a
convolution sees a 3 x 3 patch, and every unit shares those 9 weights. Bottom left: the
layers of a small CNN (two 3 x 3 convolutions with 2 x 2 pooling, global average pooling, a
10-way classifier) against an MLP (two hidden layers of 512) on the same 32 x 32 RGB image,
counted by :func:`convmath.symbolic.conv_parameter_counts` and
:func:`convmath.symbolic.parameter_counts` (weights and biases). Bottom right: the totals as
the image grows -- the CNN's stays fixed, the MLP's grows with the number of pixels.

Examples
--------
>>> cnn, mlp = layer_counts(32)
>>> # conv 3 -> 16 with 3 x 3 kernels: 448 = 16 * 3 * 9 + 16
>>> cnn[0], sum(n for _, n in cnn), mlp[0]
(('conv 3×3, 3→16', 448), 5418, ('dense 3072→512', 1573376))
"""

from __future__ import annotations

from typing import Any

import numpy as np

from convmath.figures.colors import COLORS, EDGES
from convmath.figures.grids import draw_grid
from convmath.figures.marks import highlight_cells, outline_region
from convmath.figures.palette import SERIES
from convmath.figures.registry import FigureSpec, Layout
from convmath.figures.style import is_single_column, panel_title

__all__ = ["FIGURE", "draw", "layer_counts"]

# the two models: the same colours as in sparse-interaction
_CNN, _MLP = SERIES["convolution"], SERIES["fully connected"]


def layer_counts(
    side: int, *, channels: int = 3, widths: tuple[int, int] = (16, 32), hidden: int = 512
) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Per-layer parameter counts ``(label, count)`` of the CNN and of the MLP.

    CNN: ``conv 3x3 (padding 1) -> 2x2 pool -> conv 3x3 -> 2x2 pool -> global average pool ->
    dense to 10``. MLP: ``flatten -> dense hidden -> dense hidden -> dense 10``. Pooling has
    no parameters.
    """
    from convmath.symbolic import conv_parameter_counts, parameter_counts

    c1, c2 = widths
    cnn = [
        (
            f"conv 3×3, {channels}→{c1}",
            int(conv_parameter_counts((channels, side, side), c1, (3, 3), padding=1).shared),
        ),
        (
            f"conv 3×3, {c1}→{c2}",
            int(conv_parameter_counts((c1, side // 2, side // 2), c2, (3, 3), padding=1).shared),
        ),
        (f"dense {c2}→10", int(parameter_counts(c2, 10, c2, bias=True).dense)),
    ]
    pixels = channels * side * side
    mlp = [
        (
            f"dense {pixels}→{hidden}",
            int(parameter_counts(pixels, hidden, pixels, bias=True).dense),
        ),
        (
            f"dense {hidden}→{hidden}",
            int(parameter_counts(hidden, hidden, hidden, bias=True).dense),
        ),
        (f"dense {hidden}→10", int(parameter_counts(hidden, 10, hidden, bias=True).dense)),
    ]
    return cnn, mlp


def _connectivity(ax: Any, size: int, patch: int | None, title: tuple[str, str]) -> None:
    """An image grid, the cells one unit sees, lines from them to the unit."""
    from matplotlib.patches import Circle

    draw_grid(ax, np.full((size, size), None), fmt=None, colors="input", linewidth=0.4)
    if patch is None:
        cells = [(r, c) for r in range(size) for c in range(size)]
    else:
        start = (size - patch) // 2
        cells = [(start + r, start + c) for r in range(patch) for c in range(patch)]
        outline_region(ax, (start, start), (patch, patch), linewidth=1.6)
    highlight_cells(ax, cells, EDGES["kernel"], fill=COLORS["kernel"], linewidth=0.6)
    unit = (size + 2.6, size / 2)
    for r, c in cells:
        ax.plot(
            [c + 0.5, unit[0] - 0.45],
            [r + 0.5, unit[1]],
            color=EDGES["kernel"],
            linewidth=0.45,
            alpha=0.7,
            zorder=4,
        )
    ax.add_patch(
        Circle(unit, 0.45, facecolor=COLORS["output"], edgecolor=EDGES["output"], lw=1, zorder=5)
    )
    ax.text(unit[0], unit[1] + 0.75, "unit", ha="center", va="top", fontsize=7)
    ax.set_xlim(-0.2, size + 3.4)
    ax.set_ylim(size + 0.3, -0.3)
    panel_title(ax, *title)


def draw(
    axes: dict[str, Any],
    *,
    side: int = 32,
    grid: int = 8,
    sides: tuple[int, ...] = (16, 32, 64, 128, 256),
) -> None:
    """Connectivity of one unit (fully connected, convolution); counts per layer; growth."""
    pixels = grid * grid
    _connectivity(axes["fc"], grid, None, ("a", f"fully connected\n{pixels} weights per unit"))
    _connectivity(axes["cnn"], grid, 3, ("b", "convolution\n9 weights, shared"))
    _draw_counts(axes["counts"], side)
    _draw_growth(axes["growth"], sides)


def _draw_counts(ax: Any, side: int) -> None:
    """Parameters per layer of both models, as bars on a log scale."""
    from matplotlib.patches import Patch

    cnn, mlp = layer_counts(side)
    rows = [*cnn, *mlp]
    colors = [_CNN] * len(cnn) + [_MLP] * len(mlp)
    ys = np.arange(len(rows))[::-1].astype(float)
    ys[: len(cnn)] += 0.6  # a gap between the two models
    ax.barh(ys, [n for _, n in rows], color=colors, height=0.7)
    for y, (_, count) in zip(ys, rows):
        ax.text(count * 1.25, y, f"{count:,}", va="center", fontsize=7)
    ax.set_yticks(ys, [label for label, _ in rows])
    ax.tick_params(axis="y", length=0, labelsize=7)
    ax.set_xscale("log")
    ax.set_xlim(10, 10**8)
    ax.set_xlabel("parameters (weights + biases)")
    ax.legend(
        handles=[Patch(color=_CNN, label="CNN"), Patch(color=_MLP, label="MLP")],
        loc="upper right",
        fontsize=7,
    )
    total_cnn, total_mlp = sum(n for _, n in cnn), sum(n for _, n in mlp)
    gap = "\n" if is_single_column(ax.figure) else " "
    panel_title(
        ax,
        "c",
        f"{side}×{side} RGB:{gap}CNN {total_cnn:,}, MLP {total_mlp:,} "
        f"({total_mlp / total_cnn:.0f}×)",
    )


def _draw_growth(ax: Any, sides: tuple[int, ...]) -> None:
    """Total parameters of both models against the image side."""
    cnn_totals = [sum(n for _, n in layer_counts(s)[0]) for s in sides]
    mlp_totals = [sum(n for _, n in layer_counts(s)[1]) for s in sides]
    ax.plot(sides, mlp_totals, marker="s", markersize=3, color=_MLP, label="MLP")
    ax.plot(sides, cnn_totals, marker="o", markersize=3, color=_CNN, label="CNN")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xticks(list(sides), [str(s) for s in sides])
    ax.set_xlabel("image side (pixels)")
    ax.set_ylabel("parameters")
    ax.set_ylim(10**3, 10**9)
    ax.grid(True, linewidth=0.3, alpha=0.5)
    ax.legend(fontsize=7, loc="center right")
    panel_title(ax, "d", "totals as the image grows")


FIGURE = FigureSpec(
    name="cnn-vs-fc",
    description="CNN against MLP. (a) a fully connected unit sees all 64 pixels, with 64 "
    "weights of its own; (b) a convolution unit sees a 3×3 patch through 9 weights shared by "
    "every position; (c) the parameters (weights and biases) per layer of a small CNN and an "
    "MLP on a 32×32 RGB image; (d) their totals as the image grows: the CNN's stay fixed, the "
    "MLP's grow with the number of pixels",
    layout=[["fc", "cnn"], ["counts", "growth"]],
    draw=draw,
    aspect=0.62,
    width="double",
    mosaic_kw={"height_ratios": [1.1, 1]},
    other_width=Layout(
        [["fc", "cnn"], ["counts", "counts"], ["growth", "growth"]],
        1.45,
        {"height_ratios": [1, 1.3, 1.2]},
    ),
)
