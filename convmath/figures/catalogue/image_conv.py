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
from convmath.figures.grids import EDGES, draw_grid, grid_arrow, highlight_cells, outline_region
from convmath.figures.registry import FigureSpec

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
        terms = " + ".join(f"{x[r + i, c + j]:g}·{_signed(w[i, j])}" for j in range(kw))
        lines.append(terms if i == 0 else f"+ {terms}")
    return lines


def _signed(value: Any) -> str:
    return f"({value:g})".replace("-", "−") if value < 0 else f"{value:g}"


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
            f"got {position!r}"
        )
    kh, kw = w.shape
    centre = (r + kh // 2, c + kw // 2)

    ax_in, ax_k, ax_out = axes["input"], axes["kernel"], axes["output"]
    draw_grid(ax_in, x, title=f"input {x.shape[0]}×{x.shape[1]}")
    covered = [(r + i, c + j) for i in range(kh) for j in range(kw)]
    highlight_cells(ax_in, covered, EDGES["kernel"], fill="#F5D9A0", linewidth=0.6, zorder=1.5)
    outline_region(ax_in, (r, c), (kh, kw), linewidth=2.0)
    highlight_cells(ax_in, [centre], EDGES["output"], linewidth=1.6, zorder=5)

    draw_grid(
        ax_k,
        w,
        colors="kernel",
        fmt=lambda v: f"{v:g}".replace("-", "−"),
        title=f"kernel {kh}×{kw}",
    )

    # the output sits where the window centres are: offset by half the kernel
    offset = (kw // 2, kh // 2)
    frame = np.full(x.shape, np.nan)
    draw_grid(ax_out, frame, colors="white", fmt=None, linewidth=0.4)
    for cell in ax_out.patches:
        cell.set_linestyle("dotted")
        cell.set_edgecolor("#BBBBBB")
    out = draw_grid(
        ax_out,
        y,
        colors="output",
        fmt=lambda v: f"{v:g}".replace("-", "−"),
        origin=offset,
    )
    ax_out.text(
        x.shape[1] / 2,
        -0.25,
        f"output {y.shape[0]}×{y.shape[1]} (at the window centres)",
        ha="center",
        va="bottom",
        fontsize=7,
    )
    highlight_cells(ax_out, [(r, c)], EDGES["output"], origin=offset, linewidth=2.0, zorder=5)
    out.texts[r * y.shape[1] + c].set_fontweight("bold")

    for ax in (ax_in, ax_out):
        ax.set_xlim(-0.2, x.shape[1] + 0.2)
        ax.set_ylim(x.shape[0] + 0.2, -0.9)
    ax_k.set_xlim(-0.5, kw + 0.5)
    ax_k.set_ylim(kh + 0.35, -0.2)

    lines = multiply_add(x, w, (r, c))
    value = float(y[r, c])
    ax_sum = axes["sum"]
    ax_sum.set_axis_off()
    ax_sum.text(
        0.5,
        0.88,
        "multiply the covered cells by the kernel, add:",
        ha="center",
        va="top",
        fontsize=6.5,
        transform=ax_sum.transAxes,
    )
    ax_sum.text(
        0.5,
        0.62,
        "\n".join(lines[:-1] + [f"{lines[-1]} = {value:g}".replace("-", "−")]),
        ha="center",
        va="top",
        fontsize=7,
        linespacing=1.5,
        transform=ax_sum.transAxes,
    )
    # window -> the sum -> the output cell (entering from below, where the frame is empty)
    grid_arrow(
        ax_in,
        (c + kw + 0.15, centre[0] + 0.5),
        ax_sum,
        (0.1, 0.45),
        color=EDGES["kernel"],
        linewidth=1.1,
    )
    grid_arrow(
        ax_sum,
        (0.86, 0.2),
        ax_out,
        (offset[0] + c + 0.5, offset[1] + r + 1.05),
        color=EDGES["output"],
        linewidth=1.1,
        connectionstyle="angle3,angleA=0,angleB=90",
    )


FIGURE = FigureSpec(
    name="image-conv",
    description="A 3×3 kernel over a 5×5 grid: covered cells, the multiply-add, the result at the centre",
    layout=[["input", "kernel", "output"], ["input", "sum", "output"]],
    draw=draw,
    aspect=0.36,
    width="double",
    mosaic_kw={"width_ratios": [1, 1.1, 1], "height_ratios": [1, 1]},
)
