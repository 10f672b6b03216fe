"""``box-blur``: the 3 x 3 kernel of 1/9 on a photograph, in grey and in RGB, before and after.

Each output pixel is the mean of the 3 x 3 neighbourhood around it, which smooths the
differences between neighbouring pixels. Grey: one channel; RGB: each channel convolved on
its own (``groups=3``). All by :func:`convmath.numeric.conv` (replicate padding keeps the
size and the border brightness).

Examples
--------
>>> import numpy as np
>>> k = box_kernel(3)
>>> # 9 = 3 * 3 entries of 1/9
>>> k.shape, bool(np.isclose(k.sum(), 1))
((3, 3), True)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from convmath.errors import ConvmathError
from convmath.figures.catalogue._photo import grey, photograph, show
from convmath.figures.colors import EDGES
from convmath.figures.grids import draw_grid
from convmath.figures.registry import FigureSpec, Layout
from convmath.figures.style import panel_title

__all__ = ["FIGURE", "draw", "box_kernel", "blur"]


def box_kernel(size: int = 3) -> np.ndarray:
    """The ``size x size`` averaging kernel, every entry ``1 / size²``."""
    if not isinstance(size, int) or isinstance(size, bool) or size < 1 or size % 2 == 0:
        raise ConvmathError(f"size must be an odd positive integer; got {size!r}", argument="size")
    return np.full((size, size), 1.0 / size**2)


def blur(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Convolve each channel of `image` ``(C, H, W)`` with `kernel`, output the same size.

    Examples
    --------
    >>> x = np.arange(16.0).reshape(1, 4, 4)
    >>> # output 4 x 4: padding 1 on each side = (3 - 1) / 2
    >>> blur(x, box_kernel(3))[0, 1:3, 1:3]
    array([[ 5.,  6.],
           [ 9., 10.]])
    """
    from convmath.numeric import conv

    channels = image.shape[0]
    weights = np.broadcast_to(kernel, (channels, 1, *kernel.shape))
    half = kernel.shape[0] // 2
    return conv(image, weights, padding=half, padding_mode="replicate", groups=channels)


def _fraction(value: float) -> str:
    fraction = Fraction(value).limit_denominator(1000)
    return f"{fraction.numerator}/{fraction.denominator}" if fraction.denominator > 1 else "1"


def draw(
    axes: dict[str, Any],
    *,
    size: int = 3,
    reduce: int = 4,
    detail: tuple[int, int, int] = (28, 34, 40),
) -> None:
    """Grey and RGB photograph before/after the box blur, the kernel, and a magnified detail.

    `detail` is ``(row, column, side)`` of the square crop magnified in the last panel.
    """
    from matplotlib.patches import Rectangle

    kernel = box_kernel(size)
    rgb = photograph(reduce)
    rgb_blurred = blur(rgb, kernel)
    grey_image = grey(rgb)
    grey_blurred = blur(grey_image[None], kernel)[0]

    height, width = grey_image.shape
    show(axes["grey"], grey_image, f"(a) grey, {height}×{width} px")
    show(axes["grey_blur"], grey_blurred, f"(b) grey ∗ box {size}×{size}")
    show(axes["rgb"], rgb, "(c) RGB")
    show(axes["rgb_blur"], rgb_blurred, f"(d) RGB ∗ box {size}×{size}")

    draw_grid(axes["kernel"], kernel, colors="kernel", fmt=_fraction)
    panel_title(axes["kernel"], "e", f"box {size}×{size}")
    axes["kernel"].set_xlim(-0.3, size + 0.3)
    axes["kernel"].set_ylim(size + 0.3, -0.3)
    axes["kernel"].set_anchor("N")

    row, col, side = detail
    if not (row >= 0 and col >= 0 and row + side <= height and col + side <= width and side > 1):
        raise ConvmathError(
            f"detail must be a crop (row, column, side) inside {height}×{width}; got {detail!r}",
            argument="detail",
        )
    crop = (slice(row, row + side), slice(col, col + side))
    gap = np.ones((side, 2))
    both = np.hstack([grey_image[crop], gap, grey_blurred[crop]])
    show(axes["detail"], both, "(f) before | after")
    axes["detail"].set_anchor("N")
    for key in ("grey", "grey_blur"):  # where the detail comes from
        axes[key].add_patch(
            Rectangle(
                (col - 0.5, row - 0.5),
                side,
                side,
                fill=False,
                edgecolor=EDGES["kernel"],
                linewidth=1,
            )
        )


FIGURE = FigureSpec(
    name="box-blur",
    description="The 3×3 box blur (entries 1/9) on a photograph. (a) grey and (b) grey blurred; "
    "(c) RGB and (d) RGB with each channel blurred; (e) the kernel; (f) the 40×40 px detail "
    "outlined in (a) and (b), before and after",
    layout=[["grey", "grey_blur", "kernel"], ["rgb", "rgb_blur", "detail"]],
    draw=draw,
    aspect=0.62,
    width="double",
    mosaic_kw={"width_ratios": [1, 1, 1.25]},
    other_width=Layout([["grey", "grey_blur"], ["rgb", "rgb_blur"], ["kernel", "detail"]], 1.12),
)
