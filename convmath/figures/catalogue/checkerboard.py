"""``checkerboard``: uneven overlap of transposed convolution (Odena, Dumoulin & Olah 2016).

A transposed convolution with stride ``s`` scatters a ``k x k`` copy of the kernel around
every input element, ``s`` cells apart. How many copies land on each output cell is the
transposed convolution of an all-ones input with an all-ones kernel
(:func:`convmath.numeric.conv_transpose`). When ``k`` is not a multiple of ``s`` the count
alternates -- the checkerboard artefact -- while ``k = 4, s = 2`` covers the interior evenly.

Examples
--------
>>> # output 7 = (3 - 1) * 2 + 3; counts 1, 2, 1, 2, ... and 4 where rows and columns overlap
>>> overlap_counts(3, 3, 2)[:3, :3].tolist()
[[1.0, 1.0, 2.0], [1.0, 1.0, 2.0], [2.0, 2.0, 4.0]]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from convmath.figures.colors import COLORS, EDGES
from convmath.figures.grids import draw_grid
from convmath.figures.registry import FigureSpec, Layout
from convmath.figures.style import is_single_column, panel_title

__all__ = ["FIGURE", "draw", "overlap_counts"]


def overlap_counts(size: int, kernel: int, stride: int) -> np.ndarray:
    """Copies of the kernel covering each output cell of a ``size x size`` input.

    Examples
    --------
    >>> # 1-D view of k = 4, s = 2: 6 = (2 - 1) * 2 + 4 cells, counts 1 1 2 2 1 1
    >>> overlap_counts(2, 4, 2)[0].tolist()
    [1.0, 1.0, 2.0, 2.0, 1.0, 1.0]
    """
    from convmath.numeric import conv_transpose

    ones = np.ones((1, size, size))
    kernel_ones = np.ones((1, 1, kernel, kernel))
    return conv_transpose(ones, kernel_ones, stride=stride)[0]


def draw(
    axes: dict[str, Any],
    *,
    size: int = 4,
    stride: int = 2,
    kernels: tuple[int, int] = (3, 4),
) -> None:
    """One overlap-count map per kernel size, coloured and written, with its 1-D profile."""
    maps = [overlap_counts(size, k, stride) for k in kernels]
    top = max(float(m.max()) for m in maps)
    single = is_single_column(axes["a"].figure)
    for key, k, counts in zip(("a", "b"), kernels, maps):
        ax = axes[key]
        n = counts.shape[0]
        draw_grid(ax, counts, fmt="{:g}", cmap="Greens", vmin=0, vmax=top * 1.25, fontsize=7)
        even = k % stride == 0
        inner = counts[k - 1 : n - k + 1, k - 1 : n - k + 1] if n > 2 * (k - 1) else counts
        values = ", ".join(f"{v:g}" for v in np.unique(inner))
        verdict = "even overlap" if even else "checkerboard"
        sizes = "" if single else f", {size}×{size} → {n}×{n}"
        panel_title(ax, key, f"k = {k}, s = {stride}{sizes}\n{verdict} ({values})")
        ax.set_xlim(-0.2, n + 0.2)
        ax.set_ylim(n + 0.2, -0.2)

        profile = axes[key + "p"]
        middle = counts[n // 2]
        profile.bar(
            np.arange(n) + 0.5,
            middle,
            width=0.8,
            color=COLORS["output"],
            edgecolor=EDGES["output"],
            linewidth=0.6,
        )
        profile.set_xlim(0, n)
        profile.set_ylim(0, top + 0.5)
        profile.set_yticks(range(0, int(top) + 1, 2))
        profile.set_xticks([])
        profile.set_ylabel("copies", fontsize=7)
        profile.set_title(f"row {n // 2}", fontsize=7, pad=2)


FIGURE = FigureSpec(
    name="checkerboard",
    description="How many kernel copies a transposed convolution adds into each output cell "
    "(4×4 input, stride 2), with the middle row's counts as bars below. (a) k = 3: k mod s = 1, "
    "the overlap is uneven inside (1, 2, 4), a checkerboard; (b) k = 4: k mod s = 0, every "
    "inner cell gets the same 4 copies",
    layout=[["a", "b"], ["ap", "bp"]],
    draw=draw,
    aspect=0.55,
    width="double",
    mosaic_kw={"height_ratios": [4, 1]},
    other_width=Layout([["a", "b"], ["ap", "bp"]], 0.72, {"height_ratios": [3.4, 1]}),
)
