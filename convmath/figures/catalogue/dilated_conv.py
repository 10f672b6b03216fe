"""``dilated-conv``: dilated kernel footprints, receptive-field growth, and the gridding pattern.

Top left: a 3 x 3 kernel with dilation 1, 2, 3 covers 3 x 3, 5 x 5, 7 x 7 inputs
(:func:`convmath.numeric.effective_kernel_shape`) with only 9 taps. Top right: which input
cells reach one output of three stacked 3 x 3 layers -- the full convolution of the layers'
tap patterns (:func:`convmath.numeric.convolve_full`): dilations 2, 2, 2 leave holes (the
gridding artefact), 1, 2, 3 cover every cell. Bottom: a stack of kernel-2 layers with
dilations 1, 2, 4, 8 (WaveNet) sees ``2^L`` inputs
(:func:`convmath.symbolic.receptive_field`), against ``L + 1`` without dilation.

Examples
--------
>>> # 3 layers, dilation 2: extent 13 = 1 + 3 * 2 * (3 - 1); every other cell is a hole
>>> reach = stack_reach(3, (2, 2, 2))
>>> reach.shape, int((reach == 0).sum())
((13, 13), 120)
>>> int((stack_reach(3, (1, 2, 3)) == 0).sum())
0
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from convmath.figures.colors import COLORS, EDGES
from convmath.figures.grids import draw_grid
from convmath.figures.marks import highlight_cells, outline_region
from convmath.figures.palette import CASES, SERIES
from convmath.figures.registry import FigureSpec, Layout
from convmath.figures.style import is_single_column, panel_title

__all__ = ["FIGURE", "draw", "footprint", "stack_reach", "tree_edges"]


def footprint(kernel: int, dilation: int, ndim: int = 2) -> np.ndarray:
    """0/1 array of the cells a dilated kernel touches, of its effective size.

    Examples
    --------
    >>> # 5 = 2 * (3 - 1) + 1
    >>> footprint(3, 2, ndim=1).tolist()
    [1.0, 0.0, 1.0, 0.0, 1.0]
    """
    from convmath.numeric import effective_kernel_shape

    extent = effective_kernel_shape((kernel,) * ndim, dilation)
    taps = np.zeros(extent)
    taps[tuple(slice(None, None, dilation) for _ in range(ndim))] = 1.0
    return taps


def stack_reach(kernel: int, dilations: Sequence[int]) -> np.ndarray:
    """Number of paths from each input cell to one output of stacked dilated 2-D layers.

    The full convolution of the layers' footprints (zero: the cell never reaches the output).
    """
    from convmath.numeric import convolve_full

    reach = footprint(kernel, dilations[0])
    for d in dilations[1:]:
        reach = convolve_full(reach, footprint(kernel, d))
    return reach


def tree_edges(dilations: Sequence[int], width: int) -> list[tuple[int, int, int]]:
    """Connections ``(layer, position, input position)`` reaching the last unit of the top.

    Causal kernel-2 layers: unit ``u`` of layer ``l + 1`` reads ``u`` and ``u - d_l`` of
    layer ``l`` (layer 0 is the input).

    Examples
    --------
    >>> tree_edges([1], 4)
    [(1, 3, 3), (1, 3, 2)]
    """
    edges = []
    reached = {width - 1}
    for layer in range(len(dilations), 0, -1):
        d = dilations[layer - 1]
        below = set()
        for u in sorted(reached, reverse=True):
            for v in (u, u - d):
                if v >= 0:
                    edges.append((layer, u, v))
                    below.add(v)
        reached = below
    return edges


def _footprints(axes: dict[str, Any], kernel: int, dilations: Sequence[int]) -> None:
    from convmath.numeric import effective_kernel_shape

    size = max(effective_kernel_shape((kernel,), d)[0] for d in dilations)
    for letter, key, d in zip("abc", ("d1", "d2", "d3"), dilations):
        ax = axes[key]
        taps = footprint(kernel, d)
        extent = taps.shape[0]
        start = (size - extent) // 2
        draw_grid(ax, np.full((size, size), None), fmt=None, colors="input", linewidth=0.4)
        cells = [(start + r, start + c) for r, c in zip(*np.nonzero(taps))]
        highlight_cells(ax, cells, EDGES["kernel"], fill=COLORS["kernel"], linewidth=1.0)
        outline_region(ax, (start, start), (extent, extent), linestyle="dashed", linewidth=1.0)
        gap = "\n" if is_single_column(ax.figure) else ", "
        panel_title(ax, letter, f"d = {d}{gap}span {extent}×{extent}")


def _gridding(axes: dict[str, Any], kernel: int, stacks: Sequence[Sequence[int]]) -> None:
    for letter, key, dilations in zip("de", ("g1", "g2"), stacks):
        ax = axes[key]
        reach = stack_reach(kernel, dilations)
        holes = int((reach == 0).sum())
        draw_grid(ax, reach, fmt=None, cmap="Blues", vmin=-0.3 * reach.max(), linewidth=0.2)
        for cell, value in zip(ax.patches, reach.ravel()):
            if value == 0:
                cell.set_facecolor("white")
        text = ", ".join(map(str, dilations))
        verdict = f"{holes} holes" if holes else "no holes"
        panel_title(ax, letter, f"d = {text}\n{verdict}")


def _tree(ax: Any, dilations: Sequence[int], width: int) -> None:
    from convmath.symbolic import receptive_field

    layers = len(dilations)
    edges = tree_edges(dilations, width)
    used = {(layer - 1, v) for layer, _, v in edges} | {(layers, width - 1)}
    for layer, u, v in edges:
        ax.plot([u, v], [layer, layer - 1], color=EDGES["kernel"], linewidth=0.9, zorder=1)
    for layer in range(layers + 1):
        xs = np.arange(width)
        on = np.array([(layer, u) in used for u in range(width)])
        if layer == 0:
            face, edge = COLORS["input"], EDGES["input"]
        elif layer == layers:
            face, edge = COLORS["output"], EDGES["output"]
        else:
            face, edge = SERIES["background"], SERIES["text"]
        ax.scatter(xs[~on], [layer] * int((~on).sum()), s=9, color=SERIES["muted"], zorder=2)
        ax.scatter(
            xs[on], [layer] * int(on.sum()), s=16, color=face, edgecolor=edge, lw=0.7, zorder=3
        )
        label = "input" if layer == 0 else f"d = {dilations[layer - 1]}"
        ax.text(-0.8, layer, label, ha="right", va="center", fontsize=7)
    rf = receptive_field(2, dilation=list(dilations))
    panel_title(
        ax, "f", f"kernel 2, d = {', '.join(map(str, dilations))}: {rf.size} = $2^{layers}$ inputs"
    )
    ax.set_xlim(-3.2, width - 0.4)
    ax.set_ylim(-0.5, layers + 0.5)
    ax.set_axis_off()


def _growth(ax: Any, max_layers: int) -> None:
    import sympy

    from convmath.symbolic import stack_receptive_field

    layers = np.arange(1, max_layers + 1)
    cases = (
        ("kernel 3, no dilation", dict(kernel=3), CASES[0], "o"),
        ("kernel 2, dilation $2^l$", dict(kernel=2, dilation="2^l"), CASES[1], "s"),
        ("kernel 3, dilation $2^l$", dict(kernel=3, dilation="2^l"), CASES[2], "^"),
    )
    for label, params, color, marker in cases:
        rf = stack_receptive_field("L", **params)
        (symbol,) = rf.size.free_symbols
        sizes = [int(rf.size.subs(symbol, int(n))) for n in layers]
        formula = f"${sympy.latex(rf.size)}$"
        ax.plot(
            layers, sizes, marker=marker, markersize=3, color=color, label=f"{label}: {formula}"
        )
    ax.set_yscale("log", base=2)
    ax.set_ylim(top=ax.get_ylim()[1] * 4)  # room for the legend above the curves
    ax.set_xlabel("layers $L$")
    ax.set_ylabel("receptive field")
    ax.legend(fontsize=7, loc="upper left")
    ax.grid(True, linewidth=0.3, alpha=0.5)
    panel_title(ax, "g", "receptive field against depth")


def draw(
    axes: dict[str, Any],
    *,
    kernel: int = 3,
    dilations: Sequence[int] = (1, 2, 3),
    gridding: Sequence[Sequence[int]] = ((2, 2, 2), (1, 2, 3)),
    tree_dilations: Sequence[int] = (1, 2, 4, 8),
    max_layers: int = 8,
) -> None:
    """Footprints, gridding, the dilated tree and the receptive-field curves."""
    _footprints(axes, kernel, dilations)
    _gridding(axes, kernel, gridding)
    width = 2 ** len(tree_dilations) + 4
    _tree(axes["tree"], tree_dilations, width)
    _growth(axes["rf"], max_layers)


FIGURE = FigureSpec(
    name="dilated-conv",
    description="Dilated convolution. (a)-(c) the taps of a 3×3 kernel at dilations 1, 2, 3 "
    "and the span they cover (dashed); (d), (e) the input cells that reach one output through "
    "three 3×3 layers (darker: more paths): dilations 2, 2, 2 leave holes (gridding), "
    "1, 2, 3 do not; (f) kernel 2 with dilations 1, 2, 4, 8: one output sees 2^4 inputs; "
    "(g) the receptive field growing linearly without dilation, exponentially with dilation 2^l",
    layout=[["d1", "d2", "d3", "g1", "g2"], ["tree", "tree", "tree", "rf", "rf"]],
    draw=draw,
    aspect=0.55,
    width="double",
    other_width=Layout(
        [
            ["d1", "d1", "d2", "d2", "d3", "d3"],
            ["g1", "g1", "g1", "g2", "g2", "g2"],
            ["tree"] * 6,
            ["rf"] * 6,
        ],
        1.45,
        {"height_ratios": [1, 1.25, 1.1, 1.5]},
    ),
)
